# user/io/loader.mk: what xdp6d says when the kernel refuses its program, tested against the
# kernel's own verifier with a program it must refuse.
UNIT_TESTS += $(BUILD)/test_loader_log
$(BUILD)/unit/unverifiable.bpf.o: tests/unit/unverifiable.bpf.c | $(BUILD)
	mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/test_loader_log: $(BUILD)/unit/test_loader_log.o $(BUILD)/io/log.o \
			  $(BUILD)/unit/unverifiable.bpf.o
	$(CC) $(CFLAGS) $(BUILD)/unit/test_loader_log.o $(BUILD)/io/log.o -o $@ \
		$(LIBXDP_LIBS) $(LIBBPF_LIBS)
# the ASan build of the test (tests/fuzz/fuzz.mk) reads the same object
$(BUILD)/san/test_loader_log: | $(BUILD)/unit/unverifiable.bpf.o
