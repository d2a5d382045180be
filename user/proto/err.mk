# user/proto/err.mk: ICMPv6 errors, reassembly and PMTU (RFC 4443 §2.4/§3, RFC 8200 §4.5,
# RFC 8201) and their unit tests.
PROTO_OBJS += $(BUILD)/proto/icmp6_err.o $(BUILD)/proto/reasm.o $(BUILD)/proto/pmtu.o

UNIT_TESTS += $(BUILD)/test_icmp6_err
$(BUILD)/test_icmp6_err: $(BUILD)/unit/test_icmp6_err.o $(BUILD)/proto/icmp6_err.o \
			 $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
UNIT_TESTS += $(BUILD)/test_reasm
$(BUILD)/test_reasm: $(BUILD)/unit/test_reasm.o $(BUILD)/proto/reasm.o \
		     $(BUILD)/proto/icmp6_err.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
UNIT_TESTS += $(BUILD)/test_pmtu
$(BUILD)/test_pmtu: $(BUILD)/unit/test_pmtu.o $(BUILD)/proto/pmtu.o \
		    $(BUILD)/proto/icmp6_err.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
