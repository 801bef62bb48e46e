#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the driver selftests' root (scripts/drvtest.sh, chrooted into by
# test/vm/drvtest.sh): the kernel's tools/testing/selftests/drivers/net
# tests, unmodified, against a pair of each KIND: dt0 in this namespace,
# its peer in namespace drvr, 4 queues a side, IPv4 and IPv6; each test on
# a pair of its own.  Prints each test's own output, then one KTAP result
# per case of snull's (judged against /opt/drvtest/expected), veth's as
# diagnostics, and DRVTABLE lines (case, snull, veth) for the host's table.
#   run.sh KVER "TESTS" KIND...
set -u
kver=$1 tests=$2
shift 2
st=/opt/drvtest/src/tools/testing/selftests/drivers/net
exp=/opt/drvtest/expected
res=/tmp/drvres
: > $res
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PYTHONDONTWRITEBYTECODE=1 HOME=/root

# pair KIND: dt0 here, its peer (printed) in namespace drvr, both up
pair() {
	local peer
	ip netns add drvr
	case $1 in
	snull)
		ip link add dt0 numtxqueues 4 numrxqueues 4 type snull || return 1
		peer=$(ip -o link show | sed -n 's/^[0-9]*: \([^@:]*\)@dt0:.*/\1/p')
		;;
	veth)
		peer=dt1
		ip link add dt0 numtxqueues 4 numrxqueues 4 type veth \
			peer name dt1 numtxqueues 4 numrxqueues 4 || return 1
		;;
	esac
	[ -n "$peer" ] || return 1
	ip link set "$peer" netns drvr
	ip addr add 192.0.2.1/24 dev dt0
	ip addr add 2001:db8:1::1/64 dev dt0 nodad
	ip -n drvr addr add 192.0.2.2/24 dev "$peer"
	ip -n drvr addr add 2001:db8:1::2/64 dev "$peer" nodad
	ip -n drvr link set lo up
	ip -n drvr link set "$peer" up
	ip link set dt0 up
	for _ in $(seq 50); do
		[ "$(cat /sys/class/net/dt0/carrier 2> /dev/null)" = 1 ] && return 0
		sleep 0.1
	done
	return 1
}

unpair() {
	ip link del dt0 2> /dev/null
	ip netns del drvr 2> /dev/null
	sleep 0.5
}

# run KIND TEST: the test's cases into $res as "KIND CASE STATUS WHY"
run() {
	local kind=$1 t=$2 out rc line n=0 t0
	if ! pair "$kind"; then
		echo "$kind ${t%.py} fail cannot set up the $kind pair" >> $res
		unpair
		return
	fi
	echo "## $kind $t"
	t0=$(date +%s)
	out=$(cd $st && NETIF=dt0 LOCAL_V4=192.0.2.1 REMOTE_V4=192.0.2.2 \
		LOCAL_V6=2001:db8:1::1 REMOTE_V6=2001:db8:1::2 \
		REMOTE_TYPE=netns REMOTE_ARGS=drvr timeout 600 python3 "./$t" 2>&1)
	rc=$?
	echo "$out" | sed "s/^/  [$kind] /"
	echo "## $kind $t: exit $rc after $(( $(date +%s) - t0 )) s"
	unpair
	while read -r line; do
		# "ok N test.case", "not ok N test.case", "... # SKIP|XFAIL why"
		set -- $line
		local status=pass name why=""
		[ "$1" = not ] && { status=fail; shift; }
		name=$3
		case $line in
		*" # SKIP"*) status=skip why=${line#* # SKIP} ;;
		*" # XFAIL"*) status=xfail why=${line#* # XFAIL} ;;
		*" # "*) why=${line#* # } ;;
		esac
		echo "$kind $name $status ${why# }" >> $res
		n=$((n + 1))
	done < <(echo "$out" | grep -E '^(not )?ok [0-9]+ [^ ]')
	[ $n = 0 ] && echo "$kind ${t%.py} fail no result (exit $rc): $(echo "$out" | tail -n 1 | cut -c1-100)" >> $res
}

for kind in "$@"; do
	for t in $tests; do
		run "$kind" "$t"
	done
done

# KTAP: snull's cases, each a pass or the status the expectations name
n=0
ktap() {
	[ $n = 0 ] && { echo "KTAP version 1"; echo "# kernel $kver"; }
	n=$((n + 1))
	echo "$1 $n $2${3:+ # $3}"
}
npass=0 nfail=0
while read -r kind name status why; do
	[ "$kind" = snull ] || continue
	# the first line naming the case, or a prefix of it ending in *
	line=$(awk -v c="$name" '/^#/ { next }
		$1 == c || (substr($1, length($1)) == "*" && index(c, substr($1, 1, length($1) - 1)) == 1) { print; exit }' $exp)
	want=$(echo "$line" | awk '{ print $2 }')
	wwhy=$(echo "$line" | awk '{ $1 = ""; $2 = ""; sub(/^ +/, ""); print }')
	if [ -z "$want" ] && [ "$status" = pass ]; then
		ktap ok "snull/$name"; npass=$((npass + 1))
	elif [ "$want" = any ] || { [ -n "$want" ] && [ "$status" = "$want" ]; }; then
		ktap ok "snull/$name" "known $status: $wwhy"; npass=$((npass + 1))
	elif [ -n "$want" ]; then
		ktap "not ok" "snull/$name" "$status, but test/drvtest/expected says $want ($wwhy)${why:+: $why}"
		nfail=$((nfail + 1))
	else
		ktap "not ok" "snull/$name" "$status${why:+: $why}"; nfail=$((nfail + 1))
	fi
done < $res
while read -r kind name status why; do
	[ "$kind" = snull ] || echo "# $kind $name: $status${why:+ ($why)}"
done < $res
# the side-by-side table: every case either kind ran
awk '{ c[$2] = 1; s[$1 " " $2] = $3 }
	END { for (k in c) print "DRVTABLE", k, (("snull " k) in s ? s["snull " k] : "-"), (("veth " k) in s ? s["veth " k] : "-") }' $res | sort
echo "# Totals: pass:$npass fail:$nfail"
