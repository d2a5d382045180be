# tests/: unit test binaries (each area appends its own to UNIT_TESTS)
