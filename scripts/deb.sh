#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make deb: build build/snull-dkms_<version>_all.deb with dpkg-buildpackage
# (binary only, unsigned) in a copy of the tree, then run lintian on it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ver=$(cd "$top" && dpkg-parsechangelog -S Version)
work=$top/build/deb
rm -rf "$work"
mkdir -p "$work/snull"
# the tree as committed plus local changes, without build products
(cd "$top" && git ls-files -co --exclude-standard | while read -r f; do
	[ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$work/snull")
(cd "$work/snull" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
	cat "$work/build.log"; echo "deb: dpkg-buildpackage failed" >&2; exit 1; }
deb=$work/snull-dkms_${ver}_all.deb
cp "$deb" "$top/build/"
echo "deb: build/$(basename "$deb")"
# exit status 0 only when lintian ran to the end and found no error
rc=0
lintian --pedantic -I -E --tag-display-limit 0 "$work"/*.changes > "$work/lintian.log" 2>&1 || rc=$?
if grep -E '^[EW]: ' "$work/lintian.log" || [ "$rc" != 0 ]; then
	echo "deb: lintian reports errors or warnings (exit status $rc)" >&2
	exit 1
fi
echo "deb: lintian $(dpkg-query -W -f '${Version}' lintian): no errors, no warnings ($(grep -c '^[A-Z]: ' "$work/lintian.log") info/pedantic tags)"
sed 's/^/  /' "$work/lintian.log"
