# SPDX-License-Identifier: GPL-2.0
# snull -- top-level developer Makefile.  The kernel build itself is
# src/Kbuild; this file stages it per kernel and runs the tests.

SHELL := /bin/bash
TOP := $(CURDIR)
VERSION := $(shell dpkg-parsechangelog -S Version 2>/dev/null | sed 's/-[^-]*$$//')
SNULL_CACHE ?= /var/cache/snull
export SNULL_CACHE

# The kernel matrix scripts/deps.sh set up (host headers and the Debian 13
# and sid roots), else every kernel under /lib/modules with headers, unless
# KVER is given.
HOST_KVERS := $(notdir $(patsubst %/build,%,$(wildcard /lib/modules/*/build)))
MATRIX := $(shell cat $(SNULL_CACHE)/kvers 2>/dev/null)
KVERS := $(if $(KVER),$(KVER),$(or $(MATRIX),$(HOST_KVERS)))

SRC_FILES := $(wildcard src/*.c) src/Kbuild $(wildcard include/*.h)

.PHONY: panic-rate all deps modules checkpatch unit check check-all demo clean fuzz deb check-package bench check-debug debug-kernel kselftest drvtest fuzz-kernel

all: modules

deps:
	@scripts/deps.sh

# W=1 and sparse (C=1) on, and any compiler/sparse/modpost warning fails.
modules:
	@scripts/build-modules.sh $(KVERS)

checkpatch:
	@scripts/checkpatch.sh

unit:
	@$(MAKE) -s -C test/unit run

# The netconsole parsers' fuzz target, FUZZ_SECONDS long (default 10 min).
fuzz:
	@$(MAKE) -s -C test/fuzz run FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600)

# build/snull-dkms_<version>_all.deb (nothing compiled here), then lintian.
deb:
	@scripts/deb.sh

# Speed against veth and the in-tree netconsole; BENCH_MODE=smoke is short.
bench:
	@scripts/bench.sh

# Panic text delivery while every CPU floods the log: N boots per kernel
# (PANIC_BOOTS, 20; KVER to pick one kernel).
panic-rate:
	@scripts/panicrate.sh $(or $(PANIC_BOOTS),20) $(KVER)

# The kernel's own netconsole selftests (the newest kernel's source package),
# unmodified, against snull's client on each VM kernel.
kselftest:
	@scripts/kselftest.sh

# The kernel's driver selftests (drivers/net, the newest kernel's source
# package), unmodified, against snull's pair and veth's (KVERS to pick).
drvtest:
	@scripts/drvtest.sh

check-package:
	@scripts/check-package.sh

check:
	@scripts/check.sh

# Beyond CI: the whole VM suite, panic test and stress on every kernel of
# the matrix (rt flavours, sid's and Debian 13's included), and the
# kernel's selftests on each suite kernel; hours on 2 cores.
check-all:
	@SNULL_CHECK_ALL=1 scripts/check.sh

# The reliability lane: debug kernel (KASAN, lockdep, kmemleak, UBSAN, kcov,
# ...), the VM suite, stress, fault injection and 10 minutes of the
# in-kernel fuzzer on it.  KVER=7.2 uses sid's newest kernel instead of 6.12.
check-debug:
	@KVER=$(KVER) scripts/check-debug.sh

# The in-kernel fuzzer alone on the debug kernel, FUZZ_SECONDS long (default
# 10 min); KVER and FUZZ_SEED as for check-debug.
fuzz-kernel:
	@KVER=$(KVER) FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600) SNULL_DEBUG_SUITES=fuzz scripts/check-debug.sh

debug-kernel:
	@scripts/debug-kernel.sh $(or $(KVER),6.12)

demo:
	@scripts/demo.sh

clean:
	rm -rf build
	$(MAKE) -s -C test/unit clean
	$(MAKE) -s -C test/fuzz clean
