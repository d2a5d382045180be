# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/fuzz/: the fast-path property fuzzer (issue 9). build/fuzz/fuzz-xdp drives structured,
# mutated and random frames through BPF_PROG_TEST_RUN on build/xdp6.bpf.o and checks each
# outcome with an RFC checker written independently of bpf/; a sample of the replies is checked
# again by scapy (tests/fuzz/xdp_scapy.py).
#   make fuzz-xdp [FUZZ_XDP_FRAMES=10000000] [FUZZ_XDP_SEED=N] [FUZZ_XDP_SAMPLE=1000]
# `make test` runs tests/fuzz/20_xdp.sh: the regressions in tests/fuzz/xdp_regress/, then a
# short run.
FUZZ_XDP_FRAMES ?= 10000000
FUZZ_XDP_SAMPLE ?= 1000
FUZZ_XDP_SEED ?=
XDP_FUZZ_OBJS := $(addprefix $(BUILD)/fuzz/xdp/,xdp_main.o xdp_check.o xdp_gen.o xdp_selftest.o)

.PHONY: fuzz-xdp
unit: $(BUILD)/fuzz/fuzz-xdp

$(BUILD)/fuzz/xdp:
	mkdir -p $@
$(BUILD)/fuzz/xdp/%.o: tests/fuzz/%.c | $(BUILD)/fuzz/xdp
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
-include $(wildcard $(BUILD)/fuzz/xdp/*.d)
$(BUILD)/fuzz/fuzz-xdp: $(XDP_FUZZ_OBJS) $(BUILD)/xdp6.bpf.o
	$(CC) $(CFLAGS) $(XDP_FUZZ_OBJS) -o $@ $(LIBBPF_LIBS)

fuzz-xdp: deps
	$(MAKE) all $(BUILD)/fuzz/fuzz-xdp
	$(BUILD)/fuzz/fuzz-xdp --obj $(BUILD)/xdp6.bpf.o --frames $(FUZZ_XDP_FRAMES) \
		$(if $(FUZZ_XDP_SEED),--seed $(FUZZ_XDP_SEED)) \
		--fail-dir $(BUILD)/fuzz/xdp_failures --selftest 100000 \
		--sample $(FUZZ_XDP_SAMPLE) --sample-out $(BUILD)/fuzz/xdp_sample --report \
		--replay $(wildcard tests/fuzz/xdp_regress/*.hex); \
	rc=$$?; $(PYTHON) tests/fuzz/xdp_scapy.py $(BUILD)/fuzz/xdp_sample || rc=1; exit $$rc
