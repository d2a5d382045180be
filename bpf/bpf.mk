# bpf/: XDP programs -> object -> skeleton (owned by the fast-path work)
