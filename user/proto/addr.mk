# user/proto/addr.c: the address table and the address index (addr.h) that mld.c and dad.c use
# too, so their tests link it (a prerequisite added here lands in their rules' $^).
UNIT_TESTS += $(BUILD)/test_addr
$(BUILD)/test_addr: $(BUILD)/unit/test_addr.o $(BUILD)/proto/addr.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/test_mld $(BUILD)/test_dad: $(BUILD)/proto/addr.o
