# tests/fuzz/: the daemon's fuzz harnesses and memory test.
#  - libFuzzer + ASan + UBSan harnesses of the daemon's receive path (fuzz_frame, fuzz_seq);
#    other fragments (tests/fuzz/*.mk) add theirs to FUZZ_TARGETS, built from
#    tests/fuzz/fuzz_<name>.c into $(BUILD)/fuzz/fuzz_<name>, corpus in tests/fuzz/corpus/<name>/;
#  - `make fuzz` runs every FUZZ_TARGETS binary for FUZZ_TIME seconds (tests/fuzz/run.sh), new
#    inputs into $(BUILD)/fuzz/new/<name>/, the committed corpus only with FUZZ_MERGE=1;
#  - `make test` runs tests/fuzz/[0-9]*.sh: corpus and findings regressions plus FUZZ_TEST_TIME
#    seconds of new inputs per harness; and the memory test, listed in UNIT_TESTS.
# FUZZ_CC, FUZZ_CFLAGS and FUZZ_TARGETS are shared with the other harnesses' fragments.
FUZZ_CC      ?= clang
FUZZ_CFLAGS  ?= -fsanitize=fuzzer $(SAN_CFLAGS)
FUZZ_TIME    ?= 600
FUZZ_TEST_TIME ?= 30
export FUZZ_TEST_TIME
FUZZ_MERGE   ?= 0
# What the fuzz builds compile with: the project's warnings and include paths, the sanitizers
# last (so -O1 wins over -O2).
FUZZ_BASE_CFLAGS = $(CFLAGS) -Itests/fuzz

.PHONY: fuzz fuzz-build
FUZZ_TARGETS += $(BUILD)/fuzz/fuzz_frame $(BUILD)/fuzz/fuzz_seq

# Objects: the protocol modules and adapters rebuilt with the fuzz flags; any fragment may use
# these rules for its own harness ($(BUILD)/fuzz/io/ctl.o, $(BUILD)/fuzz/fuzz_ctl.o, ...).
$(BUILD)/fuzz/proto/%.o: user/proto/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_BASE_CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/fuzz/io/%.o: user/io/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_BASE_CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_BASE_CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# Every protocol module (by wildcard: this fragment is read before user/*.mk).
FUZZ_PROTO_OBJS := $(patsubst user/proto/%.c,$(BUILD)/fuzz/proto/%.o,$(wildcard user/proto/*.c))
FUZZ_HARNESS_OBJS := $(BUILD)/fuzz/harness.o $(BUILD)/fuzz/wire.o

$(BUILD)/fuzz/fuzz_frame: $(BUILD)/fuzz/fuzz_frame.o $(FUZZ_HARNESS_OBJS) $(FUZZ_PROTO_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $^ -o $@
$(BUILD)/fuzz/fuzz_seq: $(BUILD)/fuzz/fuzz_seq.o $(FUZZ_HARNESS_OBJS) $(FUZZ_PROTO_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $^ -o $@

# FUZZ_TARGETS is complete only once every fragment is read: expand it in a recipe.
fuzz-build:
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS)
# make test builds the harnesses (tests/fuzz/10_daemon.sh runs them).
unit: fuzz-build

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build $(BUILD)/mem_daemon
	FUZZ_TARGETS="$(FUZZ_TARGETS)" FUZZ_TIME=$(FUZZ_TIME) FUZZ_MERGE=$(FUZZ_MERGE) \
		BUILD=$(BUILD) tests/fuzz/run.sh

# The memory test: a million distinct sources, targets, prefixes, routers and fragments
# through host_input(), a plain -O2 build so that RSS means what the daemon would use.
UNIT_TESTS += $(BUILD)/mem_daemon
$(BUILD)/memtest/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(FUZZ_BASE_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/mem_daemon: $(BUILD)/memtest/mem_daemon.o $(BUILD)/memtest/harness.o \
		     $(BUILD)/memtest/wire.o $(PROTO_OBJS)
	$(CC) $(CFLAGS) $^ -o $@

# (the top Makefile includes $(BUILD)/*/*.d)
-include $(wildcard $(BUILD)/fuzz/*/*.d)
