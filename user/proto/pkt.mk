# user/proto/pkt.c: shared packet helpers and their unit test (under ASan + UBSan, see err.mk)
UNIT_TESTS += $(BUILD)/test_pkt
$(BUILD)/test_pkt: $(BUILD)/san/unit/test_pkt.o $(BUILD)/san/proto/pkt.o
	$(CC) $(CFLAGS) $(SAN_CFLAGS) $^ -o $@
