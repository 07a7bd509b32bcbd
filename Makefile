# SPDX-License-Identifier: GPL-2.0-only
#
# ovx: overlay virtual switch.
#
#   make                  module for the running kernel (or KVER=/KDIR=),
#                         libovx and the ovx CLI
#   make modules-all      the module for every supported kernel installed
#   make install          PREFIX=/usr/local DESTDIR= (module: modules_install)
#   make check            every test: builds, unit tests, sparse, selftests
#                         in a VM on each supported kernel
#   make check-debug      the selftests (and a short fuzz run) on the debug
#                         kernel (KASAN, UBSAN, lockdep, kmemleak), built
#                         first by scripts/debug-kernel (~30 min, once)
#   make demo             boots a VM and shows ovx at work
#   make bench            ovx against bridge + vxlan/geneve in a VM (pps,
#                         TCP, FDB loading; not in check);
#                         BENCH_ARGS="--all-kernels" (scripts/bench --help)
#   make sparse           sparse (C=2) over the module, fails on any warning
#   make regen            regenerate netlink code from the YNL spec

TOP := $(CURDIR)
PREFIX ?= /usr/local
export PREFIX DESTDIR

# Kernels ovx supports: Debian's 6.1 and 6.12 (installed by scripts/install-deps).
SUPPORTED_KVERS := $(shell $(TOP)/scripts/kernels)

# The kernel to build for: KDIR wins, then KVER, then the running kernel,
# then (on a machine whose own kernel has no headers) the first supported one.
ifneq ($(KDIR),)
KVER ?= $(notdir $(patsubst %/,%,$(dir $(KDIR))))
else
KVER ?= $(shell uname -r)
ifeq ($(wildcard /lib/modules/$(KVER)/build),)
KVER_FALLBACK := $(KVER)
override KVER := $(firstword $(SUPPORTED_KVERS))
endif
KDIR := /lib/modules/$(KVER)/build
endif

# Each kernel gets its own object tree, build/<kver>/, mirroring the source
# layout (Kbuild, module/, include/) with symlinks, so builds for several
# kernels never share object files.
BUILD := $(TOP)/build

.PHONY: all deps deps-build module modules-all lib cli install check check-debug demo bench sparse regen clean

all: deps-build module lib cli

# Install what is missing (as root, with apt): for deps-build only when
# the tools, libnl or kernel headers are not found; the full set for tests
# and the demo.
deps-build:
	@scripts/install-deps -q build
deps:
	@scripts/install-deps -q

define mirror
	@mkdir -p $(BUILD)/$(1)/module
	@find $(BUILD)/$(1)/module -maxdepth 1 -type l -delete
	@for f in $(TOP)/module/*.c $(TOP)/module/*.h $(TOP)/module/Kbuild; do \
		ln -sf $$f $(BUILD)/$(1)/module/; done
	@ln -sfn $(TOP)/include $(BUILD)/$(1)/include
	@ln -sf $(TOP)/Kbuild $(BUILD)/$(1)/Kbuild
endef

# $(1) = kernel version, $(2) = extra kbuild arguments
define kbuild
	$(call mirror,$(1))
	$(MAKE) -C /lib/modules/$(1)/build M=$(BUILD)/$(1) W=1 $(2)
endef

module:
ifneq ($(KVER_FALLBACK),)
	@echo "ovx: no headers for the running kernel $(KVER_FALLBACK); building for $(KVER)"
endif
	@test -d $(KDIR) || { echo "ovx: no kernel headers at $(KDIR): run scripts/install-deps or set KDIR=" >&2; exit 1; }
	$(call mirror,$(KVER))
	$(MAKE) -C $(KDIR) M=$(BUILD)/$(KVER) W=1 modules
	@cp $(BUILD)/$(KVER)/module/ovx.ko module/ovx.ko
	@echo "ovx: module/ovx.ko is built for $(KVER)"

modules-all:
	@test -n "$(SUPPORTED_KVERS)" || { echo "ovx: no supported kernel headers installed: run scripts/install-deps" >&2; exit 1; }
	$(foreach k,$(SUPPORTED_KVERS),$(call kbuild,$(k),modules)$(newline))

lib: deps-build
	$(MAKE) -C lib

cli: lib
	$(MAKE) -C cli

install: all
	$(MAKE) -C lib install
	$(MAKE) -C cli install
	$(MAKE) -C $(KDIR) M=$(BUILD)/$(KVER) $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install

# sparse must find nothing at all; kbuild does not fail on its warnings.
sparse:
	@scripts/check --only sparse

check: deps
	@scripts/check

check-debug: deps
	@scripts/check --only ynl,userspace,unit,module,selftests,fuzz --kernel debug

demo: deps
	@scripts/demo

bench: deps
	@scripts/bench $(BENCH_ARGS)

regen:
	scripts/ynl gen

clean:
	$(MAKE) -C lib clean
	$(MAKE) -C cli clean
	rm -rf $(BUILD) module/ovx.ko

define newline


endef
