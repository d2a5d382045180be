# user/proto/hash.c, heap.c: the one hash index and the one timer heap of the daemon, used by
# addr.c, dad.c, mld.c and host.c; every test linking one of those links them too (a
# prerequisite added here lands in the other fragments' $^).
PROTO_OBJS += $(BUILD)/proto/hash.o $(BUILD)/proto/heap.o
$(BUILD)/test_addr $(BUILD)/test_dad $(BUILD)/test_mld $(BUILD)/test_host: \
	$(BUILD)/proto/hash.o $(BUILD)/proto/heap.o
UNIT_TESTS += $(BUILD)/test_hash $(BUILD)/test_heap
$(BUILD)/test_hash: $(BUILD)/unit/test_hash.o $(BUILD)/proto/hash.o
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/test_heap: $(BUILD)/unit/test_heap.o $(BUILD)/proto/heap.o
	$(CC) $(CFLAGS) $^ -o $@
