# user/: xdp6d, xdp6ctl and the protocol modules (owned by the daemon work)
