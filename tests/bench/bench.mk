# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/bench/: `make bench` pieces. BPF programs (generator, reply counter, reference DUTs,
# micro-bench wrapper) -> object -> skeleton, and the driver build/bench/xdp6bench.
# `make bench-build` builds them; tests/bench/run.sh builds them too if they are missing.
.PHONY: bench-build

BENCH_DIR  := $(BUILD)/bench
BENCH_BPF  := gen count min_echo wrap
BENCH_SKEL := $(patsubst %,$(BENCH_DIR)/%.skel.h,$(BENCH_BPF))
BENCH_SRCS := main.c micro.c tput.c util.c ctl.c pingpong.c jitlines.c
BENCH_OBJS := $(patsubst %.c,$(BENCH_DIR)/%.o,$(BENCH_SRCS))

# The objects are listed so make does not delete them as intermediates.
bench-build: $(BENCH_DIR)/xdp6bench $(patsubst %,$(BENCH_DIR)/%.bpf.o,$(BENCH_BPF)) \
	$(BENCH_DIR)/calls.bpf.o

$(BENCH_DIR):
	mkdir -p $@

$(BENCH_DIR)/%.bpf.tmp.o: tests/bench/%.bpf.c include/xdp6_wire.h include/xdp6_csum.h bpf/csum.bpf.h \
			  include/xdp6_maps.h | $(BENCH_DIR)
	$(CLANG) $(BPF_CFLAGS) -Ibpf -c $< -o $@
$(BENCH_DIR)/%.bpf.o: $(BENCH_DIR)/%.bpf.tmp.o
	$(BPFTOOL) gen object $@ $<
$(BENCH_DIR)/%.skel.h: $(BENCH_DIR)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name bench_$* > $@

# A static pattern: a plain %.o rule would also claim the %.bpf.o objects.
$(BENCH_OBJS): $(BENCH_DIR)/%.o: tests/bench/%.c tests/bench/bench.h $(BENCH_SKEL) | $(BENCH_DIR)
	$(CC) $(CFLAGS) -I$(BENCH_DIR) -Itests/bench -MMD -MP -c $< -o $@

$(BENCH_DIR)/xdp6bench: $(BENCH_OBJS)
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS) -lm -lpthread
