# user/proto/dad.c, mld.c: DAD (RFC 4862 §5.4, RFC 7527) and the MLD listener (RFC 3810, 2710)
PROTO_OBJS += $(BUILD)/proto/dad.o $(BUILD)/proto/mld.o
UNIT_TESTS += $(BUILD)/test_dad $(BUILD)/test_mld
$(BUILD)/test_dad: $(BUILD)/unit/test_dad.o $(BUILD)/proto/dad.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/test_mld: $(BUILD)/unit/test_mld.o $(BUILD)/proto/mld.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
