# myc - one static binary of tools for Docker hosts.
#
#   make deps         install what building and testing need (Debian, root)
#   make              build/myc, linked with the system's shared libraries
#   make static       build/myc-static, fully static (musl, deps from source)
#   make check        unit tests, applet tests, the same under ASan+UBSan,
#                     and the end-to-end suite when a Docker engine answers
#   make bench        benchmarks against the peer tools (ratios printed)
#   make images       the charms' Docker images, built locally
#   make demo         build, images, and the example project up
#
# Variables: CC, CFLAGS, BUILD (output dir), WERROR (default -Werror).

CC ?= cc
BUILD ?= build
# V=1 shows the full commands
Q := $(if $(V),,@)
O := $(BUILD)/obj
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
UNAME := $(shell uname -s)

CFLAGS ?= -O2 -g
WERROR ?= -Werror
WARNINGS := -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
CPPFLAGS += -Ilibcommon -Iapplets -D_GNU_SOURCE -DMYC_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARNINGS) $(CFLAGS)

ifeq ($(UNAME),Darwin)
  BREW := $(shell brew --prefix 2>/dev/null)
  PKG_CONFIG_PATH := $(BREW)/opt/libyaml/lib/pkgconfig:$(BREW)/opt/curl/lib/pkgconfig:$(PKG_CONFIG_PATH)
  export PKG_CONFIG_PATH
  DEP_CFLAGS := $(shell pkg-config --cflags yaml-0.1 libcurl zlib) -I$(BREW)/opt/bzip2/include
  DEP_LIBS := $(shell pkg-config --libs yaml-0.1 libcurl zlib) -L$(BREW)/opt/bzip2/lib -lbz2
else
  DEP_CFLAGS := $(shell pkg-config --cflags yaml-0.1 libcurl zlib 2>/dev/null)
  DEP_LIBS := $(shell pkg-config --libs yaml-0.1 libcurl zlib 2>/dev/null || echo -lyaml -lcurl -lz) -lbz2
endif

LIB_SRC := $(sort $(wildcard libcommon/*.c))
APPLET_SRC := $(sort $(wildcard applets/*.c applets/*/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
APPLET_OBJ := $(APPLET_SRC:%.c=$(O)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)

.PHONY: all deps static static-check check check-fast unit cli asan e2e \
	bench images demo demo-down clean distclean install

all: $(BUILD)/myc

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(DEP_CFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libcommon.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/myc: $(APPLET_OBJ) $(BUILD)/libcommon.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(APPLET_OBJ) $(BUILD)/libcommon.a $(DEP_LIBS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(DEP_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcommon.a $(DEP_LIBS)

-include $(LIB_OBJ:.o=.d) $(APPLET_OBJ:.o=.d)

# ---- tests ----

unit: $(UNIT_BIN)
	@tests/run-unit.sh $(UNIT_BIN)

TEST_ENV = MYC=$(abspath $(BUILD)/myc) TEST_OUTPUT_DIR=$(abspath $(BUILD))

# static.test is static-check's
CLI_TESTS = $(filter-out tests/static.test,$(wildcard tests/*.test))

cli: $(BUILD)/myc
	@$(TEST_ENV) tests/run-tests.sh $(CLI_TESTS)

# The whole suite again with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) BUILD=build/asan CC=clang \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" unit cli

check-fast: unit cli

# the images first: compose's builds then come from the layer cache
e2e: $(BUILD)/myc images
	@$(TEST_ENV) tests/run-tests.sh tests/e2e/*.test

check: unit cli asan static-check
	@if tests/docker-available.sh; then $(MAKE) e2e; \
	else echo "SKIP: end-to-end suite (no Docker engine answers)"; fi

# ---- static build: musl + dependencies built from Debian's sources ----

static: $(BUILD)/myc-static

# The script runs a sub-make for myc itself: $(MAKE) hands it our jobserver.
$(BUILD)/myc-static: $(LIB_SRC) $(APPLET_SRC) $(wildcard libcommon/*.h applets/*.h applets/*/*.h) \
		scripts/build-static.sh tests/static/https-probe.c
	$(Q)MAKE="$(MAKE)" scripts/build-static.sh $(BUILD)

# Its own trash directory: `cli` runs tests/static.test too, maybe at once.
static-check: $(BUILD)/myc $(BUILD)/myc-static
	@$(TEST_ENV) TEST_OUTPUT_DIR=$(abspath $(BUILD))/static-check \
		tests/run-tests.sh tests/static.test

# ---- the rest ----

bench: $(BUILD)/myc
	@bench/run.sh $(abspath $(BUILD)/myc)

images: $(BUILD)/myc
	scripts/make-images.sh

demo: $(BUILD)/myc
	scripts/make-images.sh postgres tryton apache
	scripts/demo.sh

demo-down: $(BUILD)/myc
	scripts/demo.sh down

# sudo only when not root already
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

deps:
	$(SUDO) scripts/install-build-deps.sh
	$(SUDO) scripts/install-test-deps.sh

install: $(BUILD)/myc
	install -D -m 0755 $(BUILD)/myc $(DESTDIR)/usr/local/bin/myc
	$(DESTDIR)/usr/local/bin/myc --install $(DESTDIR)/usr/local/bin

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf deps
