# tests/fuzz/conf.mk: the config file fuzz harness (tests/fuzz/fuzz_conf.c): the grammar and the
# option table's setters (user/io/config.c, opts.c) under libFuzzer + ASan + UBSan; seed corpus
# in tests/fuzz/corpus/conf/. By hand: build/fuzz/fuzz_conf -max_total_time=60 tests/fuzz/corpus/conf
FUZZ_TARGETS += $(BUILD)/fuzz/fuzz_conf

FZ_CONF_OBJS := $(BUILD)/fuzz/fuzz_conf.o \
	$(patsubst %,$(BUILD)/fuzz/io/%.o,config opts parse log) \
	$(patsubst user/proto/%.c,$(BUILD)/fuzz/proto/%.o,$(wildcard user/proto/*.c))

$(BUILD)/fuzz/fuzz_conf: $(FZ_CONF_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)
