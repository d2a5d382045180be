# user/: xdp6d, xdp6ctl and the protocol modules (owned by the daemon work)
# xdp6d = the sans-I/O host (user/proto, $(PROTO_OBJS)) + the adapters under user/io/ + main.
HOST_OBJS := $(BUILD)/proto/host.o $(BUILD)/proto/addr.o
IO_OBJS := $(patsubst user/io/%.c,$(BUILD)/io/%.o,$(wildcard user/io/*.c))

all: $(BUILD)/xdp6d $(BUILD)/xdp6ctl

# The loader includes the skeleton the bpf/ fragment generates.
$(BUILD)/io/loader.o: $(BUILD)/xdp6.skel.h

$(BUILD)/xdp6d.o: user/xdp6d.c $(BUILD)/xdp6.skel.h | $(BUILD)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/xdp6ctl.o: user/xdp6ctl.c | $(BUILD)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# libsystemd: sd_notify for Type=notify (user/dist/xdp6d.service.in)
LIBSYSTEMD_LIBS := $(shell pkg-config --libs libsystemd 2>/dev/null || echo -lsystemd)
$(BUILD)/xdp6d: $(BUILD)/xdp6d.o $(IO_OBJS) $(HOST_OBJS) $(PROTO_OBJS)
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS) $(LIBSYSTEMD_LIBS)
$(BUILD)/xdp6ctl: $(BUILD)/xdp6ctl.o
	$(CC) $(CFLAGS) $^ -o $@

UNIT_TESTS += $(BUILD)/test_host
$(BUILD)/test_host: $(BUILD)/unit/test_host.o $(HOST_OBJS) $(PROTO_OBJS)
	$(CC) $(CFLAGS) $^ -o $@

# The adapters' pure parts: command-line parsers and the JSON writer.
UNIT_TESTS += $(BUILD)/test_io_parse
$(BUILD)/test_io_parse: $(BUILD)/unit/test_io_parse.o $(BUILD)/io/parse.o $(BUILD)/io/json.o
	$(CC) $(CFLAGS) $^ -o $@

# The configuration engine and the option table (io/config.c, io/opts.c).
UNIT_TESTS += $(BUILD)/test_config
$(BUILD)/test_config: $(BUILD)/unit/test_config.o $(BUILD)/io/config.o $(BUILD)/io/opts.o \
		      $(BUILD)/io/parse.o $(BUILD)/io/log.o $(HOST_OBJS) $(PROTO_OBJS)
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)

# The logger: journald stream protocol, levels, flood guard (io/log.c).
UNIT_TESTS += $(BUILD)/test_log
$(BUILD)/test_log: $(BUILD)/unit/test_log.o $(BUILD)/io/log.o
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)
