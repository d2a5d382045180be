# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# tests/mutate/: `make mutate`, the mutation check of the unit tests (tests/mutate/mutate.py):
# simple mutants of every user/proto module, each linked into the unit tests that use that
# module; the report (killed, survived, equivalent per file, the survivors) goes to
# $(BUILD)/mutate/. Not part of make test: a full run takes hours on 2 cores.
#   make mutate [MUTATE_SAMPLE=80 (per file, 0 = all)] [MUTATE_SEED=1] [MUTATE_JOBS=2]
#               [MUTATE_FILES="user/proto/host.c ..."]
#               [MUTATE_RECHECK=build/mutate/results.json (rerun only its survivors)]
MUTATE_SAMPLE ?= 80
MUTATE_SEED ?= 1
MUTATE_JOBS ?= $(shell nproc)
MUTATE_FILES ?= $(wildcard user/proto/*.c)
# Recursive: tests/unit/unit.mk, read after this fragment, defines them.
MUTATE_TESTS = $(filter-out test_xdp,$(UNIT_NAMES))
MUTATE_OBJS = $(patsubst %,$(BUILD)/unit/%.o,$(MUTATE_TESTS))
MUTATE_SAN_OBJS = $(patsubst %,$(BUILD)/san/unit/%.o,$(filter $(UNIT_SAN_NAMES),$(MUTATE_TESTS)))

.PHONY: mutate
mutate:
	@$(MAKE) --no-print-directory $(UNIT_LIB) $(UNIT_SAN_LIB) $(MUTATE_OBJS) $(MUTATE_SAN_OBJS)
	nice $(PYTHON) tests/mutate/mutate.py --files $(MUTATE_FILES) \
		--sample $(MUTATE_SAMPLE) --seed $(MUTATE_SEED) --jobs $(MUTATE_JOBS) \
		--cc "$(CC)" --cflags "$(CFLAGS)" --ldlibs "$(LIBXDP_LIBS) $(LIBBPF_LIBS)" \
		--lib $(UNIT_LIB) --tests $(MUTATE_OBJS) \
		--san-cc "$(SAN_CC)" --san-cflags "$(CFLAGS) $(SAN_CFLAGS)" \
		--san-ldflags "$(SAN_CFLAGS)" --san-ldlibs "$(LIBXDP_LIBS) $(LIBBPF_LIBS)" \
		--san-lib $(UNIT_SAN_LIB) --san-tests $(MUTATE_SAN_OBJS) \
		$(if $(MUTATE_RECHECK),--recheck $(MUTATE_RECHECK)) \
		--equivalent tests/mutate/equivalent.txt --out $(BUILD)/mutate \
		--scratch $(abspath $(BUILD))/mutate
