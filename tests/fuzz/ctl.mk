# tests/fuzz/ctl.mk: the control-socket fuzz harness (tests/fuzz/fuzz_ctl.c): request parser
# and command dispatcher (user/io/ctl.c, cmd.c) against a fake daemon, libFuzzer + ASan +
# UBSan. Its objects are rebuilt with the sanitizer flags under $(BUILD)/fuzz/ctl/; the binary
# joins FUZZ_TARGETS (the fuzz runner's list); its seed corpus is tests/fuzz/corpus/ctl/
# (tests/fuzz/seeds_ctl.py). By hand: build/fuzz/fuzz_ctl -max_total_time=60 tests/fuzz/corpus/ctl
FUZZ_CC     ?= clang
FUZZ_CFLAGS ?= -fsanitize=fuzzer $(SAN_CFLAGS)

FUZZ_TARGETS += $(BUILD)/fuzz/fuzz_ctl

# The adapters cmd_run() reaches (maps.c with fds -1, xsk.c and nic.c for status, mirror_io.c
# and rtnl.c for a mirror interface's addresses, proxy_io.c for host_ops.proxy_configured: a
# fake interface has no proxy_io, the call returns) and every protocol module; loader.c and
# iface.c (BPF loading) and xdp6d.c (main) stay out: fuzz_ctl.c stands in for the little of
# them cmd.c calls.
FZ_CTL_IO := ctl cmd json parse maps xsk log nic mirror_io proxy_io rtnl reload config opts \
	     metrics capture
FZ_CTL_OBJS := $(BUILD)/fuzz/ctl/fuzz_ctl.o \
	$(patsubst %,$(BUILD)/fuzz/ctl/io/%.o,$(FZ_CTL_IO)) \
	$(patsubst user/proto/%.c,$(BUILD)/fuzz/ctl/proto/%.o,$(wildcard user/proto/*.c))

$(BUILD)/fuzz/ctl/io/%.o: user/io/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/fuzz/ctl/proto/%.o: user/proto/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/fuzz/ctl/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/fuzz/fuzz_ctl: $(FZ_CTL_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)

-include $(wildcard $(BUILD)/fuzz/ctl/*.d $(BUILD)/fuzz/ctl/*/*.d)
