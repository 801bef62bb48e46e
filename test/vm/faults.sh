# SPDX-License-Identifier: GPL-2.0
# Allocation-failure tests for the debug kernel (failslab, fail_page_alloc,
# /proc/thread-self/fail-nth): during load, pair creation, target creation
# and enable, every fault point the operation reaches is failed in turn;
# during traffic, a share of the allocations made from snull's own code.
# Every failure must be handled (error returned or frame dropped and
# counted), with no report and nothing leaked (kmemleak at the end).
. /snull/lib.sh
. /snull/nc.sh
DBG=/sys/kernel/debug
STRIDE=$(sed -n 's/.*snullstride=\([0-9]*\).*/\1/p' /proc/cmdline)
STRIDE=${STRIDE:-1}
kmemleak_start
# an injected page-allocation failure prints a warn_alloc() report with a
# stack ("Call Trace"); a real bug still shows by its BUG:/WARNING: line
ALLOC_FAIL='Call Trace'

fi_setup() { # fi_setup: both injectors quiet, GFP_KERNEL included
	for f in failslab fail_page_alloc; do
		echo 0 > $DBG/$f/probability
		echo N > $DBG/$f/ignore-gfp-wait
		echo 0 > $DBG/$f/verbose
		echo -1 > $DBG/$f/times
		echo 1 > $DBG/$f/interval
		echo 32 > $DBG/$f/stacktrace-depth
		# no stack filter: require-start 0, require-end ULONG_MAX
		echo 0 > $DBG/$f/require-start
		echo 18446744073709551615 > $DBG/$f/require-end
	done
	echo 0 > $DBG/fail_page_alloc/min-order
	echo N > $DBG/fail_page_alloc/ignore-gfp-highmem
}

# failnth_sweep NAME SETUP UNDO OP...: count the fault points OP passes,
# then fail each in turn.  SETUP runs before each attempt; UNDO after a
# success.  After an error, check_failed (nothing left) or check_done (the
# whole result, only the reply lost) must hold; anything else is a bug.
failnth_sweep() {
	local name=$1 setup=$2 undo=$3 r total n ok=0 refused=0 lost=0 left
	shift 3
	local t0=$(date +%s)
	$setup
	r=$($SNTOOL failnth 100000 "$@")
	left=${r##* left }
	total=$((100000 - left))
	case $r in "rc 0 "*) ;; *) fail "$name: plain attempt failed: $r"; return ;; esac
	$undo
	n=1 tried=0
	while [ $n -le $total ]; do
		# snullstride=K: every Kth point, and always the last ten
		if [ $(( (n - 1) % STRIDE )) != 0 ] && [ $n -le $((total - 10)) ]; then
			n=$((n + 1)); continue
		fi
		tried=$((tried + 1))
		$setup
		r=$($SNTOOL failnth $n "$@")
		case $r in
		"rc 0 "*) ok=$((ok + 1)); $undo ;;
		*) if check_failed; then
			refused=$((refused + 1))
		   elif check_done; then
			# done, but the reply was lost (e.g. the netlink ack)
			lost=$((lost + 1)); $undo
		   else
			fail "$name: fault $n: half-done state left after '$r'"
			$undo
		   fi ;;
		esac
		n=$((n + 1))
	done
	[ "$total" -gt 0 ] || fail "$name: the operation reached no fault point (injection not working)"
	log "$name: $total fault points, $tried failed in turn (stride $STRIDE): $refused refused with an error and nothing left, $ok succeeded anyway (failure absorbed), $lost done with the reply lost, $(( $(date +%s) - t0 )) s"
	FP_TOTAL=$total
}

# --- load: the whole init_module, snull's init with a netconsole target last
# only the allocations made under do_one_initcall(), i.e. by snull's init:
# the module loader's own are the kernel's business (fail-nth honours the
# stack filter, so N counts these alone)
ld_setup() { :; }
fn_range() { # fn_range SYMBOL: "start end" of a core kernel function
	sort /proc/kallsyms | awk -v f="$1" 'hit { print $1; exit } $3 == f && !hit { printf "%s ", $1; hit = 1 }'
}
# snull's text: its lowest text symbol up to the next symbol after its
# highest (kallsyms addresses are fixed-width hex: string order works)
snull_text() {
	sort /proc/kallsyms > /tmp/ksyms
	local start last end
	start=$(awk '$4 == "[snull]" && ($2 == "t" || $2 == "T") { print $1 }' /tmp/ksyms | head -n 1)
	last=$(awk '$4 == "[snull]" && ($2 == "t" || $2 == "T") { print $1 }' /tmp/ksyms | tail -n 1)
	end=$(awk -v l="$last" '$1 > l { print $1; exit }' /tmp/ksyms)
	[ -n "$start" ] && [ -n "$end" ] && echo "$start $end"
}
fi_filter() { # fi_filter START END (hex, no 0x)
	for f in failslab fail_page_alloc; do
		echo 0x$1 > $DBG/$f/require-start
		echo 0x$2 > $DBG/$f/require-end
	done
}
ld_undo() { rmmod snull; }
ld_check() { ! grep -q '^snull ' /proc/modules && [ ! -e /sys/class/net/sn0 ]; }
t_fault_load() {
	fi_setup
	echo 0 > /sys/module/netpoll/parameters/carrier_timeout
	check_failed() { ld_check; }
	check_done() { grep -q '^snull ' /proc/modules && [ -e /sys/class/net/sn0 ] && [ -e /sys/class/net/sn1 ]; }
	r=$(fn_range do_one_initcall)
	[ -n "${r#* }" ] || { fail "do_one_initcall not in /proc/kallsyms"; return; }
	fi_filter $r
	log "fault points limited to stacks through do_one_initcall [${r% *}..${r#* })"
	failnth_sweep load ld_setup ld_undo load $MOD \
		"mode=pair pool_size=8 netconsole=@10.0.0.1/sn0,6666@10.0.0.2/02:53:4e:00:00:01"
	expect "module loads cleanly afterwards" insmod $MOD
}

# --- pair creation: RTM_NEWLINK type snull
lk_undo() { $IP link del snt0; }
lk_check() { [ ! -e /sys/class/net/snt0 ] && [ "$(ls /sys/class/net | grep -c '^sn')" = 2 ]; }
t_fault_linkadd() {
	fi_setup
	insmod $MOD || { fail insmod; return; }
	check_failed() { lk_check; }
	check_done() { [ -e /sys/class/net/snt0 ] && [ "$(ls /sys/class/net | grep -c '^sn')" = 4 ]; }
	r=$(snull_text) || { fail "no snull text range"; return; }
	fi_filter $r
	failnth_sweep "ip link add type snull (stacks through snull)" : lk_undo linkadd snt0
	expect "pair created cleanly afterwards" $IP link add snt0 type snull
	expect "module unloads" rmmod snull
}

# --- target: mkdir, then enable (netpoll setup and the frame pool)
TG=/sys/kernel/config/snull_netconsole/ft
tg_fill() { echo sn0 > $TG/dev_name; echo 10.0.0.1 > $TG/local_ip; echo 10.0.0.2 > $TG/remote_ip; }
en_setup() { mkdir -p $TG; tg_fill; }
en_undo() { echo 0 > $TG/enabled; }
en_check() { [ "$(cat $TG/enabled)" = 0 ]; }
mk_undo() { rmdir $TG; }
mk_check() { [ ! -d $TG ]; }
t_fault_target() {
	fi_setup
	echo 0 > /sys/module/netpoll/parameters/carrier_timeout
	nc_setup || return
	r=$(snull_text) || { fail "no snull text range"; return; }
	fi_filter $r
	check_failed() { mk_check; }
	check_done() { [ -d $TG ]; }
	failnth_sweep "target mkdir (stacks through snull)" : mk_undo mkdir $TG
	check_failed() { en_check; }
	check_done() { [ "$(cat $TG/enabled)" = 1 ]; }
	failnth_sweep "target enable (stacks through snull)" en_setup en_undo write $TG/enabled 1
	fi_setup
	rmdir $TG
	# the target still works after all that
	mkdir $TG; tg_fill; echo 1 > $TG/enabled
	start_recv b /tmp/ft listen 6666 2500
	kmsg "after-faults-$$"
	wait
	expect "a target enabled after the sweep delivers" grep -q "after-faults-$$" /tmp/ft
	echo 0 > $TG/enabled; rmdir $TG
	expect "module unloads" rmmod snull
}

# --- traffic: 20 % of the allocations made with snull's code on the stack
t_fault_traffic() {
	local pct=20 sent got nomem s0 s1 acct t
	fi_setup
	echo 0 > /sys/module/netpoll/parameters/carrier_timeout
	nc_setup "netconsole=+@10.0.0.1/sn0,6666@10.0.0.2/02:53:4e:00:00:01" || return
	$IP addr add 10.0.0.1/24 dev sn0
	# no ARP in the window: every frame sn0 -> sn1 is a datagram
	$IP neigh replace 10.0.0.2 lladdr 02:53:4e:00:00:01 nud permanent dev sn0
	mkdir $NCFS/cmdline0
	r=$(snull_text) || { fail "no snull text range in /proc/kallsyms"; return; }
	# The log traffic gets its own listener, so that a datagram to no
	# socket (Udp NoPorts) can only be one of the test's, sent after its
	# receiver gave up.
	$SNTOOL -n b listen 6666 20000 > /dev/null &
	lpid=$!
	start_recv b /tmp/ftr recv 5590 4000 10000
	# Every place a datagram of this test can end, counted before and
	# after: the sending socket (Udp SndbufErrors: the qdisc refused it),
	# sn0's qdisc, snull's own drops on both ends (tx_dropped of sn0,
	# rx_dropped of sn1), snull's transmit drops
	# for want of memory (tx_drop_nomem, in tx_dropped), and the receiving
	# namespace's IP and UDP layers (InDiscards, InHdrErrors, Udp InErrors,
	# which includes RcvbufErrors, and NoPorts).  The log traffic shares
	# sn0, so its own drops are in these counters too: the sum can exceed
	# what the test lost, never fall short of it unless a frame vanished.
	s0="$(snmp "" Udp SndbufErrors) $(qdisc_drops sn0) $(stat_of sn0 tx_dropped)"
	s0="$s0 $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_dropped)"
	s0="$s0 $(snmp b Ip InDiscards) $(snmp b Ip InHdrErrors) $(snmp b Udp InErrors) $(snmp b Udp NoPorts)"
	fi_filter $r
	for f in failslab fail_page_alloc; do echo $pct > $DBG/$f/probability; done
	log "failing $pct % of allocations with snull text [${r% *}..${r#* }) on the stack"
	(i=0; while [ $i -lt 200 ]; do echo "<6>fault-traffic-$i" > /dev/kmsg; i=$((i + 1)); done) &
	wpid=$!
	$SNTOOL send 10.0.0.2 5590 4000 200 > /tmp/fts
	wait $wpid
	for f in failslab fail_page_alloc; do echo 0 > $DBG/$f/probability; done
	wait $RECV_PID
	s1="$(snmp "" Udp SndbufErrors) $(qdisc_drops sn0) $(stat_of sn0 tx_dropped)"
	s1="$s1 $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_dropped)"
	s1="$s1 $(snmp b Ip InDiscards) $(snmp b Ip InHdrErrors) $(snmp b Udp InErrors) $(snmp b Udp NoPorts)"
	kill $lpid 2>/dev/null; wait $lpid 2>/dev/null
	nomem=$(xstat sn0 tx_drop_nomem)
	sent=$(field sent /tmp/fts)
	got=$(field received /tmp/ftr)
	log "$(cat /tmp/fts) / $(tail -n 1 /tmp/ftr)"
	log "target: $(tr '\n' ' ' < $NCFS/cmdline0/stats)"
	te=$(cat $NCFS/cmdline0/transmit_errors) nd=$(sed -n 's/^dropped //p' $NCFS/cmdline0/stats)
	expect "transmit_errors ($te) counts each datagram left without an skb (dropped $nd)" [ "$te" = "$nd" ]
	acct=0 t=""
	set -- $s1
	for n in SndbufErrors qdisc_drops sn0_tx_dropped sn1_rx_dropped InDiscards InHdrErrors Udp_InErrors NoPorts; do
		d=$(( $1 - $(echo $s0 | cut -d' ' -f1) ))
		s0=$(echo $s0 | cut -d' ' -f2-)
		shift
		acct=$((acct + d)) t="$t $n +$d"
	done
	# Zero copy: receive allocates nothing, so no receive-side failure
	# is left to count; what failed under snull's transmit is in nomem.
	log "counted drops:$t (sn0 tx_drop_nomem $nomem)"
	[ -n "$sent" ] && [ -n "$got" ] || fail "no sender or receiver count"
	expect "every datagram sent is received or counted as dropped ($got + $acct >= $sent)" \
		[ $((${got:-0} + acct)) -ge "${sent:-1}" ]
	# and everything works again once the injection stops
	ping -c 2 -W 2 10.0.0.2 > /tmp/ping 2>&1
	expect "traffic recovers after the injection" grep -q ' 0% packet loss' /tmp/ping
	rmdir $NCFS/cmdline0
	expect "module unloads" rmmod snull
}

if [ ! -e $DBG/failslab/probability ]; then
	mount -t debugfs none $DBG 2>/dev/null
fi
if [ -e $DBG/failslab/probability ]; then
	run_test fault_load "$ALLOC_FAIL"
	run_test fault_linkadd "$ALLOC_FAIL"
	run_test fault_target "$ALLOC_FAIL"
	run_test fault_traffic "$ALLOC_FAIL"
	[ -e $KMEMLEAK ] && run_test kmemleak
else
	echo "fault injection is not in this kernel ($(uname -r))"
fi
ktap_totals
