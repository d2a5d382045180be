# user/proto/{rdisc,slaac,nud,sha256}.c: router discovery, SLAAC, neighbor cache/NUD, and their
# fake-clock unit tests (tests/unit/test_{rdisc,slaac,nud}.c)
RDISC_OBJS := $(BUILD)/proto/rdisc.o $(BUILD)/proto/slaac.o $(BUILD)/proto/nud.o \
	      $(BUILD)/proto/sha256.o
PROTO_OBJS += $(RDISC_OBJS)
UNIT_TESTS += $(BUILD)/test_rdisc $(BUILD)/test_slaac $(BUILD)/test_nud

$(BUILD)/test_rdisc: $(BUILD)/unit/test_rdisc.o $(RDISC_OBJS) $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/test_slaac: $(BUILD)/unit/test_slaac.o $(BUILD)/proto/slaac.o $(BUILD)/proto/sha256.o \
		     $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/test_nud: $(BUILD)/unit/test_nud.o $(BUILD)/proto/nud.o $(BUILD)/proto/pkt.o
	$(CC) $(CFLAGS) $^ -o $@
