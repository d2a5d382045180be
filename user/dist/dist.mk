# user/dist/: what `make install` puts on a system besides the binaries: the systemd unit, the
# annotated example config, bash completion, the man pages (user/man/).
# make install [PREFIX=/usr/local] [DESTDIR=]; make uninstall with the same variables.
# The BPF object needs no file of its own: bpftool's skeleton embeds it in xdp6d.
PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/xdp6
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# systemd looks in /etc/systemd/system and /usr/lib/systemd/system only, whatever PREFIX is.
UNITDIR    ?= /etc/systemd/system
INSTALL    ?= install

MAN8 := $(wildcard user/man/*.8)
MAN5 := $(wildcard user/man/*.5)

.PHONY: install uninstall
install: all
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	$(INSTALL) -m 0755 $(BUILD)/xdp6d $(BUILD)/xdp6ctl $(DESTDIR)$(SBINDIR)/
	sed 's|@SBINDIR@|$(SBINDIR)|g' user/dist/xdp6d.service.in >$(DESTDIR)$(UNITDIR)/xdp6d.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/xdp6d.service
	$(INSTALL) -m 0644 user/dist/xdp6d.conf $(DESTDIR)$(DOCDIR)/xdp6d.conf.example
	$(INSTALL) -m 0644 user/dist/xdp6.bash-completion $(DESTDIR)$(BASHCOMPDIR)/xdp6d
	ln -sf xdp6d $(DESTDIR)$(BASHCOMPDIR)/xdp6ctl
	$(if $(MAN8),$(INSTALL) -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/)
	$(if $(MAN5),$(INSTALL) -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/)
	@echo "installed; the config is yours to write: $(DOCDIR)/xdp6d.conf.example ->" \
		"/etc/xdp6/xdp6d.conf, then systemctl daemon-reload && systemctl enable --now xdp6d"

# Leaves /etc/xdp6/xdp6d.conf alone: it is the operator's.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/xdp6d $(DESTDIR)$(SBINDIR)/xdp6ctl \
		$(DESTDIR)$(UNITDIR)/xdp6d.service $(DESTDIR)$(DOCDIR)/xdp6d.conf.example \
		$(DESTDIR)$(BASHCOMPDIR)/xdp6d $(DESTDIR)$(BASHCOMPDIR)/xdp6ctl \
		$(patsubst user/man/%,$(DESTDIR)$(MANDIR)/man8/%,$(MAN8)) \
		$(patsubst user/man/%,$(DESTDIR)$(MANDIR)/man5/%,$(MAN5))
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null

# xdp6_build_info{version=...} of `xdp6ctl stats --format prometheus` (user/io/metrics.c)
XDP6_VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/io/metrics.o: override CFLAGS += -DXDP6_VERSION='"$(XDP6_VERSION)"'
