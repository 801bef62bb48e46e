# SPDX-License-Identifier: GPL-2.0
# Helpers for the in-VM tests (busybox sh).  Real tools by absolute path.
IP=/opt/bin/ip
TC=/opt/bin/tc
ETHTOOL=/opt/bin/ethtool
SNTOOL=/opt/bin/sntool
KVER=$(cat /etc/kver)
MOD=/lib/modules/snull.ko
. /snull/reports.sh

FAILS=""
NPASS=0
NFAIL=0
KTAP_N=0

# Results as KTAP (Documentation/dev-tools/ktap.rst): the version line
# before the first, then "ok N NAME" or "not ok N NAME # WHY" (a skip:
# "ok N NAME # SKIP WHY"); the test count is not known in advance, so no
# plan line, and ktap_totals ends the output with the counts.
# ktap_result ok|"not ok" NAME [# DIRECTIVE/WHY]
ktap_result() {
	if [ $KTAP_N = 0 ]; then
		echo "KTAP version 1"
		echo "# kernel $KVER"
	fi
	KTAP_N=$((KTAP_N + 1))
	echo "$1 $KTAP_N $2${3:+ # $3}"
}
ktap_totals() { echo "# Totals: pass:$NPASS fail:$NFAIL"; }

log() { echo "  $*"; }

# check COND-DESCRIPTION: record a failed expectation of the current test
fail() { FAILS="$FAILS; $*"; log "FAIL: $*"; }

expect() { # expect DESCRIPTION command...
	d=$1; shift
	if "$@"; then log "ok: $d"; else fail "$d"; fi
}

# alike DESCRIPTION CMD ARGS...: an expectation met when sntool's comparison
# CMD (dgcmp, framecmp) finds the two sides alike; its report is logged
alike() {
	local d=$1 out rc
	shift
	out=$($SNTOOL "$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/  /'
	expect "$d" [ $rc = 0 ]
}

stat_of() { cat "/sys/class/net/$1/statistics/$2"; }

# ethtool -S counter; runs in namespace $3 if given
xstat() {
	if [ -n "${3:-}" ]; then
		$IP netns exec "$3" $ETHTOOL -S "$1" | sed -n "s/^ *$2: //p"
	else
		$ETHTOOL -S "$1" | sed -n "s/^ *$2: //p"
	fi
}

# snmp NS PROTO FIELD: a /proc/net/snmp counter (Ip:, Udp:, ...) of
# namespace NS ("" = this one)
snmp() {
	if [ -n "$1" ]; then
		$IP netns exec "$1" cat /proc/net/snmp
	else
		cat /proc/net/snmp
	fi | awk -v p="$2:" -v f="$3" '$1 == p { if (!n++) { for (i = 2; i <= NF; i++) if ($i == f) c = i } else print $c }'
}

# qdisc_drops DEV [NS]: packets the root qdisc of DEV dropped
qdisc_drops() {
	if [ -n "${2:-}" ]; then
		$IP netns exec "$2" $TC -s qdisc show dev "$1"
	else
		$TC -s qdisc show dev "$1"
	fi | sed -n 's/.*dropped \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

# Patterns that must never show in the kernel log; a test can allow some.
# The debug kernel's checkers report as BUG:/WARNING: too; listed for clarity.
BAD='BUG|WARNING|Oops|scheduling while atomic|NETDEV WATCHDOG|Call Trace|general protection|refcount_t|to become free|still in flight|KASAN|suspected memory leak|possible circular|possible recursive|inconsistent lock|sleeping function called|ODEBUG|INFO: task|soft lockup|self-detected stall|UBSAN'

unload_all() {
	local t k
	dmesg -n 4
	# a target a failed test left in configfs would keep its module
	# loaded, and fail every test after it
	for t in /sys/kernel/config/snull_netconsole/* /sys/kernel/config/netconsole/*; do
		[ -d "$t" ] || continue
		echo 0 > "$t/enabled" 2>/dev/null
		for k in "$t"/userdata/*; do [ -d "$k" ] && rmdir "$k" 2>/dev/null; done
		rmdir "$t" 2>/dev/null
	done
	for m in netconsole snull; do rmmod $m 2>/dev/null; done
	for ns in $($IP netns list 2>/dev/null | cut -d' ' -f1); do $IP netns del "$ns"; done
}

# run_test NAME [ALLOWED-DMESG-REGEX]: runs t_NAME (a numbered NAME_<n>,
# a round of a repeated test, runs t_NAME)
# snullonly=REGEX on the kernel command line runs only matching tests
# snullskip=REGEX skips the matching ones (make check's debug lane)
ONLY=$(sed -n 's/.*snullonly=\([^ ]*\).*/\1/p' /proc/cmdline)
SKIP=$(sed -n 's/.*snullskip=\([^ ]*\).*/\1/p' /proc/cmdline)

run_test() {
	local fn allow t0
	TNAME=$1 fn=t_$1 allow=${2:-}
	case $TNAME in *_[0-9]*) type "$fn" > /dev/null 2>&1 || fn=t_${TNAME%_*} ;; esac
	if [ -n "$ONLY" ] && ! echo "$TNAME" | grep -Eq "$ONLY"; then
		return
	fi
	if [ -n "$SKIP" ] && echo "$TNAME" | grep -Eq "$SKIP"; then
		echo "  ($TNAME not run here: snullskip)"
		return
	fi
	FAILS=""
	dmesg -c > /dev/null
	echo "=== $TNAME"
	t0=$(date +%s)
	$fn
	log "($TNAME took $(( $(date +%s) - t0 )) s)"
	# unload first: a report from the teardown belongs to this test too
	unload_all
	sleep 0.2
	dmesg -c > /tmp/dmesg.$TNAME
	: > /tmp/intree.$TNAME
	not_intree /tmp/dmesg.$TNAME /tmp/intree.$TNAME > /tmp/own.$TNAME
	if [ -s /tmp/intree.$TNAME ]; then
		log "in-tree netconsole's own reports (trace through [netconsole], not [snull]; not counted): $(sort /tmp/intree.$TNAME | uniq -c | tr -s ' ' | tr '\n' '|')"
	fi
	if [ -n "$allow" ]; then
		grep -Ev "$allow" /tmp/own.$TNAME | grep -E "$BAD" > /tmp/bad.$TNAME
	else
		grep -E "$BAD" /tmp/own.$TNAME > /tmp/bad.$TNAME
	fi
	if [ -s /tmp/bad.$TNAME ]; then
		fail "kernel log: $(head -n 3 /tmp/bad.$TNAME | tr '\n' '|')"
		sed 's/^/  dmesg: /' /tmp/dmesg.$TNAME | tail -n 40
	fi
	if [ -z "$FAILS" ]; then
		NPASS=$((NPASS + 1))
		ktap_result ok "$TNAME"
	else
		NFAIL=$((NFAIL + 1))
		ktap_result "not ok" "$TNAME" "${FAILS#; }"
	fi
}

wait_carrier() { # wait_carrier DEV [NS]
	local i=0 c
	while [ $i -lt 50 ]; do
		if [ -n "${2:-}" ]; then
			c=$($IP netns exec "$2" cat /sys/class/net/$1/carrier 2>/dev/null)
		else
			c=$(cat /sys/class/net/$1/carrier 2>/dev/null)
		fi
		[ "$c" = 1 ] && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# The QEMU hub's two virtio-net NICs (vmrun.sh SNULL_VM_HUB=1): hub_nics
# loads the driver and names them, VDEV (MAC ..:01) and VPEER (..:02);
# false when the guest has none.  hub_up puts VDEV here as 10.0.1.1 and
# VPEER in namespace b (which must exist) as 10.0.1.2.
hub_nics() {
	local m d
	for m in $(cat /lib/modules/virtio_pci.order /lib/modules/virtio_net.order 2>/dev/null); do
		insmod /lib/modules/$m.ko 2>/dev/null
	done
	sleep 1
	VDEV= VPEER=
	for d in /sys/class/net/*; do
		case $(cat $d/address) in
		52:54:00:00:00:01) VDEV=${d##*/} ;;
		52:54:00:00:00:02) VPEER=${d##*/} ;;
		esac
	done
	[ -n "$VDEV" ] && [ -n "$VPEER" ]
}
hub_up() {
	$IP link set $VPEER netns b
	$IP addr add 10.0.1.1/24 dev $VDEV; $IP link set $VDEV up
	$IP netns exec b $IP addr add 10.0.1.2/24 dev $VPEER
	$IP netns exec b $IP link set $VPEER up
	wait_carrier $VDEV
}

# pair mode with sn1 in namespace "b": sn0 10.0.0.1/24, sn1 10.0.0.2/24
setup_pair_ns() {
	insmod $MOD mode=pair "$@" || { fail "insmod mode=pair $*"; return 1; }
	$IP netns add b
	$IP link set sn1 netns b
	$IP addr add 10.0.0.1/24 dev sn0
	$IP link set sn0 up
	$IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
	$IP netns exec b $IP link set sn1 up
	$IP netns exec b $IP link set lo up
	# fq_codel (Debian's default) drops what waits > 5 ms on a slow TCG
	# guest; with pfifo a stopped queue only blocks the sender, so tests
	# that count every datagram see the driver, not CoDel.
	$TC qdisc replace dev sn0 root pfifo limit 10000
	$IP netns exec b $TC qdisc replace dev sn1 root pfifo limit 10000
	wait_carrier sn0 || fail "sn0 carrier did not come up"
}

# LDD3 addresses in one namespace
setup_snull() {
	insmod $MOD "$@" || { fail "insmod $*"; return 1; }
	$IP addr add 192.168.2.8/24 dev sn0
	$IP addr add 192.168.3.9/24 dev sn1
	$IP link set sn0 up
	$IP link set sn1 up
	$TC qdisc replace dev sn0 root pfifo limit 10000
	$TC qdisc replace dev sn1 root pfifo limit 10000
	wait_carrier sn0 || fail "sn0 carrier did not come up"
}

# SIGUSR1 to the live sntool receivers in $RECV_PIDS, just before traffic:
# until their next datagram they wait up to 60 s, not their idle time (a
# reaped receiver's PID may have been reused: check the command)
kick_recv() {
	local p c
	for p in $RECV_PIDS; do
		c=$( { tr '\0' ' ' < /proc/$p/cmdline; } 2>/dev/null)
		case "$c" in
		*sntool*" listen "*|*sntool*" ncreasm "*|*sntool*" count "*|*sntool*" capture "*|*sntool*" recv "*)
			kill -USR1 $p 2>/dev/null ;;
		*)	RECV_PIDS=$(echo " $RECV_PIDS " | sed "s/ $p / /") ;;
		esac
	done
}

# start a receiver in the background; waits until it is listening
start_recv() { # start_recv NS OUTFILE sntool-args...
	ns=$1 outf=$2; shift 2
	rm -f "$outf"
	$SNTOOL ${ns:+-n "$ns"} "$@" > "$outf" 2>&1 &
	RECV_PID=$!
	# a loaded TCG guest can take seconds to start it: wait for the bind,
	# keeping the receivers started before this one patient meanwhile
	local i=0
	while [ $i -lt 1200 ] && ! grep -q ready "$outf" 2>/dev/null; do
		[ $((i % 5)) = 0 ] && kick_recv
		sleep 0.1; i=$((i + 1))
	done
	[ $i -ge 20 ] && log "  (receiver took $((i / 10)) s to bind)"
	grep -q ready "$outf" 2>/dev/null || fail "receiver ($*) not ready after 120 s"
	kick_recv
	RECV_PIDS="$RECV_PIDS $RECV_PID"
	# sntool's senders kick them again just before their first frame
	export SNTOOL_KICK="$RECV_PIDS"
}

field() { # field NAME FILE: value after "NAME " in sntool output
	sed -n "s/.*\b$1 \([0-9]*\).*/\1/p" "$2" | tail -n 1
}

# kmemleak (debug kernel only): forget what boot left, then after the tests
# scan until nothing is too young to judge and fail on any report.
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_start() {
	grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	[ -e $KMEMLEAK ] || return 0
	echo scan > $KMEMLEAK
	echo clear > $KMEMLEAK
}

t_kmemleak() {
	unload_all
	sleep 6
	echo scan > $KMEMLEAK
	sleep 6
	echo scan > $KMEMLEAK
	cat $KMEMLEAK > /tmp/kmemleak
	n=$(grep -c 'unreferenced object' /tmp/kmemleak)
	log "kmemleak after two scans: $n unreferenced objects"
	[ "$n" = 0 ] || head -n 60 /tmp/kmemleak | sed 's/^/  kmemleak: /'
	expect "kmemleak reports nothing" [ "$n" = 0 ]
}
