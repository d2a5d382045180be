# user/: xdp6d, xdp6ctl and the protocol modules (owned by the daemon work)
# The sans-I/O host: address table + host API (user/proto/host.h), linked with $(PROTO_OBJS).
HOST_OBJS := $(BUILD)/proto/host.o $(BUILD)/proto/addr.o

UNIT_TESTS += $(BUILD)/test_host
$(BUILD)/test_host: $(BUILD)/unit/test_host.o $(HOST_OBJS) $(PROTO_OBJS)
	$(CC) $(CFLAGS) $^ -o $@
