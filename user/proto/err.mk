# user/proto/err.mk: ICMPv6 errors, reassembly and PMTU (RFC 4443 §2.4/§3, RFC 8200 §4.5,
# RFC 8201) and their unit tests.
PROTO_OBJS += $(BUILD)/proto/icmp6_err.o $(BUILD)/proto/reasm.o $(BUILD)/proto/pmtu.o

# The modules that parse attacker-controlled lengths (pkt, icmp6_err, reasm) are unit-tested
# under ASan + UBSan, any report fatal: an out-of-bounds write is then a crash of the test, not
# silent corruption. Objects built this way live under $(BUILD)/san/.
SAN_CFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
$(BUILD)/san/proto/%.o: user/proto/%.c | $(BUILD)/san/proto
	$(CC) $(CFLAGS) $(SAN_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/san/unit/%.o: tests/unit/%.c | $(BUILD)/san/unit
	$(CC) $(CFLAGS) $(SAN_CFLAGS) -Itests/unit -MMD -MP -c $< -o $@
$(BUILD)/san/proto $(BUILD)/san/unit:
	mkdir -p $@
-include $(wildcard $(BUILD)/san/*/*.d)

UNIT_TESTS += $(BUILD)/test_icmp6_err
$(BUILD)/test_icmp6_err: $(BUILD)/san/unit/test_icmp6_err.o $(BUILD)/san/proto/icmp6_err.o \
			 $(BUILD)/san/proto/pkt.o
	$(CC) $(CFLAGS) $(SAN_CFLAGS) $^ -o $@
UNIT_TESTS += $(BUILD)/test_reasm
$(BUILD)/test_reasm: $(BUILD)/san/unit/test_reasm.o $(BUILD)/san/proto/reasm.o \
		     $(BUILD)/san/proto/icmp6_err.o $(BUILD)/san/proto/pkt.o
	$(CC) $(CFLAGS) $(SAN_CFLAGS) $^ -o $@
UNIT_TESTS += $(BUILD)/test_pmtu
$(BUILD)/test_pmtu: $(BUILD)/unit/test_pmtu.o $(BUILD)/proto/pmtu.o \
		    $(BUILD)/proto/icmp6_err.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
