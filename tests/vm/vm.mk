# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/vm/: the second rig (DESIGN.md "Second rig"). `make test-vm` boots Debian 12's stock 6.1
# kernel under qemu (TCG) on this machine's own / and runs the 6.1 verifier check, the BPF unit
# tests, the integration suites over two virtio-net NICs, the libxdp composition test and a test
# with the peer outside the VM. `make deps-vm` installs qemu, busybox, kmod and cpio from Debian
# and unpacks the kernel package into $(BUILD)/vm/kernel (nothing in /boot or /lib/modules).
.PHONY: deps-vm test-vm

DEB_PKGS_VM := qemu-system-x86 busybox-static kmod cpio

deps-vm: deps
	@$(MAKE) -s deb-install PKGS="$(DEB_PKGS_VM)"
	@tests/vm/kernel.sh $(BUILD)/vm/kernel

test-vm: deps-vm
	$(MAKE) unit $(BUILD)/vm/xdp_count.bpf.o
	BUILD=$(BUILD) tests/vm/run.sh

# The composition test's third program (loaded with xdp-loader).
$(BUILD)/vm/xdp_count.bpf.o: tests/vm/xdp_count.bpf.c
	mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
