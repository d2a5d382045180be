# user/io/loader.mk: what xdp6d says when the kernel refuses its program, tested (test_loader_log,
# built by tests/unit/unit.mk's one rule) against the kernel's own verifier with a program it must
# refuse. Order-only: the object is read at run time, never linked.
$(BUILD)/unit/unverifiable.bpf.o: tests/unit/unverifiable.bpf.c | $(BUILD)
	mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/test_loader_log $(BUILD)/san/test_loader_log: | $(BUILD)/unit/unverifiable.bpf.o
