#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict --no-tree on every kernel source file.  The script
# comes from Debian's linux-source-6.12 (fetched and cached by deps.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${SNULL_CACHE:-/var/cache/snull}
cp=$cache/checkpatch/checkpatch.pl
[ -f "$cp" ] || "$top/scripts/deps.sh"
cd "$top"
files=$(ls src/*.c include/*.h test/hostile/*.c)
# shellcheck disable=SC2086
if perl "$cp" --no-tree --file --strict --terse --show-types $files; then
	echo "checkpatch: $(echo $files | wc -w) files, 0 errors, 0 warnings, 0 checks"
else
	echo "checkpatch: FAILED" >&2
	exit 1
fi
