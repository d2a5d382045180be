# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bpf/: the XDP fast path -> linked object -> skeleton (struct xdp6_bpf), the test peers' pass
# program, and the fast path's unit tests (checksum helpers; BPF_PROG_TEST_RUN fixtures built by
# scapy).
BPF_DEPS := $(wildcard bpf/*.bpf.h) include/xdp6_wire.h include/xdp6_maps.h include/xdp6_csum.h

all: $(BUILD)/xdp6.skel.h $(BUILD)/xdp_pass.bpf.o

$(BUILD)/xdp6.tmp.bpf.o: bpf/xdp6.bpf.c $(BPF_DEPS) | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/xdp6.bpf.o: $(BUILD)/xdp6.tmp.bpf.o
	$(BPFTOOL) gen object $@ $<
$(BUILD)/xdp6.skel.h: $(BUILD)/xdp6.bpf.o
	$(BPFTOOL) gen skeleton $< name xdp6_bpf > $@
$(BUILD)/xdp_pass.bpf.o: bpf/xdp_pass.bpf.c | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# tests/unit/unit.mk links test_xdp (and test_csum, a host test of include/xdp6_csum.h); the
# fixture table: frames and expected replies built and checksummed by scapy.
$(BUILD)/xdp_fixtures.txt: tests/unit/xdp_fixtures.py | $(BUILD)
	$(PYTHON) $< > $@
$(BUILD)/unit/test_xdp.o: $(BUILD)/xdp6.skel.h
$(BUILD)/test_xdp: $(BUILD)/xdp_fixtures.txt
