#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The objects of snull.ko call each other in layers, never in a circle:
# from the objects of one build (DIR, e.g. build/<kver>/stage/src), the
# graph "A calls or reads a symbol B defines", printed, and checked with
# tsort, which names the objects of any loop.  The pair's objects and the
# client's meet only in snull_main.o.
#   layers.sh DIR
set -euo pipefail
dir=${1:?usage: layers.sh DIR}
cd "$dir"
objs=()
for o in snull_*.o; do
	case $o in *.mod.o) continue ;; esac
	objs+=("$o")
done
[ ${#objs[@]} -gt 1 ] || { echo "layers: no objects in $dir" >&2; exit 1; }

declare -A def
for o in "${objs[@]}"; do
	while read -r _ t s; do
		case $t in [TDBRG]) def[$s]=${o%.o} ;; esac
	done < <(nm --defined-only "$o")
done
edges=$(for o in "${objs[@]}"; do
	nm -u "$o" | while read -r _ s; do
		d=${def[$s]:-}
		if [ -n "$d" ] && [ "$d" != "${o%.o}" ]; then echo "${o%.o} $d"; fi
	done
done | sort -u)
echo "$edges" | awk '{ a[$1] = a[$1] " " $2 } END { for (k in a) print "    " k " ->" a[k] }' | sort

rc=0
if ! err=$(echo "$edges" | tsort 2>&1 >/dev/null) || [ -n "$err" ]; then
	echo "layers: a circle between objects:"; echo "$err" | sed 's/^/    /'; rc=1
fi
# the two halves: pair objects are snull_<x> without _nc
while read -r a b; do
	[ "$a" = snull_main ] && continue
	ha=pair hb=pair
	case $a in snull_nc*) ha=client ;; esac
	case $b in snull_nc*) hb=client ;; esac
	if [ "$ha" != "$hb" ]; then
		echo "layers: $a ($ha) uses $b ($hb)"; rc=1
	fi
done <<< "$edges"
exit $rc
