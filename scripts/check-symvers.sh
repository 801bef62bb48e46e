#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-symvers.sh KVER: every symbol build/KVER/snull.ko imports must be
# exported by that kernel (its Module.symvers, as shipped in the headers
# package), from the namespace the module imports, with the CRC the module
# was built against.  A kernel that drops or moves an export thus fails
# here, at build time, not in a user's modprobe.
# Prints one line per problem; exit 1 if there is any.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
kv=${1:?usage: check-symvers.sh KVER}
mod=$top/build/$kv/snull.ko
[ -f "$mod" ] || { echo "check-symvers: $kv: no $mod (build it first)"; exit 1; }

# SNULL_SYMVERS names another table (make check uses it to show that a
# missing export is caught)
symvers=${SNULL_SYMVERS:-}
if [ -z "$symvers" ] && snull_ktree "$kv"; then
	symvers=$ktree/Module.symvers
fi
[ -n "$symvers" ] && [ -s "$symvers" ] ||
	{ echo "check-symvers: $kv: no Module.symvers found"; exit 1; }

imports=$(modinfo -F import_ns "$mod" 2>/dev/null | tr -d '"' | sort -u)
# snull.ko's own undefined symbols; the module loader resolves nothing else
undef=$(nm -u "$mod" | awk '{ print $2 }' | sort -u)
[ -n "$undef" ] || { echo "check-symvers: $kv: nm found no imports in $mod"; exit 1; }

# symbol -> "crc namespace" from the kernel's table (tab-separated:
# crc, symbol, module, export type, namespace; the namespace may be empty)
declare -A crc ns
while IFS=$'\t' read -r c s _ _ n; do
	crc[$s]=$c
	ns[$s]=${n//\"/}
done < "$symvers"

bad=0 n=0
for s in $undef; do
	n=$((n + 1))
	if [ -z "${crc[$s]+x}" ]; then
		echo "check-symvers: $kv: $s is not exported by this kernel"
		bad=1
		continue
	fi
	want=${ns[$s]}
	if [ -n "$want" ] && ! grep -qx "$want" <<< "$imports"; then
		echo "check-symvers: $kv: $s is in namespace $want, which snull.ko does not import"
		bad=1
	fi
done

# The CRCs modpost recorded in the module (CONFIG_MODVERSIONS) against the
# kernel's: a mismatch is what "disagrees about version of symbol" means.
ncrc=0
while read -r c s; do
	[ -n "${crc[$s]+x}" ] || continue
	ncrc=$((ncrc + 1))
	if [ $((c)) != $((crc[$s])) ]; then
		echo "check-symvers: $kv: $s: module built against CRC $c, kernel exports ${crc[$s]}"
		bad=1
	fi
done < <(/sbin/modprobe --dump-modversions "$mod" 2>/dev/null || true)

cfg=$(dirname "$symvers")/.config
if [ -f "$cfg" ] && grep -q '^CONFIG_MODVERSIONS=y' "$cfg"; then
	if [ $ncrc -lt $n ]; then
		echo "check-symvers: $kv: CONFIG_MODVERSIONS kernel, but only $ncrc of $n imports carry a CRC"
		bad=1
	fi
	crcs="$ncrc CRCs match"
else
	crcs="kernel without CONFIG_MODVERSIONS: no CRCs"
fi

[ $bad = 0 ] || exit 1
echo "check-symvers: $kv: $n imported symbols all exported by $symvers" \
	"($crcs${imports:+, namespaces: $(echo $imports)})"
