# user/proto/mirror.c: mirror mode's decisions (xdp6d --mirror, issue 12)
PROTO_OBJS += $(BUILD)/proto/mirror.o
UNIT_TESTS += $(BUILD)/test_mirror
$(BUILD)/test_mirror: $(BUILD)/unit/test_mirror.o $(BUILD)/proto/mirror.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
# user/io/rtnl.c: the rtnetlink adapter's decoder and live dumps
UNIT_TESTS += $(BUILD)/test_rtnl
$(BUILD)/test_rtnl: $(BUILD)/unit/test_rtnl.o $(BUILD)/io/rtnl.o
	$(CC) $(CFLAGS) $^ -o $@
