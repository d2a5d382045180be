# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# xdp6: one non-recursive build. Each area keeps its rules in a fragment next to its sources
# (bpf/*.mk, user/*.mk, user/*/*.mk, tests/*/*.mk); this file holds the toolchain and the top
# targets.
.DELETE_ON_ERROR:
.SUFFIXES:

BUILD    ?= build
CC       ?= gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
PYTHON   ?= /usr/bin/python3

# clang -target bpf does not search the multiarch dir that holds asm/types.h: add it.
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
BPF_CFLAGS := -g -O2 -target bpf -Wall -Werror -Iinclude -I$(BUILD) \
	      -idirafter /usr/include/$(MULTIARCH)
CFLAGS   ?= -g -O2
override CFLAGS += -Wall -Wextra -Werror -Wno-unused-parameter -std=gnu11 -Iinclude -I$(BUILD) -Iuser -Iuser/proto
LIBBPF_LIBS := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz)
LIBXDP_LIBS := $(shell pkg-config --libs libxdp 2>/dev/null || echo -lxdp)

# Exactly what the build, tests and demo use, from Debian 12 (sysctl is procps'). xdp-tools
# (xdp-loader, xdp-filter) is for the VM rig that checks composition with other XDP programs.
DEB_PKGS := clang libbpf-dev libxdp-dev xdp-tools bpftool libelf-dev zlib1g-dev pkg-config \
	    iproute2 ethtool iputils-ping ndisc6 radvd traceroute tcpdump tshark python3-scapy \
	    procps libclang-rt-14-dev socat libsystemd-dev systemd mandoc prometheus
# make bench also plots, and disassembles the JIT image (objdump) to count its instructions.
DEB_PKGS_BENCH := python3-matplotlib binutils

.PHONY: all deps deps-bench deb-install test unit demo bench clean fuzz
all:

# UNIT_TESTS: test binaries each fragment adds; run by tests/run.sh.
UNIT_TESTS :=
# Every sans-I/O protocol module and every adapter, by wildcard: a new module needs no rule.
PROTO_OBJS := $(patsubst user/proto/%.c,$(BUILD)/proto/%.o,$(wildcard user/proto/*.c))
IO_OBJS := $(patsubst user/io/%.c,$(BUILD)/io/%.o,$(wildcard user/io/*.c))

# ASan + UBSan, any report fatal: the unit tests' twins (tests/unit/unit.mk) and, with
# libFuzzer on top, the fuzz harnesses (tests/fuzz/*.mk). Placed after CFLAGS, so -O1 wins.
SAN_CC     ?= clang
SAN_CFLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	      -fno-sanitize-recover=all

# One rule per source tree; -MMD keeps header dependencies right.
$(BUILD)/proto/%.o: user/proto/%.c | $(BUILD)/proto
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/io/%.o: user/io/%.c | $(BUILD)/io
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/proto $(BUILD)/io:
	mkdir -p $@
-include $(wildcard $(BUILD)/*/*.d $(BUILD)/*.d)
include $(sort $(wildcard bpf/*.mk user/*.mk user/*/*.mk tests/*.mk tests/*/*.mk))

$(BUILD):
	mkdir -p $@

deps:
	@$(MAKE) -s deb-install PKGS="$(DEB_PKGS)"
deps-bench: deps
	@$(MAKE) -s deb-install PKGS="$(DEB_PKGS_BENCH)"
# Installs whichever of $(PKGS) are missing, so it is idempotent and quiet when all are there.
deb-install:
	@missing=""; for p in $(PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
			|| missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all $(words $(PKGS)) packages present"; fi

unit: all $(UNIT_TESTS)

test: deps
	$(MAKE) unit
	UNIT_TESTS="$(UNIT_TESTS)" BUILD=$(BUILD) tests/run.sh

demo: deps
	$(MAKE) all
	tests/demo.sh

bench: deps-bench
	$(MAKE) all bench-build
	tests/bench/run.sh

clean:
	rm -rf $(BUILD)
