# user/io/xsk.mk: the AF_XDP adapter's unit test (frame accounting on in-memory rings).
UNIT_TESTS += $(BUILD)/test_xsk
$(BUILD)/test_xsk: $(BUILD)/unit/test_xsk.o $(BUILD)/io/xsk.o $(BUILD)/io/log.o \
		   $(BUILD)/io/capture.o $(BUILD)/io/json.o $(BUILD)/io/parse.o
	$(CC) $(CFLAGS) $^ -o $@ $(LIBXDP_LIBS) $(LIBBPF_LIBS)
