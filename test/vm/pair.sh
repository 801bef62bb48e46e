# SPDX-License-Identifier: GPL-2.0
# In-VM tests of the pair: parameters, both modes, NAPI and regular
# delivery, namespaces, ordering, counters, the pool, link add/del, rmmod
# under traffic, the lockup, and the in-tree netconsole over sn0.
# Sourced by suite.sh, which runs them.
t_params() {
	for bad in "pool_size=1" "pool_size=1025" "pool_size=abc" "mode=foo" \
		   "timeout=50" "napi_weight=0" "napi_weight=65" "lockup=1000001"; do
		dmesg -c > /dev/null
		if insmod $MOD "$bad" 2>/dev/null; then
			fail "insmod $bad was accepted"
			rmmod snull
			continue
		fi
		pname=${bad%%=*}
		msg=$(dmesg | grep "snull: .*$pname" | head -n 1)
		log "insmod $bad refused: $msg"
		[ -n "$msg" ] || fail "no message naming $pname for $bad"
		[ -e /sys/class/net/sn0 ] && fail "sn0 exists after refused load"
	done
	insmod $MOD pool_size=2 timeout=100 napi_weight=1 lockup=0 mode=pair ||
		fail "insmod with boundary values refused"
	expect "pool_size shows 2" [ "$(cat /sys/module/snull/parameters/pool_size)" = 2 ]
	expect "mode shows pair" [ "$(cat /sys/module/snull/parameters/mode)" = pair ]
}

t_basics() {
	insmod $MOD || { fail "insmod"; return; }
	expect "sn0 and sn1 exist" [ -e /sys/class/net/sn0 -a -e /sys/class/net/sn1 ]
	m0=$(cat /sys/class/net/sn0/address) m1=$(cat /sys/class/net/sn1/address)
	log "MACs sn0=$m0 sn1=$m1"
	expect "stable locally administered MACs" [ "$m0" = 02:53:4e:00:00:00 -a "$m1" = 02:53:4e:00:00:01 ]
	expect "peers via iflink" [ "$(cat /sys/class/net/sn0/iflink)" = "$(cat /sys/class/net/sn1/ifindex)" ]
	$ETHTOOL -i sn0 > /tmp/drvinfo
	log "$(tr '\n' ' ' < /tmp/drvinfo)"
	expect "ethtool -i driver snull" grep -q '^driver: snull' /tmp/drvinfo
	v=$(cat /sys/module/snull/version)
	expect "ethtool -i version is the module's ($v)" grep -qx "version: $v" /tmp/drvinfo
	$ETHTOOL -S sn0 > /tmp/xs
	for c in pool_size pool_in_use rxq_len tx_queue_stops tx_queue_wakes napi_polls \
		 tx_busy_pool_empty tx_drop_peer_down tx_drop_pool_full tx_netpoll_reserve; do
		grep -q "^ *$c:" /tmp/xs || fail "ethtool -S lacks $c"
	done
	expect "carrier down while both down" [ "$(cat /sys/class/net/sn0/carrier 2>/dev/null || echo 0)" = 0 ]
	$IP link set sn0 up
	sleep 0.2
	expect "carrier down with only sn0 up" [ "$(cat /sys/class/net/sn0/carrier)" = 0 ]
	$IP link set sn1 up
	wait_carrier sn0
	expect "carrier up with both up" [ "$(cat /sys/class/net/sn0/carrier)$(cat /sys/class/net/sn1/carrier)" = 11 ]
	$IP link set sn1 down
	sleep 0.2
	expect "carrier follows peer down" [ "$(cat /sys/class/net/sn0/carrier)" = 0 ]
	# MTU limits
	$IP link set sn0 mtu 67 2>/tmp/err && fail "mtu 67 accepted"
	log "mtu 67: $(cat /tmp/err)"
	expect "mtu 68 accepted" $IP link set sn0 mtu 68
	expect "mtu 65535 accepted" $IP link set sn0 mtu 65535
	$IP link set sn0 mtu 65536 2>/tmp/err && fail "mtu 65536 accepted"
	log "mtu 65536: $(cat /tmp/err)"
	expect "mtu is 65535" [ "$(cat /sys/class/net/sn0/mtu)" = 65535 ]
	$ETHTOOL -k sn0 > /tmp/feat
	log "offloads: $(grep -E '^(scatter-gather|tx-checksumming|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|tx-vlan-offload|rx-vlan-offload|highdma|tx-lockless):' /tmp/feat | tr -s ' \n' ' ')"
	for f in scatter-gather tx-checksumming tcp-segmentation-offload generic-segmentation-offload \
		 tx-vlan-offload rx-vlan-offload highdma; do
		grep -q "^$f: on" /tmp/feat || fail "$f is not on"
	done
	expect "GRO off by default" grep -q '^generic-receive-offload: off' /tmp/feat
	expect "noqueue by default" sh -c "$TC qdisc show dev sn0 | grep -q noqueue"
}

ping_ok() { ping -c 3 -W 2 "$@" > /tmp/ping 2>&1; r=$?; log "ping $*: $(grep -E 'transmitted|loss' /tmp/ping | tr '\n' ' ')"; return $r; }

snull_ping_scenario() {
	setup_snull "$@" || return
	expect "ping 192.168.2.9 (sn0 -> sn1, rewritten)" ping_ok 192.168.2.9
	expect "ping 192.168.3.8 (sn1 -> sn0, rewritten)" ping_ok 192.168.3.8
	rw=$(xstat sn0 tx_ipv4_rewrites) rw1=$(xstat sn1 tx_ipv4_rewrites)
	log "tx_ipv4_rewrites sn0=$rw sn1=$rw1"
	expect "both ends rewrote IPv4" [ "$rw" -ge 3 -a "$rw1" -ge 3 ]
	# Frame-level check: IPv4 flipped with valid checksums, IPv6/ARP untouched
	$SNTOOL rawcheck sn0 sn1 1 > /tmp/raw 2>&1
	sed 's/^/  /' /tmp/raw
	expect "rawcheck (IPv4 rewritten, csums ok; IPv6 and ARP untouched)" grep -q 'rawcheck ok' /tmp/raw
	# UDP across the rewrite: the receiving stack checks the fixed checksums
	start_recv "" /tmp/recv recv 5555 200 3000
	$SNTOOL send 192.168.2.9 5555 200 100 > /tmp/send
	wait $RECV_PID
	log "udp: $(cat /tmp/send) / $(tail -n 1 /tmp/recv)"
	expect "200 UDP datagrams across the rewrite" [ "$(field received /tmp/recv)" = 200 ]
	csumerr=$(awk '/^Udp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "InCsumErrors") c = i } else print $c }' /proc/net/snmp)
	expect "no UDP checksum errors (InCsumErrors=$csumerr)" [ "$csumerr" = 0 ]
}

t_snull_napi() {
	snull_ping_scenario
	p=$(xstat sn1 napi_polls) c=$(xstat sn1 napi_completes)
	log "sn1 napi_polls=$p napi_completes=$c"
	expect "receive went through NAPI" [ "$p" -gt 0 -a "$c" -gt 0 ]
}

t_snull_regular() {
	snull_ping_scenario use_napi=0
	p=$(xstat sn1 napi_polls) irqs=$(xstat sn1 rx_interrupts)
	log "sn1 napi_polls=$p rx_interrupts=$irqs"
	expect "regular interrupts, no NAPI" [ "$p" = 0 -a "$irqs" -gt 0 ]
}

# Regression case of the in-kernel fuzzer's first report: in regular mode
# netif_rx() runs in a hard interrupt and frees what the backlog does not
# take; a frame still owned by the sending packet socket had its destructor
# run there (DEBUG_NET_WARN_ON_ONCE(in_hardirq()) in skb_release_head_state,
# on the debug kernel, whose suite runs this too).  Here the backlog takes
# one frame at a time (netdev_max_backlog 0) while two raw floods keep the
# interrupt busy, so that netif_rx drops nearly every frame in it (without
# the fix: the warning, on the first drop).
t_regular_backlog_drop() {
	setup_pair_ns use_napi=0 pool_size=1024 || return
	old=$(cat /proc/sys/net/core/netdev_max_backlog)
	d0=$(stat_of sn0 rx_dropped) p0=$(xstat sn0 rx_drop_purged) o0=$(xstat sn0 rx_drop_oversize)
	echo 0 > /proc/sys/net/core/netdev_max_backlog
	$SNTOOL -n b rawflood sn1 3000 > /tmp/rf0 2>&1 &
	$SNTOOL -n b rawflood sn1 3000 > /tmp/rf1 2>&1
	wait
	echo "$old" > /proc/sys/net/core/netdev_max_backlog
	# rx_dropped holds snull's own drops too: take them out
	d=$(( $(stat_of sn0 rx_dropped) - d0 - ($(xstat sn0 rx_drop_purged) - p0) - ($(xstat sn0 rx_drop_oversize) - o0) ))
	log "$(cat /tmp/rf0) / $(cat /tmp/rf1); netif_rx dropped $d in the interrupt"
	expect "netif_rx dropped frames in the hard interrupt ($d)" [ "$d" -gt 0 ]
}

t_pair_netns() {
	setup_pair_ns || return
	expect "ping 10.0.0.2 across namespaces" ping_ok 10.0.0.2
	expect "ping back from namespace b" $IP netns exec b ping -c 3 -W 2 10.0.0.1
	n=$($IP neigh show 10.0.0.2 dev sn0)
	log "neighbour: $n"
	expect "ARP resolved sn1's MAC" echo "$n" | grep -q 02:53:4e:00:00:01
	# checksum offload off: the sender computes each UDP checksum, which
	# the receiver's raw socket then checks (with it on, the frames cross
	# as CHECKSUM_PARTIAL, their checksum field holding only the seed)
	$ETHTOOL -K sn0 tx off > /dev/null 2>&1
	start_recv b /tmp/recv recv 5555 1000 3000 sn1
	$SNTOOL send 10.0.0.2 5555 1000 512 > /tmp/send
	wait $RECV_PID
	log "udp: $(cat /tmp/send) / $(tail -n 1 /tmp/recv)"
	expect "1000 datagrams received" [ "$(field received /tmp/recv)" = 1000 ]
	expect "1000 frames with verified IP+UDP checksums at the receiver" \
		[ "$(field csum_ok /tmp/recv)" = 1000 -a "$(field csum_bad /tmp/recv)" = 0 ]
	expect "sn1 rx_packets counted in namespace" [ "$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)" -ge 1000 ]
	$IP link set sn0 mtu 9000
	$IP netns exec b $IP link set sn1 mtu 9000
	expect "9000-byte frames: ping -s 8972" ping_ok -s 8972 10.0.0.2
	$IP link set sn0 mtu 65535
	$IP netns exec b $IP link set sn1 mtu 65535
	expect "65535-byte frames: ping -s 65507" ping_ok -s 65507 10.0.0.2
}

t_inorder_threaded() {
	# a small budget makes the poll stop at it and come back
	setup_pair_ns napi_weight=8 || return
	ping -c 1 -W 2 10.0.0.2 > /dev/null
	for threaded in 0 1; do
		$IP netns exec b sh -c "echo $threaded > /sys/class/net/sn1/threaded" ||
			fail "cannot set threaded=$threaded"
		start_recv b /tmp/recv recv 5556 5000 3000
		$SNTOOL send 10.0.0.2 5556 5000 200 > /tmp/send
		wait $RECV_PID
		log "threaded=$threaded: $(cat /tmp/send) / $(tail -n 1 /tmp/recv)"
		log "  drops: sn0 tx_dropped=$(stat_of sn0 tx_dropped) qdisc $($TC -s qdisc show dev sn0 | sed -n 's/.*dropped \([0-9]*\).*/\1/p' | head -n 1), sn1 rx_dropped=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_dropped), b UDP RcvbufErrors=$($IP netns exec b awk '/^Udp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i } else print $c }' /proc/net/snmp) NoPorts=$($IP netns exec b awk '/^Udp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "NoPorts") c = i } else print $c }' /proc/net/snmp)"
		expect "threaded=$threaded: 5000 numbered datagrams in order" \
			[ "$(field received /tmp/recv)" = 5000 -a "$(field inorder /tmp/recv)" = 1 ]
	done
	ex=$(xstat sn1 napi_budget_exhausted b) rs=$(xstat sn1 napi_reschedules b)
	log "napi_weight=8: sn1 napi_budget_exhausted=$ex napi_reschedules=$rs"
	expect "poll stopped at its budget and resumed" [ "$ex" -gt 0 ]
	ps | grep -q '\[napi/sn1' && log "napi kthread: $(ps | grep '\[napi/sn1' | head -n 1)"
	expect "threaded NAPI kthread exists" sh -c "ps | grep -q '\[napi/sn1'"
}

t_exact_counters() {
	setup_pair_ns || return
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	$IP netns exec b sh -c 'echo 1 > /proc/sys/net/ipv6/conf/sn1/disable_ipv6'
	# permanent neighbours: no ARP probe can cross the pair mid-count
	$IP neigh replace 10.0.0.2 lladdr 02:53:4e:00:00:01 dev sn0 nud permanent
	$IP netns exec b $IP neigh replace 10.0.0.1 lladdr 02:53:4e:00:00:00 dev sn1 nud permanent
	sleep 1
	tp0=$(stat_of sn0 tx_packets) tb0=$(stat_of sn0 tx_bytes)
	rp0=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	rb0=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_bytes)
	start_recv b /tmp/recv recv 5557 777 3000
	$SNTOOL send 10.0.0.2 5557 777 300 > /tmp/send
	wait $RECV_PID
	tp=$(( $(stat_of sn0 tx_packets) - tp0 )) tb=$(( $(stat_of sn0 tx_bytes) - tb0 ))
	rp=$(( $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets) - rp0 ))
	rb=$(( $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_bytes) - rb0 ))
	log "777 x 300 B UDP: sn0 tx +$tp pkts +$tb B, sn1 rx +$rp pkts +$rb B (frame 342 B)"
	expect "tx_packets exact" [ "$tp" = 777 ]
	expect "rx_packets exact" [ "$rp" = 777 ]
	expect "tx_bytes exact" [ "$tb" = $((777 * 342)) ]
	expect "rx_bytes exact" [ "$rb" = $((777 * 342)) ]
	$IP -s link show sn0 | sed 's/^/  /'
}

t_pool_flood() {
	local np
	setup_pair_ns pool_size=2 || return
	ping -c 1 -W 2 10.0.0.2 > /dev/null
	$TC qdisc replace dev sn0 root pfifo limit 8
	# The receiver has to fall behind, whatever the guest's speed: its
	# NAPI runs in a thread of its own on CPU 1, which it shares with both
	# senders (a NAPI run from the softirq that follows each send would
	# empty the ring after every frame).
	$IP netns exec b sh -c 'echo 1 > /sys/class/net/sn1/threaded'
	for np in $(ps | sed -n 's/^ *\([0-9]*\) .*\[napi\/sn1-.*/\1/p'); do
		taskset -p 2 $np > /dev/null || fail "taskset napi thread $np"
	done
	$SNTOOL -n b listen 5558 2000 > /dev/null &
	lp=$!
	# a count, not a duration: a starved guest's clock jumps, and a timed
	# flood could end before the pool ever filled
	SNTOOL_CPU=1 $SNTOOL send 10.0.0.2 5558 1500 64 > /tmp/f1 &
	SNTOOL_CPU=1 $SNTOOL send 10.0.0.2 5558 1500 1000 > /tmp/f2 &
	wait %2 %3 2>/dev/null; wait
	kill $lp 2>/dev/null
	# Settled: the peer's NAPI has taken every frame, and the counters are
	# read while sn0 sends nothing (tx_packets the same before and after
	# the receive side is read: once rx = tx + 1, a frame sn0 sent
	# between the two reads, a neighbour probe most likely).  Polls, not
	# a clock.
	n=0
	while [ $n -lt 200 ]; do
		txp=$(stat_of sn0 tx_packets)
		rxp=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
		rxd=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_dropped)
		inuse=$(xstat sn0 pool_in_use)
		[ "$inuse" = 0 ] && [ "$(stat_of sn0 tx_packets)" = "$txp" ] &&
			[ "$txp" = $((rxp + rxd)) ] && break
		sleep 0.05; n=$((n + 1))
	done
	stops=$(xstat sn0 tx_queue_stops) wakes=$(xstat sn0 tx_queue_wakes)
	qdrops=$($TC -s qdisc show dev sn0 | sed -n 's/.*dropped \([0-9]*\).*/\1/p' | head -n 1)
	txd=$(stat_of sn0 tx_dropped)
	log "flood: $(cat /tmp/f1) | $(cat /tmp/f2)"
	log "sn0 tx_queue_stops=$stops tx_queue_wakes=$wakes qdisc_dropped=$qdrops tx_packets=$txp tx_dropped=$txd"
	log "sn1 rx_packets=$rxp rx_dropped=$rxd; sn0 pool_in_use=$inuse (settled after $n polls)"
	log "sn0 drops: peer_down=$(xstat sn0 tx_drop_peer_down) busy_pool_empty=$(xstat sn0 tx_busy_pool_empty) rxq_full=$(xstat sn0 tx_drop_rxq_full); queue stopped now: $(xstat sn0 tx_queue_stops)/$(xstat sn0 tx_queue_wakes)"
	expect "queue stopped under flood" [ "$stops" -gt 0 ]
	expect "queue woken again" [ "$wakes" -gt 0 ]
	expect "drops counted (qdisc dropped > 0)" [ "${qdrops:-0}" -gt 0 ]
	expect "every frame sent was received or counted (tx=rx+rx_dropped)" [ "$txp" = $((rxp + rxd)) ]
	expect "no pool buffer leaked (pool_in_use=0)" [ "$inuse" = 0 ]
	# back to the NAPI of the softirq and a qdisc that holds a burst
	$IP netns exec b sh -c 'echo 0 > /sys/class/net/sn1/threaded'
	$TC qdisc replace dev sn0 root pfifo limit 10000
	start_recv b /tmp/recv recv 5559 300 3000
	$SNTOOL send 10.0.0.2 5559 300 100 > /tmp/send
	wait $RECV_PID
	log "after flood: $(tail -n 1 /tmp/recv)"
	expect "traffic resumes: 300/300 in order" [ "$(field received /tmp/recv)" = 300 -a "$(field inorder /tmp/recv)" = 1 ]
}

t_lockup() {
	setup_pair_ns lockup=100 timeout=500 || return
	ping -c 1 -W 2 10.0.0.2 > /dev/null
	# fq_codel would rightly drop what waited out a stall; pfifo keeps it
	$TC qdisc replace dev sn0 root pfifo limit 1000
	start_recv b /tmp/recv recv 5560 400 8000
	$SNTOOL send 10.0.0.2 5560 400 100 2000 > /tmp/send
	wait $RECV_PID
	lk=$(xstat sn0 tx_lockups) to=$(xstat sn0 tx_timeouts) te=$(stat_of sn0 tx_errors)
	log "lockups=$lk tx_timeouts=$to tx_errors=$te; $(tail -n 1 /tmp/recv)"
	expect "lockups simulated" [ "$lk" -ge 2 ]
	expect "each lockup recovered by the watchdog" [ "$to" -ge "$lk" ]
	expect "tx_errors counts the timeouts" [ "$te" = "$to" ]
	expect "queue woke: all 400 datagrams delivered, in order" \
		[ "$(field received /tmp/recv)" = 400 -a "$(field inorder /tmp/recv)" = 1 ]
	dmesg | grep -E 'NETDEV WATCHDOG|transmit timeout' | head -n 2 | sed 's/^/  /'
}

t_link_add_del() {
	insmod $MOD mode=pair || { fail insmod; return; }
	expect "ip link add foo type snull" $IP link add foo type snull
	peer=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@foo.*/\1/p')
	log "foo's peer: ${peer:-none}; $($IP -o link show type snull 2>/dev/null | cut -d: -f2 | tr '\n' ' ')"
	expect "peer auto-named snN" [ -n "$peer" ]
	[ -n "$peer" ] || return
	expect "peer of peer is foo" [ "$(cat /sys/class/net/$peer/iflink)" = "$(cat /sys/class/net/foo/ifindex)" ]
	$IP addr add 10.9.0.1/24 dev foo
	$IP netns add c
	$IP link set "$peer" netns c
	$IP netns exec c $IP addr add 10.9.0.2/24 dev "$peer"
	$IP netns exec c $IP link set "$peer" up
	$IP link set foo up
	wait_carrier foo
	expect "ping over the new pair" ping_ok 10.9.0.2
	expect "ip link del foo" $IP link del foo
	sleep 0.3
	expect "foo gone" [ ! -e /sys/class/net/foo ]
	expect "its peer gone from namespace c" sh -c "! $IP netns exec c $IP link show $peer 2>/dev/null"
	$IP link add bar type snull
	p2=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@bar.*/\1/p')
	expect "ip link del of the auto-named end" $IP link del "$p2"
	sleep 0.3
	expect "both ends gone" [ ! -e /sys/class/net/bar -a ! -e /sys/class/net/$p2 ]
	expect "module pair untouched" [ -e /sys/class/net/sn0 -a -e /sys/class/net/sn1 ]
	# deleting the namespace holding one end removes the pair
	$IP link add baz type snull
	p3=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@baz.*/\1/p')
	$IP link set "$p3" netns c
	$IP netns del c
	sleep 1
	expect "netns deletion removed the pair" [ ! -e /sys/class/net/baz ]
}

t_rmmod_traffic() {
	local round=0
	while [ $round -lt 3 ]; do
		setup_pair_ns pool_size=4 || return
		ping -c 1 -W 2 10.0.0.2 > /dev/null
		$SNTOOL flood 10.0.0.2 5561 10 64 > /dev/null 2>&1 &
		f1=$!
		$SNTOOL -n b flood 10.0.0.1 5561 10 1400 > /dev/null 2>&1 &
		f2=$!
		sleep 1
		q=$(xstat sn0 rxq_len) u=$(xstat sn0 pool_in_use)
		log "round $round: in flight before rmmod: sn0 pool_in_use=$u rxq_len=$q, tx_packets=$(stat_of sn0 tx_packets)"
		expect "rmmod during traffic (round $round)" rmmod snull
		kill $f1 $f2 2>/dev/null; wait
		$IP netns del b
		expect "devices gone" [ ! -e /sys/class/net/sn0 ]
		round=$((round + 1))
	done
}

t_netconsole_intree() {
	setup_pair_ns || return
	insmod /lib/modules/configfs.ko 2>/dev/null
	mac1=$($IP netns exec b cat /sys/class/net/sn1/address)
	start_recv b /tmp/nc listen 6666 4000
	dmesg -n 8
	insmod /lib/modules/netconsole.ko "netconsole=6665@10.0.0.1/sn0,6666@10.0.0.2/$mac1" ||
		fail "in-tree netconsole refused sn0"
	marker="snull-netconsole-$$-$(date +%s)"
	echo "<6>$marker" > /dev/kmsg
	sleep 1
	echo "<6>$marker-2" > /dev/kmsg
	wait $RECV_PID
	dmesg -n 4
	log "listener got $(grep -c DGRAM /tmp/nc) datagrams; $(grep "$marker" /tmp/nc | head -n 1)"
	expect "netconsole line arrived over sn0" grep -q "$marker" /tmp/nc
	expect "netconsole: enabled" sh -c "dmesg | grep -q 'netconsole: network logging started'"
}

# ---- queues ----

# mq_pair N [MODULE ARGS]: a pair of N queues a side made by ip link add,
# mq0 (10.8.0.1) here and its peer $MQ1 (10.8.0.2) in namespace b
mq_pair() {
	local n=$1
	shift
	insmod $MOD mode=pair "$@" || { fail "insmod mode=pair $*"; return 1; }
	$IP link add mq0 numtxqueues $n numrxqueues $n type snull ||
		{ fail "ip link add mq0 numtxqueues $n numrxqueues $n type snull"; return 1; }
	MQ1=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@mq0.*/\1/p')
	[ -n "$MQ1" ] || { fail "mq0's peer not found"; return 1; }
	$IP netns add b
	$IP link set $MQ1 netns b
	$IP addr add 10.8.0.1/24 dev mq0
	$IP netns exec b $IP addr add 10.8.0.2/24 dev $MQ1
	$IP netns exec b $IP link set lo up
	$IP netns exec b $IP link set $MQ1 up
	$IP link set mq0 up
	# a qdisc holds what an empty pool stops (as in setup_pair_ns): the
	# test counts every datagram of senders faster than the receiver
	$TC qdisc replace dev mq0 root pfifo limit 10000
	$IP netns exec b $TC qdisc replace dev $MQ1 root pfifo limit 10000
	wait_carrier mq0 || { fail "mq0 carrier did not come up"; return 1; }
}

xstat_all() { $IP netns exec $2 $ETHTOOL -S $1; }

# mq_rxq Q: packets the peer's receive queue Q handed to the stack
mq_rxq() { xstat $MQ1 rx_queue_$1_packets b; }

# mq_xps QA QB: XPS sends what CPU 0 transmits on mq0 on its queue QA and
# CPU 1's on QB.  The maps change without ever being all empty: a device's
# first map switches a static key on and its last one's removal switches
# it off, and the kernel patching that branch in netdev_pick_tx() while the
# other vCPU runs it has hung TCG guests (both vCPUs spinning there).
mq_xps() {
	local q
	echo 1 > /sys/class/net/mq0/queues/tx-$1/xps_cpus
	echo 2 > /sys/class/net/mq0/queues/tx-$2/xps_cpus
	for q in $(ls -d /sys/class/net/mq0/queues/tx-* | sed 's/.*tx-//'); do
		[ $q = $1 ] || [ $q = $2 ] || echo 0 > /sys/class/net/mq0/queues/tx-$q/xps_cpus
	done
}

# mq_flows QA QB: 400 datagrams from CPU 0 on mq0's transmit queue QA and
# 400 from CPU 1 on QB (mq_xps); each must arrive, on the peer's receive
# queues QA and QB, and no other queue may carry them
mq_flows() {
	local qa=$1 qb=$2 q n before after
	for q in $(ls -d /sys/class/net/mq0/queues/tx-* | sed 's/.*tx-//'); do
		eval "before_$q=$(mq_rxq $q)"
	done
	mq_xps $qa $qb
	start_recv b /tmp/mqa recv 5601 400 3000
	start_recv b /tmp/mqb recv 5602 400 3000
	SNTOOL_CPU=0 $SNTOOL send 10.8.0.2 5601 400 200 > /dev/null
	SNTOOL_CPU=1 $SNTOOL send 10.8.0.2 5602 400 200 > /dev/null
	wait
	expect "tx queues $qa and $qb: 400 + 400 datagrams in order" \
		[ "$(field received /tmp/mqa)" = 400 -a "$(field inorder /tmp/mqa)" = 1 \
		  -a "$(field received /tmp/mqb)" = 400 -a "$(field inorder /tmp/mqb)" = 1 ]
	n=""
	for q in $(ls -d /sys/class/net/mq0/queues/tx-* | sed 's/.*tx-//'); do
		eval "before=\$before_$q"
		after=$(mq_rxq $q)
		n="$n rx$q+$((after - before))"
		case $q in
		$qa|$qb) [ $((after - before)) -ge 400 ] || fail "rx queue $q got $((after - before)) frames, not the 400 of tx queue $q" ;;
		*) [ $((after - before)) -lt 20 ] || fail "rx queue $q got $((after - before)) frames, sent to other queues" ;;
		esac
	done
	log "per receive queue:$n"
}

# Queues: ip link add ... numtxqueues/numrxqueues gives both ends the
# counts; transmit queue n feeds the peer's receive queue n; ethtool -l
# shows them as combined channels and ethtool -L changes them on a running
# pair under traffic; netconsole works on any queue count; more than 64
# queues are refused with the limit named.
t_multiqueue() {
	local out
	mq_pair 4 || return
	# The kernel reports the receive queue count (numrxqueues, the rx-N
	# directories of sysfs) only with CONFIG_RPS, which the debug kernel
	# leaves out: the transmit count from netlink, both from ethtool -l.
	out="$($IP -d link show mq0 | grep -o 'numtxqueues [0-9]*') / $($IP netns exec b $IP -d link show $MQ1 | grep -o 'numtxqueues [0-9]*')"
	log "mq0 / $MQ1: $out"
	expect "both ends have 4 tx queues" [ "$out" = "numtxqueues 4 / numtxqueues 4" ]
	out=$($ETHTOOL -l mq0)
	log "ethtool -l mq0: $(echo "$out" | tr -s ' \t\n' ' ')"
	expect "ethtool -l: 4 combined channels (4 rx and 4 tx queues), maximum and current, on both ends" \
		[ "$(echo "$out" | grep -c '^Combined:[[:space:]]*4$')" = 2 -a \
		  "$(echo "$out" | grep -c '^RX:[[:space:]]*n/a$')" = 2 -a \
		  "$($IP netns exec b $ETHTOOL -l $MQ1 | grep -c '^Combined:[[:space:]]*4$')" = 2 ]
	ping -c 1 -W 2 10.8.0.2 > /dev/null
	mq_flows 0 1
	mq_flows 2 3
	# the peer sends while mq0 drops to 2 queues and comes back to 4 (the
	# XPS maps first on queues that stay: see mq_xps)
	mq_xps 0 1
	$SNTOOL -n b flood 10.8.0.1 5603 6 200 > /dev/null 2>&1 &
	sleep 1
	expect "ethtool -L mq0 combined 2 under traffic" $ETHTOOL -L mq0 combined 2
	expect "mq0 has 2 rx and 2 tx queues in use (ethtool -l, sysfs tx-N)" sh -c "
		[ \$($ETHTOOL -l mq0 | grep '^Combined:' | tail -n 1 | tr -dc 0-9) = 2 ] &&
		[ \$(ls -d /sys/class/net/mq0/queues/tx-* | wc -l) = 2 ]"
	expect "ethtool -S mq0 lists receive queues 0 and 1 only" sh -c "
		$ETHTOOL -S mq0 | grep -q rx_queue_1_packets && ! $ETHTOOL -S mq0 | grep -q rx_queue_2_packets"
	mq_flows 0 1
	expect "ethtool -L mq0 combined 4 under traffic" $ETHTOOL -L mq0 combined 4
	wait
	mq_flows 3 2
	start_recv "" /tmp/mqr recv 5604 500 3000
	$SNTOOL -n b send 10.8.0.1 5604 500 300 > /dev/null
	wait
	expect "the peer's 500 datagrams to mq0 after the changes" [ "$(field received /tmp/mqr)" = 500 ]
	expect "ethtool -L mq0 combined 5 refused (4 at most)" sh -c "! $ETHTOOL -L mq0 combined 5 2>/dev/null"
	expect "ethtool -L mq0 combined 0 refused" sh -c "! $ETHTOOL -L mq0 combined 0 2>/dev/null"
	log "mq0: $($ETHTOOL -S mq0 | grep -E 'drop|busy|stops|wakes' | grep -v ': 0$' | tr -s ' \n' ' ')"
	log "$MQ1: $(xstat_all $MQ1 b | grep -E 'drop|busy|stops|wakes' | grep -v ': 0$' | tr -s ' \n' ' ')"
	# netconsole, the in-tree client's and ours, on the queues' pair
	dmesg -n 8
	echo 1 > /sys/module/netpoll/parameters/carrier_timeout
	mac1=$($IP netns exec b cat /sys/class/net/$MQ1/address)
	start_recv b /tmp/mqnc listen 6666 4000
	insmod /lib/modules/netconsole.ko "netconsole=6665@10.8.0.1/mq0,6666@10.8.0.2/$mac1" ||
		fail "in-tree netconsole refused mq0"
	T=/sys/kernel/config/snull_netconsole/mq
	mkdir $T && echo mq0 > $T/dev_name && echo 10.8.0.2 > $T/remote_ip &&
		echo 6666 > $T/remote_port && echo 1 > $T/enabled || fail "our target on mq0"
	echo "<6>mq-netconsole-$$" > /dev/kmsg
	wait
	expect "both clients' record arrived over the 4-queue pair" \
		[ "$(grep -c "mq-netconsole-$$" /tmp/mqnc)" -ge 2 ]
	echo 0 > $T/enabled; rmdir $T
	rmmod netconsole
	dmesg -n 4
	out=$($IP link add mq9 numtxqueues 65 numrxqueues 65 type snull 2>&1)
	log "ip link add mq9 numtxqueues 65: $out"
	expect "65 queues refused, the limit named" sh -c "! $IP link show mq9 >/dev/null 2>&1 && echo '$out' | grep -q 'at most 64'"
}

# regular (non-NAPI) mode: each queue's interrupt delivers its own frames;
# no queue names a NAPI (where the kernel has the netdev family's queues)
t_multiqueue_regular() {
	local out
	mq_pair 2 use_napi=0 || return
	ping -c 1 -W 2 10.8.0.2 > /dev/null
	mq_flows 0 1
	mq_flows 1 0
	if out=$($SNTOOL netdev queues mq0 2> /dev/null); then
		log "queue-get mq0: $(echo $out)"
		expect "regular mode: 2 rx queues, none linked to a NAPI" \
			[ "$(echo "$out" | grep -c '^rx [0-9]* napi=0$')" = 2 ]
	fi
}

# ndev NS ARGS: sntool netdev ARGS in namespace NS ("": this one)
ndev() { local ns=$1; shift; $SNTOOL ${ns:+-n $ns} netdev "$@"; }

# rx_napi Q: the NAPI ID queue-get names for mq0's receive queue Q
rx_napi() { ndev "" queues mq0 | sed -n "s/^rx $1 napi=//p"; }

# qs_same NS DEV: the device-level qstats of DEV equal its rtnl counters
# (statistics/ in sysfs).  Read qstats, sysfs, qstats again until the two
# qstats reads agree, so that a frame in between (IPv6's router
# solicitations) is no mismatch; 10 tries.
qs_same() {
	local ns=$1 dev=$2 i a b s k
	for i in 1 2 3 4 5 6 7 8 9 10; do
		a=$(ndev "$ns" qstats $dev)
		s=$(${ns:+$IP netns exec $ns} sh -c "cd /sys/class/net/$dev/statistics && echo rx-packets=\$(cat rx_packets) rx-bytes=\$(cat rx_bytes) tx-packets=\$(cat tx_packets) tx-bytes=\$(cat tx_bytes)")
		b=$(ndev "$ns" qstats $dev)
		[ "$a" = "$b" ] && break
	done
	log "$dev: qstats: $a; rtnl: $s"
	[ -n "$s" ] && [ -n "$a" ] || return 1
	for k in $s; do
		echo " $a " | grep -q " $k " || return 1
	done
}

# qs_rxq_same Q: $MQ1's receive queue Q counts in qstats what ethtool -S
# says (read between two ethtool reads that agree, as in qs_same)
qs_rxq_same() {
	local i a b n
	for i in 1 2 3 4 5 6 7 8 9 10; do
		a=$(mq_rxq $1)
		n=$(ndev b qstats $MQ1 queue | sed -n "s/^rx $1 .*rx-packets=\([0-9]*\).*/\1/p")
		b=$(mq_rxq $1)
		[ "$a" = "$b" ] && break
	done
	log "$MQ1 rx queue $1: qstats $n, ethtool $a"
	[ -n "$n" ] && [ "$n" = "$a" ]
}

# The netdev netlink family (6.12 and later): queue-get links each receive
# queue to its NAPI, napi-get lists those NAPIs; qstats-get counts per
# queue what the queues carried (XPS-pinned flows), and per device what
# rtnl counts, also after ethtool -L took queues away (their counts move
# to the base); where the kernel keeps NAPI settings (napi-set, 6.13 on)
# a NAPI's ID and settings survive close/open and ethtool -L; where it
# has threaded NAPI per NAPI, one NAPI of the four gets a thread and its
# queue still delivers in order.
t_netdev_nl() {
	local out napis q n id a b
	mq_pair 4 || return
	out=$(ndev "" queues mq0)
	log "queue-get mq0: $(echo $out)"
	expect "queue-get: 4 rx and 4 tx queues" \
		[ "$(echo "$out" | grep -c '^rx ')" = 4 -a "$(echo "$out" | grep -c '^tx ')" = 4 ]
	expect "each rx queue linked to a NAPI of its own" \
		[ "$(echo "$out" | sed -n 's/^rx [0-9]* napi=//p' | grep -v '^0$' | sort -u | wc -l)" = 4 ]
	napis=$(ndev "" napis mq0)
	log "napi-get mq0: $(echo "$napis" | tr '\n' ';')"
	expect "napi-get lists those 4 NAPIs" [ "$(echo "$napis" | awk '{ print $2 }' | sort | tr '\n' ' ')" = \
		"$(echo "$out" | sed -n 's/^rx [0-9]* napi=//p' | sort | tr '\n' ' ')" ]

	ping -c 1 -W 2 10.8.0.2 > /dev/null
	mq_flows 1 3
	out=$(ndev b qstats $MQ1 queue)
	log "qstats-get $MQ1 per queue: $(echo "$out" | tr '\n' ';')"
	for q in 0 1 2 3; do
		expect "$MQ1 rx queue $q: qstats rx-packets = ethtool's rx_queue_${q}_packets" qs_rxq_same $q
	done
	out=$(ndev "" qstats mq0 queue)
	log "qstats-get mq0 per queue: $(echo "$out" | tr '\n' ';')"
	for q in 1 3; do
		n=$(echo "$out" | sed -n "s/^tx $q .*tx-packets=\([0-9]*\).*/\1/p")
		expect "mq0 tx queue $q: at least the 400 datagrams sent on it ($n)" [ "${n:-0}" -ge 400 ]
	done
	expect "mq0: device qstats = rtnl counters" qs_same "" mq0
	expect "$MQ1: device qstats = rtnl counters" qs_same b $MQ1

	id=$(rx_napi 2)
	a=$(ndev "" qstats mq0 | sed -n 's/.*tx-packets=\([0-9]*\).*/\1/p')
	expect "ethtool -L mq0 combined 2" $ETHTOOL -L mq0 combined 2
	out=$(ndev "" queues mq0)
	expect "queue-get: 2 rx and 2 tx queues after ethtool -L" \
		[ "$(echo "$out" | grep -c '^rx ')" = 2 -a "$(echo "$out" | grep -c '^tx ')" = 2 ]
	b=$(ndev "" qstats mq0 | sed -n 's/.*tx-packets=\([0-9]*\).*/\1/p')
	expect "mq0's device tx-packets kept the removed queues' ($a, then $b)" [ "${b:-0}" -ge "${a:-1}" ]
	expect "mq0 with 2 queues: device qstats = rtnl counters" qs_same "" mq0
	expect "ethtool -L mq0 combined 4" $ETHTOOL -L mq0 combined 4
	# threaded mode on with two queues in use, off on the closed device:
	# no NAPI of a queue out of use may linger (turning threaded mode off
	# waits for every NAPI of the device to be idle)
	$ETHTOOL -L mq0 combined 2
	echo 1 > /sys/class/net/mq0/threaded
	$ETHTOOL -L mq0 combined 4
	$IP link set mq0 down
	rm -f /tmp/thr.done
	(echo 0 > /sys/class/net/mq0/threaded; touch /tmp/thr.done) &
	n=0
	while [ ! -e /tmp/thr.done ] && [ $n -lt 100 ]; do sleep 0.2; n=$((n + 1)); done
	expect "threaded mode off on the closed device returns" [ -e /tmp/thr.done ]
	$IP link set mq0 up
	wait_carrier mq0 || fail "mq0 carrier after threaded on/off"
	ping -c 1 -W 2 10.8.0.2 > /dev/null

	if ! echo "$napis" | grep -q 'defer-hard-irqs='; then
		log "(this kernel has no per-NAPI settings: napi-set not tested)"
		return
	fi
	expect "rx queue 2 has its NAPI ID back after ethtool -L ($id, $(rx_napi 2))" [ "$(rx_napi 2)" = "$id" ]
	expect "napi-set $id defer-hard-irqs 7 gro-flush-timeout 20000" \
		ndev "" napi-set $id defer-hard-irqs 7 gro-flush-timeout 20000
	$IP link set mq0 down
	$IP link set mq0 up
	wait_carrier mq0 || fail "mq0 carrier after down/up"
	# the neighbour again, or the first datagrams wait for it and leave
	# from the CPU the answer arrives on, through its queue
	ping -c 1 -W 2 10.8.0.2 > /dev/null
	out=$(ndev "" napis mq0 | grep "^napi $id ")
	log "after down/up: $out"
	expect "NAPI $id kept its ID and settings across down/up" \
		sh -c "[ '$(rx_napi 2)' = $id ] && echo '$out' | grep -q 'defer-hard-irqs=7 gro-flush-timeout=20000'"
	if ! echo "$napis" | grep -q 'threaded='; then
		log "(this kernel has no threaded mode per NAPI)"
		return
	fi
	# the receiving end's queue 3 (mq_flows sends mq0 -> $MQ1)
	id=$(ndev b queues $MQ1 | sed -n 's/^rx 3 napi=//p')
	expect "napi-set $id threaded 1 ($MQ1's rx queue 3)" ndev b napi-set $id threaded 1
	out=$(ndev b napis $MQ1)
	log "napi-get $MQ1: $(echo "$out" | tr '\n' ';')"
	expect "NAPI $id threaded, with a thread; the other three not" sh -c "
		echo '$out' | grep '^napi $id ' | grep -q 'pid=[1-9].*threaded=1' &&
		[ \$(echo '$out' | grep -v '^napi $id ' | grep -c 'threaded=0') = 3 ]"
	mq_flows 3 0
	expect "napi-set $id threaded 0" ndev b napi-set $id threaded 0
	out=$(ndev b napis $MQ1 | grep "^napi $id ")
	expect "NAPI $id back to softirq ($out)" sh -c "echo '$out' | grep -q 'threaded=0'"
}

# ring NS DEV: "rx=N tx=M", DEV's current ring sizes (ethtool -g)
ring() {
	if [ -n "$1" ]; then $IP netns exec $1 $ETHTOOL -g $2; else $ETHTOOL -g $2; fi | awk '/^Current/ { c = 1 } c && /^RX:/ { r = $2 } c && /^TX:/ { t = $2 } END { print "rx=" r " tx=" t }'
}

# udp300 PORT DESC: 300 datagrams sn0 -> b, all in order
udp300() {
	start_recv b /tmp/recv recv $1 300 3000
	$SNTOOL send 10.0.0.2 $1 300 100 > /dev/null
	wait $RECV_PID
	expect "$2: 300/300 in order" [ "$(field received /tmp/recv)" = 300 -a "$(field inorder /tmp/recv)" = 1 ]
}

# ethtool -g/-G, per device: tx, the frames it may have in flight to each
# queue of the peer; rx, the frames each of its queues holds.  A direction
# is bounded by the smaller of the sender's tx and the receiver's rx.
t_ringparam() {
	local np stops max n p1 p2
	setup_pair_ns || return
	ping -c 1 -W 2 10.0.0.2 > /dev/null
	log "ethtool -g sn0: $(ring "" sn0); max: $($ETHTOOL -g sn0 | awk '/^Pre-set/ { c = 1 } /^Current/ { c = 0 } c && /^(RX|TX):/' | tr -s '\t\n' '  ')"
	expect "defaults: pool_size both ways" [ "$(ring "" sn0)" = "rx=64 tx=64" ]
	$ETHTOOL -G sn0 rx 1 2> /tmp/err && fail "ethtool -G sn0 rx 1 accepted"
	log "rx 1: $(cat /tmp/err)"
	expect "rx 1 refused with the minimum named" grep -q "at least 2" /tmp/err
	$ETHTOOL -G sn0 tx 2000 > /dev/null 2>&1 && fail "ethtool -G sn0 tx 2000 accepted"
	expect "ethtool -G sn0 tx 2" $ETHTOOL -G sn0 tx 2
	expect "sn0: tx 2, rx unchanged; ethtool -S pool_size 2" \
		[ "$(ring "" sn0)" = "rx=64 tx=2" -a "$(xstat sn0 pool_size)" = 2 ]
	# the pool of 2 binds: a receiver that falls behind (pool_flood's
	# setup) stops sn0's queue, and every frame is delivered or counted
	$TC qdisc replace dev sn0 root pfifo limit 8
	$IP netns exec b sh -c 'echo 1 > /sys/class/net/sn1/threaded'
	for np in $(ps | sed -n 's/^ *\([0-9]*\) .*\[napi\/sn1-.*/\1/p'); do
		taskset -p 2 $np > /dev/null || fail "taskset napi thread $np"
	done
	SNTOOL_CPU=1 $SNTOOL send 10.0.0.2 5560 1500 64 > /dev/null &
	p1=$!
	SNTOOL_CPU=1 $SNTOOL send 10.0.0.2 5560 1500 1000 > /dev/null &
	p2=$!
	# sn0's slots in use, sampled while the flood runs
	max=0
	while kill -0 $p1 2> /dev/null || kill -0 $p2 2> /dev/null; do
		n=$(xstat sn0 pool_in_use)
		[ "${n:-0}" -gt $max ] && max=$n
	done
	wait
	stops=$(xstat sn0 tx_queue_stops)
	log "tx 2 under a flood: sn0 tx_queue_stops=$stops, most slots seen in use $max"
	expect "tx 2: the queue stopped under the flood" [ "$stops" -gt 0 ]
	expect "tx 2: never more than 2 slots in use" [ $max -le 2 ]
	$IP netns exec b sh -c 'echo 0 > /sys/class/net/sn1/threaded'
	$TC qdisc replace dev sn0 root pfifo limit 10000
	expect "ethtool -G sn1 rx 4 on the running device" $IP netns exec b $ETHTOOL -G sn1 rx 4
	expect "sn1: rx 4" [ "$(ring b sn1)" = "rx=4 tx=64" ]
	udp300 5561 "sn0 tx 2, sn1 rx 4"
	expect "back to tx 1024 and rx 1024" sh -c "$ETHTOOL -G sn0 tx 1024 && $IP netns exec b $ETHTOOL -G sn1 rx 1024"
	udp300 5562 "tx 1024, rx 1024"
	$IP netns exec b $IP link set sn1 down
	expect "ethtool -G sn1 rx 16 while down" $IP netns exec b $ETHTOOL -G sn1 rx 16
	$IP netns exec b $IP link set sn1 up
	wait_carrier sn0 || fail "carrier after sn1 up"
	expect "sn1: rx 16 after up" [ "$(ring b sn1)" = "rx=16 tx=64" ]
	ping -c 1 -W 2 10.0.0.2 > /dev/null
	udp300 5563 "rx 16 set while down"
	expect "no pool slot left in use" [ "$(xstat sn0 pool_in_use)" = 0 ]
}

# xdpq DEV NAME [NS]: DEV's receive queue 0 XDP counter NAME
xdpq() { xstat $1 rx_queue_0_xdp_$2 ${3:-}; }

# xdp_udp PORT N: N datagrams of 200 B from sn0 to 10.0.0.2:PORT, received
# in b on sn1 (checksums checked there); the receiver's output in /tmp/xr
xdp_udp() {
	start_recv b /tmp/xr recv $1 $2 1500 sn1
	$SNTOOL send 10.0.0.2 $1 $2 200 > /dev/null
	wait $RECV_PID
}

# xdp_wait DEV NAME NS N: until DEV's queue 0 counted N of NAME (10 s at most)
xdp_wait() {
	local i=0
	while [ "$(xdpq $1 $2 $3)" -lt $4 ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
}

# no6 NS DEV...: no IPv6 on these devices, so that only the test's frames cross
no6() {
	local ns=$1 d
	shift
	for d in "$@"; do
		$IP netns exec $ns sh -c "echo 1 > /proc/sys/net/ipv6/conf/$d/disable_ipv6"
	done
}

# Native XDP (6.12 and later; 6.1 has generic XDP only): every action on
# skbs from the peer, each counted per queue; XDP_TX back to the sender;
# XDP_REDIRECT out through another pair (its ndo_xdp_xmit) and the frames
# it carries through that pair's own program; the MTU and GSO rules of a
# program without fragments; a paged frame for one with them; and an
# enabled netconsole target on the same pair.
t_xdp_native() {
	local a b n s T
	setup_pair_ns || return
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	no6 b sn1
	$IP neigh replace 10.0.0.2 lladdr 02:53:4e:00:00:01 dev sn0 nud permanent
	$IP netns exec b $IP neigh replace 10.0.0.1 lladdr 02:53:4e:00:00:00 dev sn1 nud permanent
	if ! grep -qw skb_pp_cow_data /proc/kallsyms; then
		$SNTOOL -n b xdp sn1 drop 2> /tmp/err && fail "native XDP attached without the kernel's support"
		log "native: $(cat /tmp/err)"
		expect "generic XDP attaches instead" $SNTOOL -n b xdp sn1 drop generic
		n=$(snmp b Udp InDatagrams) a=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
		$SNTOOL send 10.0.0.2 5700 100 200 > /dev/null
		sleep 1
		b=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
		expect "generic XDP_DROP: 100 frames arrived ($((b - a))), no datagram received" \
			[ $((b - a)) = 100 -a "$(snmp b Udp InDatagrams)" = $n ]
		return
	fi
	$ETHTOOL -k sn0 | grep -q 'tcp-segmentation-offload: on' || fail "sn0 has no TSO to begin with"
	expect "XDP_DROP attached to sn1" $SNTOOL -n b xdp sn1 drop
	log "sn0 with a program on sn1: $($ETHTOOL -k sn0 | grep -E '^(tcp-segmentation|generic-segmentation)-offload' | tr '\n' ' ')"
	expect "sn0 has no TSO while sn1 runs a program" sh -c "$ETHTOOL -k sn0 | grep -q 'tcp-segmentation-offload: off'"
	sleep 1
	a=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	n=$(snmp b Udp InDatagrams)
	$SNTOOL send 10.0.0.2 5701 200 200 > /dev/null
	xdp_wait sn1 drop b 200
	b=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	log "drop: b's Udp InDatagrams +$(( $(snmp b Udp InDatagrams) - n )); sn1 rx_packets +$((b - a)) xdp_packets $(xdpq sn1 packets b) xdp_drop $(xdpq sn1 drop b) copies $(xdpq sn1 copies b)"
	expect "XDP_DROP: no datagram received" [ "$(snmp b Udp InDatagrams)" = $n ]
	expect "XDP_DROP: 200 frames counted dropped by queue 0, every one seen by the program" \
		[ "$(xdpq sn1 drop b)" = 200 -a "$(xdpq sn1 packets b)" = 200 ]
	expect "XDP_DROP: sn1's rx_packets counts the 200 that arrived" [ $((b - a)) = 200 ]

	expect "XDP_PASS replaces it" $SNTOOL -n b xdp sn1 pass
	xdp_udp 5702 200
	log "pass: $(tail -n 1 /tmp/xr); xdp_pass $(xdpq sn1 pass b)"
	expect "XDP_PASS: 200 datagrams in order, checksums complete (the sender left them to the hardware)" \
		[ "$(field received /tmp/xr)" = 200 -a "$(field inorder /tmp/xr)" = 1 \
		  -a "$(field csum_ok /tmp/xr)" = 200 ]
	expect "XDP_PASS: 200 counted" [ "$(xdpq sn1 pass b)" = 200 ]
	# down and up with the program attached: the queue's page pool is
	# made again at open
	$IP netns exec b $IP link set sn1 down
	$IP netns exec b $IP link set sn1 up
	wait_carrier sn0 || fail "carrier after sn1 down/up with a program"
	xdp_udp 5708 100
	expect "XDP_PASS after down/up with the program: 100 in order, 300 counted" \
		[ "$(field received /tmp/xr)" = 100 -a "$(field inorder /tmp/xr)" = 1 -a "$(xdpq sn1 pass b)" = 300 ]

	expect "XDP_TX replaces it" $SNTOOL -n b xdp sn1 tx
	a=$(stat_of sn0 rx_packets) s=$($IP netns exec b cat /sys/class/net/sn1/statistics/tx_packets)
	$SNTOOL send 10.0.0.2 5703 200 200 > /dev/null
	xdp_wait sn1 tx b 200
	sleep 0.5
	b=$(stat_of sn0 rx_packets)
	n=$(( $($IP netns exec b cat /sys/class/net/sn1/statistics/tx_packets) - s ))
	log "tx: xdp_tx $(xdpq sn1 tx b) errors $(xdpq sn1 tx_errors b); sn1 tx_packets +$n; sn0 rx_packets +$((b - a))"
	expect "XDP_TX: 200 frames sent back, none lost" [ "$(xdpq sn1 tx b)" = 200 -a "$(xdpq sn1 tx_errors b)" = 0 ]
	expect "XDP_TX: sn1 counted them sent, sn0 received them" [ $n = 200 -a $((b - a)) = 200 ]

	expect "XDP_ABORTED replaces it" $SNTOOL -n b xdp sn1 aborted
	n=$(snmp b Udp InDatagrams)
	$SNTOOL send 10.0.0.2 5704 50 200 > /dev/null
	xdp_wait sn1 aborted b 50
	log "aborted: $(xdpq sn1 aborted b)"
	expect "XDP_ABORTED: 50 counted, nothing received" \
		[ "$(xdpq sn1 aborted b)" = 50 -a "$(snmp b Udp InDatagrams)" = $n ]

	# XDP_REDIRECT out through a second pair: rx in b -> rd0 (b) -> rd1 (c),
	# which answers to sn1's MAC and address, so the datagrams arrive there
	$IP netns add c
	$IP link add rd0 type snull
	n=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@rd0.*/\1/p')
	$IP link set $n name rd1
	$IP link set rd0 netns b
	$IP link set rd1 netns c
	no6 b rd0
	no6 c rd1
	$IP netns exec c $IP link set rd1 address 02:53:4e:00:00:01
	$IP netns exec c $IP addr add 10.0.0.2/24 dev rd1
	$IP netns exec c $IP link set lo up
	$IP netns exec c $IP link set rd1 up
	$IP netns exec b $IP link set rd0 up
	wait_carrier rd0 b || fail "rd0 carrier"
	expect "XDP_REDIRECT to rd0 attached to sn1" $SNTOOL -n b xdp sn1 redirect=rd0
	start_recv c /tmp/xc recv 5705 200 1500
	$SNTOOL send 10.0.0.2 5705 200 200 > /dev/null
	wait $RECV_PID
	log "redirect: sn1 xdp_redirect $(xdpq sn1 redirect b) errors $(xdpq sn1 redirect_errors b); rd0 xdp_xmit $(xstat rd0 xdp_xmit b); c received $(field received /tmp/xc)"
	expect "XDP_REDIRECT: 200 frames out of sn1 into rd0's ndo_xdp_xmit" \
		[ "$(xdpq sn1 redirect b)" = 200 -a "$(xstat rd0 xdp_xmit b)" = 200 ]
	expect "XDP_REDIRECT: 200 datagrams in order at rd1, in namespace c" \
		[ "$(field received /tmp/xc)" = 200 -a "$(field inorder /tmp/xc)" = 1 ]
	# the XDP frames through rd1's own program
	expect "XDP_PASS attached to rd1" $SNTOOL -n c xdp rd1 pass
	start_recv c /tmp/xc recv 5706 100 1500
	$SNTOOL send 10.0.0.2 5706 100 200 > /dev/null
	wait $RECV_PID
	expect "XDP frames through rd1's XDP_PASS: 100 counted, 100 received" \
		[ "$(xdpq rd1 pass c)" = 100 -a "$(field received /tmp/xc)" = 100 ]
	expect "XDP_TX on rd1" $SNTOOL -n c xdp rd1 tx
	a=$(xstat rd0 rx_queue_0_packets b)
	$SNTOOL send 10.0.0.2 5707 100 200 > /dev/null
	xdp_wait rd1 tx c 100
	sleep 0.5
	b=$(xstat rd0 rx_queue_0_packets b)
	log "rd1 XDP_TX of XDP frames: rd1 xdp_tx $(xdpq rd1 tx c), rd0 received +$((b - a))"
	expect "XDP frames sent back by rd1's XDP_TX reach rd0" [ "$(xdpq rd1 tx c)" = 100 -a $((b - a)) = 100 ]
	$SNTOOL -n c xdp rd1 off

	# the MTU a program can take
	$SNTOOL -n b xdp sn1 off
	expect "sn0 has TSO again without a program on sn1" sh -c "$ETHTOOL -k sn0 | grep -q 'tcp-segmentation-offload: on'"
	$IP link set sn0 mtu 9000
	$IP netns exec b $IP link set sn1 mtu 9000
	$SNTOOL -n b xdp sn1 pass 2> /tmp/err && fail "a program without fragments attached behind a 9000-byte MTU"
	log "9000-byte MTU: $(cat /tmp/err)"
	expect "refused with the MTU named" grep -q "MTU 9000 is over" /tmp/err
	expect "a program with fragments attaches" $SNTOOL -n b xdp sn1 pass frags
	a=$(xdpq sn1 pass b)
	expect "8972-byte pings through it" ping_ok -s 8972 10.0.0.2
	log "frags: xdp_pass +$(( $(xdpq sn1 pass b) - a )) copies $(xdpq sn1 copies b)"
	expect "their 3 requests through the program" [ $(( $(xdpq sn1 pass b) - a )) -ge 3 ]
	$SNTOOL -n b xdp sn1 off
	$IP link set sn0 mtu 1500
	$IP netns exec b $IP link set sn1 mtu 1500
	expect "a program without fragments attaches behind a 1500-byte MTU" $SNTOOL -n b xdp sn1 pass
	$IP link set sn0 mtu 9000 2> /tmp/err && fail "sn0's MTU raised past what sn1's program takes"
	log "sn0 mtu 9000 with the program: $(cat /tmp/err)"
	$IP netns exec b $IP link set sn1 mtu 9000 2> /tmp/err && fail "sn1's MTU raised past what its program takes"
	log "sn1 mtu 9000 with the program: $(cat /tmp/err)"

	# netconsole over sn0 while sn1 runs a program
	dmesg -n 8
	T=/sys/kernel/config/snull_netconsole/xdp
	mkdir $T && echo sn0 > $T/dev_name && echo 10.0.0.1 > $T/local_ip &&
		echo 10.0.0.2 > $T/remote_ip && echo 6690 > $T/remote_port &&
		echo 02:53:4e:00:00:01 > $T/remote_mac &&
		echo 1 > $T/enabled || { fail "netconsole target over sn0"; return; }
	expect "XDP_PASS on sn1 with the target enabled" $SNTOOL -n b xdp sn1 pass
	a=$(xdpq sn1 pass b)
	start_recv b /tmp/xn listen 6690 1500
	kick_recv; echo "<6>xdp-nc-$$" > /dev/kmsg
	wait $RECV_PID
	expect "the record crosses sn1's program" sh -c "grep -q xdp-nc-$$ /tmp/xn && [ $(xdpq sn1 pass b) -gt $a ]"
	expect "XDP_DROP on sn1 with the target enabled" $SNTOOL -n b xdp sn1 drop
	a=$(xdpq sn1 drop b)
	echo "<6>xdp-nc-drop-$$" > /dev/kmsg
	sleep 1
	expect "the next record dropped by it, counted" [ "$(xdpq sn1 drop b)" -gt "$a" ]
	echo 0 > $T/enabled
	rmdir $T
}

# The metadata kfuncs (6.12 on): a program bound to sn1 asks each frame's
# rx hash, VLAN tag and timestamp and writes the answers over the UDP
# payload; a capture behind the program reads them.  Two flows on sn0 and
# one on its VLAN 10 (the tag travels beside the frame, as a NIC's
# stripped tag does).  The pair has no clock: no timestamp.
t_xdp_metadata() {
	local m f1 f2
	if ! grep -qw skb_pp_cow_data /proc/kallsyms; then
		log "(not run: no native XDP on this kernel)"
		return
	fi
	if [ ! -e /sys/kernel/btf/vmlinux ]; then
		log "(not run: a kfunc is called by its id in the kernel's BTF, and this kernel has none)"
		return
	fi
	setup_pair_ns || return
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	no6 b sn1
	$IP neigh replace 10.0.0.2 lladdr 02:53:4e:00:00:01 dev sn0 nud permanent
	for m in $(cat /lib/modules/8021q.order 2>/dev/null); do insmod /lib/modules/$m.ko 2>/dev/null; done
	$IP link add link sn0 name sn0.10 type vlan id 10 &&
		$IP addr add 10.0.10.1/24 dev sn0.10 && $IP link set sn0.10 up ||
		{ fail "VLAN 10 on sn0"; return; }
	$IP neigh replace 10.0.10.2 lladdr 02:53:4e:00:00:01 dev sn0.10 nud permanent
	expect "a program bound to sn1 attached" $SNTOOL -n b xdp sn1 meta
	start_recv b /tmp/mc capture sn1 2000
	$SNTOOL send 10.0.0.2 5710 20 64 > /dev/null
	$SNTOOL send 10.0.0.2 5711 20 64 > /dev/null
	$SNTOOL send 10.0.10.2 5712 20 64 > /dev/null
	wait $RECV_PID
	$SNTOOL xdpmeta < /tmp/mc > /tmp/mm
	for m in 5710 5711 5712; do
		log "to port $m: $(grep -c ":$m " /tmp/mm) frames, $(grep ":$m " /tmp/mm | cut -d' ' -f3- | sort | uniq -c | tr -s ' \n' ' ')"
	done
	f1=$(grep ':5710 hash 0 ' /tmp/mm | awk '{ print $5 }' | sort -u)
	f2=$(grep ':5711 hash 0 ' /tmp/mm | awk '{ print $5 }' | sort -u)
	expect "60 frames went through the program" [ "$(grep -c '^to ' /tmp/mm)" = 60 ]
	expect "rx_hash: every frame's, an L4 hash (type 8)" [ "$(grep -c ' hash 0 0x[0-9a-f]* type 8 ' /tmp/mm)" = 60 ]
	expect "rx_hash: one flow, one hash ($f1); another flow, another ($f2)" \
		[ "$(echo "$f1" | wc -w)" = 1 -a "$(echo "$f2" | wc -w)" = 1 -a "$f1" != "$f2" -a "$f1" != 0x00000000 ]
	expect "rx_vlan_tag: VLAN 10's frames, 802.1Q tag 10" [ "$(grep -c ':5712 .* vlan 0 0x8100 10 ' /tmp/mm)" = 20 ]
	expect "rx_vlan_tag: untagged frames, -ENODATA" [ "$(grep -c ':571[01] .* vlan -61 ' /tmp/mm)" = 40 ]
	expect "rx_timestamp: -ENODATA (no clock on the pair)" [ "$(grep -c ' timestamp -61 0$' /tmp/mm)" = 60 ]
	expect "detached" $SNTOOL -n b xdp sn1 off
	$IP link del sn0.10
}
