# user/: xdp6d, xdp6ctl and the protocol modules (their unit tests: tests/unit/unit.mk).
# xdp6d = the sans-I/O host (user/proto, $(PROTO_OBJS)) + the adapters under user/io/ + main.

all: $(BUILD)/xdp6d $(BUILD)/xdp6ctl

# The loader includes the skeleton the bpf/ fragment generates.
$(BUILD)/io/loader.o: $(BUILD)/xdp6.skel.h

$(BUILD)/xdp6d.o: user/xdp6d.c $(BUILD)/xdp6.skel.h | $(BUILD)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/xdp6ctl.o: user/xdp6ctl.c | $(BUILD)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# libsystemd: sd_notify for Type=notify (user/dist/xdp6d.service.in)
LIBSYSTEMD_LIBS := $(shell pkg-config --libs libsystemd 2>/dev/null || echo -lsystemd)
$(BUILD)/xdp6d: $(BUILD)/xdp6d.o $(IO_OBJS) $(PROTO_OBJS)
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS) $(LIBSYSTEMD_LIBS)
$(BUILD)/xdp6ctl: $(BUILD)/xdp6ctl.o
	$(CC) $(CFLAGS) $^ -o $@
