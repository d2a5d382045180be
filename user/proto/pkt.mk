# user/proto/pkt.c: shared packet helpers and their unit test
UNIT_TESTS += $(BUILD)/test_pkt
$(BUILD)/test_pkt: $(BUILD)/unit/test_pkt.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
