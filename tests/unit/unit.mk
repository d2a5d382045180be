# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/unit/: one rule for every unit test. tests/unit/test_<m>.c -> $(BUILD)/test_<m>, linked
# against an archive of every module of user/proto and user/io (the linker takes only what the
# test uses, so a new module or test needs no rule), and its ASan + UBSan twin
# $(BUILD)/san/test_<m>, built the same way from objects under $(BUILD)/san/.
# A test that needs more (test_xdp: the skeleton, scapy's fixtures) adds prerequisites in its
# area's fragment; only objects and archives from $^ reach the linker.
UNIT_NAMES := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
# Not sanitized: test_xdp runs the BPF program in the kernel, whose verifier is its checker.
UNIT_SAN_NAMES := $(filter-out test_xdp,$(UNIT_NAMES))
UNIT_TESTS += $(addprefix $(BUILD)/,$(UNIT_NAMES)) $(addprefix $(BUILD)/san/,$(UNIT_SAN_NAMES))

UNIT_LIB := $(BUILD)/libxdp6.a
UNIT_SAN_LIB := $(BUILD)/san/libxdp6.a
UNIT_SAN_OBJS := $(patsubst $(BUILD)/%,$(BUILD)/san/%,$(PROTO_OBJS) $(IO_OBJS))
# Test objects are reached only through pattern rules: keep them between builds.
.SECONDARY: $(patsubst %,$(BUILD)/unit/%.o,$(UNIT_NAMES)) \
	    $(patsubst %,$(BUILD)/san/unit/%.o,$(UNIT_SAN_NAMES))

$(BUILD)/unit/%.o: tests/unit/%.c | $(BUILD)/unit
	$(CC) $(CFLAGS) -Itests/unit -MMD -MP -c $< -o $@
$(BUILD)/test_%: $(BUILD)/unit/test_%.o $(UNIT_LIB)
	$(CC) $(CFLAGS) $(filter %.o %.a,$^) -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)
$(UNIT_LIB): $(PROTO_OBJS) $(IO_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/san/proto/%.o: user/proto/%.c | $(BUILD)/san/proto
	$(SAN_CC) $(CFLAGS) $(SAN_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/san/io/%.o: user/io/%.c | $(BUILD)/san/io
	$(SAN_CC) $(CFLAGS) $(SAN_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/san/io/loader.o: $(BUILD)/xdp6.skel.h
$(BUILD)/san/unit/%.o: tests/unit/%.c | $(BUILD)/san/unit
	$(SAN_CC) $(CFLAGS) $(SAN_CFLAGS) -Itests/unit -MMD -MP -c $< -o $@
$(BUILD)/san/test_%: $(BUILD)/san/unit/test_%.o $(UNIT_SAN_LIB)
	$(SAN_CC) $(SAN_CFLAGS) $(filter %.o %.a,$^) -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)
$(UNIT_SAN_LIB): $(UNIT_SAN_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/unit $(BUILD)/san/proto $(BUILD)/san/io $(BUILD)/san/unit:
	mkdir -p $@
-include $(wildcard $(BUILD)/san/*/*.d)
