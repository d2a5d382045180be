#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Unpacks Debian 12's stock kernel (the package linux-image-amd64 depends on, the generic -amd64
# flavour: -cloud has no 9p) into a scratch dir for the VM rig; nothing goes to /boot or
# /lib/modules. Idempotent: does nothing when the kernel is already unpacked.
#   tests/vm/kernel.sh DIR     -> DIR/vmlinuz, DIR/kver, DIR/lib/modules/KVER (with modules.dep)
# X6_VM_KPKG=linux-image-6.1.0-N-amd64 picks another package.
set -euo pipefail

dir=$1
[ -s "$dir/kver" ] && [ -e "$dir/vmlinuz" ] && exit 0

pick()
{
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9].*-amd64$/ { print $2; exit }'
}

pkg=${X6_VM_KPKG:-$(pick)}
if [ -z "$pkg" ]; then
	apt-get update -qq
	pkg=$(pick)
fi
case $pkg in
linux-image-6.1.*-amd64) ;;
*) echo "kernel.sh: no Debian 12 6.1 kernel package found (got '$pkg')" >&2; exit 1 ;;
esac

rm -rf "$dir.tmp"
mkdir -p "$dir.tmp/deb"
echo "make deps-vm: unpacking $pkg into $dir"
# apt's sandbox user cannot write a root-owned build dir; the download itself is from the
# configured Debian mirror like any apt-get install.
get() { (cd "$dir.tmp/deb" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null); }
# stale package lists name a version the mirror no longer has: refresh them once
get || { apt-get update -qq && pkg=${X6_VM_KPKG:-$(pick)} && get; }
dpkg-deb -x "$dir.tmp"/deb/*.deb "$dir.tmp/root"
kver=$(ls "$dir.tmp/root/lib/modules")
mkdir -p "$dir.tmp/lib/modules"
mv "$dir.tmp/root/boot/vmlinuz-$kver" "$dir.tmp/vmlinuz"
mv "$dir.tmp/root/boot/config-$kver" "$dir.tmp/config"
mv "$dir.tmp/root/lib/modules/$kver" "$dir.tmp/lib/modules/"
depmod -b "$dir.tmp" "$kver"
rm -rf "$dir.tmp/root" "$dir.tmp/deb"
echo "$kver" >"$dir.tmp/kver"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
