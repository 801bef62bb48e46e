#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own selftests, from Debian sid's linux-source-7.2 (or
# another release's source package), for make kselftest
# (test/vm/kselftest.sh runs the netconsole ones against snull's client).
# Downloads the source package with the apt of a build root
# (scripts/mkroot.sh, which deps.sh sets up) and unpacks ONLY
# tools/testing/selftests from it into
#   $SNULL_CACHE/kselftest/<package version>/tools/testing/selftests
# (everything the netcons_*.sh scripts source lives under that directory:
# drivers/net/lib/sh/lib_netcons.sh, net/lib.sh, net/lib/sh/defer.sh).
# Nothing of it goes into the git tree.  Idempotent: a version already
# unpacked is not fetched again.  Also kept: tools/net/ynl and
# Documentation/netlink/specs, the netlink library and specs of the
# driver selftests (scripts/drvtest.sh).  $SNULL_CACHE/kselftest/current
# points at the newest one; the last line printed is its directory.
#   kselftest-src.sh [PACKAGE [SUITE]]
#     PACKAGE: default linux-source-7.2; SUITE: the root whose apt fetches
#     it, default sid (experimental: linux-source-7.3, which only
#     experimental has)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${SNULL_CACHE:-/var/cache/snull}
pkg=${1:-linux-source-7.2}
suite=${2:-sid}
root=$cache/roots/$suite
base=$cache/kselftest
# sid's Release file is sometimes past its Valid-Until date (see mkroot.sh)
aptopt=(-o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 -o APT::Sandbox::User=root)
mkdir -p "$base"

# the sid root with its apt lists (first run: debootstrap, as deps.sh does)
if [ ! -f "$root/.snull-root" ]; then
	echo "kselftest-src: no $suite root yet, preparing it (scripts/mkroot.sh $suite)" >&2
	"$top/scripts/mkroot.sh" "$suite" > /dev/null
fi
. "$(dirname "$0")/lib.sh"
candidate() { in_root apt-cache policy "$pkg" 2>/dev/null | sed -n 's/ *Candidate: //p'; }

ver=$(candidate)
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	echo "kselftest-src: $pkg unknown to the $suite root's lists, refreshing them" >&2
	in_root apt-get "${aptopt[@]}" -q update > /dev/null 2>&1 || true
	ver=$(candidate)
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
	{ echo "kselftest-src: $pkg not in $suite" >&2; exit 1; }
dst=$base/$ver

# (a copy without the driver selftests' pyynl is fetched again)
if [ ! -f "$dst/.complete" ] || [ ! -d "$dst/tools/net/ynl" ]; then
	echo "kselftest-src: fetching $pkg $ver (tools/testing/selftests only is kept)" >&2
	dl=$root/tmp/snull-kselftest-dl
	rm -rf "$dl" "$dst.tmp"
	mkdir -p "$dl" "$dst.tmp"
	trap 'rm -rf "$dl" "$dst.tmp"' EXIT
	fetch() { in_root sh -c "cd /tmp/snull-kselftest-dl && apt-get $(printf '%q ' "${aptopt[@]}") download -q '$pkg=$ver'" > "$dl.log" 2>&1; }
	if ! fetch; then
		# lists older than the archive: the version moved on
		in_root apt-get "${aptopt[@]}" -q update > /dev/null 2>&1 || true
		nver=$(candidate)
		if [ -n "$nver" ] && [ "$nver" != "$ver" ]; then
			echo "kselftest-src: $pkg is now $nver" >&2
			exec "$0" "$@"
		fi
		fetch || { tail -n 5 "$dl.log" >&2; exit 1; }
	fi
	deb=$(ls "$dl"/"${pkg}"_*_all.deb)
	# the tarball's top directory is the package name (linux-source-7.2/)
	tarball=./usr/src/$pkg.tar.xz
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "$tarball" |
		tar -xJ -C "$dst.tmp" "$pkg/tools/testing/selftests" "$pkg/tools/net/ynl" \
			"$pkg/Documentation/netlink/specs"
	[ -f "$dst.tmp/$pkg/tools/testing/selftests/drivers/net/lib/sh/lib_netcons.sh" ] ||
		{ echo "kselftest-src: $pkg $ver has no netconsole selftest library" >&2; exit 1; }
	mv "$dst.tmp/$pkg/tools" "$dst.tmp/$pkg/Documentation" "$dst.tmp/"
	rmdir "$dst.tmp/$pkg"
	echo "$pkg $ver" > "$dst.tmp/.source"
	touch "$dst.tmp/.complete"
	rm -rf "$dst" "$dl" "$dl.log"
	mv "$dst.tmp" "$dst"
	trap - EXIT
fi
[ "$pkg" = linux-source-7.2 ] && ln -sfn "$ver" "$base/current"
echo "$dst"
