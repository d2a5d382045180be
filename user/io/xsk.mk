# user/io/xsk.mk: the AF_XDP adapter's unit test (frame accounting on in-memory rings).
UNIT_TESTS += $(BUILD)/test_xsk
$(BUILD)/test_xsk: $(BUILD)/unit/test_xsk.o $(BUILD)/io/xsk.o $(BUILD)/io/log.o
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)

# NIC facts: virtio-net's XDP_TX queue choice and the possible-CPU parser.
UNIT_TESTS += $(BUILD)/test_nic
$(BUILD)/test_nic: $(BUILD)/unit/test_nic.o $(BUILD)/io/nic.o
	$(CC) $(CFLAGS) $^ -o $@
