# zizhi top-level build. Plain GNU Make + pkg-config; objects out of tree under $(BUILD).
#   make            build build/zizhi (and build/zizhid once src/http exists)
#   make run        install deps, build, start what exists
#   make check      install deps, build, run every test plainly and under ASan+UBSan
#   make bench      benchmarks (never part of check)
#   make fuzz       fuzz targets (clang + libFuzzer)

BUILD   ?= build
SAN     ?=
CC      ?= cc
PKGS    := libcrypto sqlite3 jansson libargon2 libmicrohttpd libcurl libmagic \
           pangocairo cairo-pdf libqrencode xlsxwriter libarchive
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
           -Wno-unused-parameter -Wno-format-truncation -Iinclude -Isrc $(PKG_CFLAGS) -MMD -MP
CFLAGS  += $(EXTRA_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lm -lpthread
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1
LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC := $(sort $(wildcard src/core/*.c src/store/*.c src/crypto/*.c src/doc/*.c \
                             src/mail/*.c src/util/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
SRV_SRC := $(sort $(wildcard src/http/*.c))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/migrations.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
SRV_OBJ := $(SRV_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

LIBZZ := $(BUILD)/libzizhi.a
PROGS := $(BUILD)/zizhi $(if $(SRV_SRC),$(BUILD)/zizhid)

.PHONY: all build run check test deps bench fuzz clean format
all: build
build: $(PROGS) $(UNIT_BIN)

deps:
	@bash scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

# SQL migrations are compiled into the library so a binary is never out of step with its schema.
$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	@bash scripts/embed-migrations.sh $@ $(MIGRATIONS)
$(BUILD)/obj/gen/migrations.o: $(BUILD)/gen/migrations.c
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -c $< -o $@

$(LIBZZ): $(LIB_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(BUILD)/zizhi: $(CLI_OBJ) $(LIBZZ)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBZZ) $(LDLIBS)

$(BUILD)/zizhid: $(SRV_OBJ) $(LIBZZ)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(SRV_OBJ) $(LIBZZ) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBZZ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIBZZ) $(LDLIBS) -lcmocka

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIBZZ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIBZZ) $(LDLIBS)

test: build
	@bash scripts/run-tests.sh $(BUILD)

run: deps
	@$(MAKE) --no-print-directory build
	@bash scripts/run.sh $(BUILD)

# check: plain build + tests, then the same under AddressSanitizer + UndefinedBehaviorSanitizer.
check:
	@bash scripts/deps.sh --check
	@$(MAKE) --no-print-directory build BUILD=build
	@$(MAKE) --no-print-directory build BUILD=build/asan SAN=1
	@bash scripts/run-tests.sh build build/asan

bench: deps
	@bash scripts/deps.sh --bench
	@$(MAKE) --no-print-directory build $(BENCH_BIN)
	@bash scripts/bench.sh $(BUILD)

fuzz:
	@bash scripts/fuzz.sh

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(SRV_SRC) $(UNIT_SRC) $(BENCH_SRC) $(wildcard include/zizhi/*.h src/*/*.h)

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
