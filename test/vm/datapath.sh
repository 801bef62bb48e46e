# SPDX-License-Identifier: GPL-2.0
# The zero-copy datapath: TCP with and without offloads, GSO skbs through
# the snull-mode rewrite, the sender's tap, pktgen (clone_skb refused, its shared skbs),
# noqueue drops, pair deletion in flight, netpoll without retries, and what
# an unprivileged user can make a pair cost.  Sourced by suite.sh.

tcp_csum_errors() { # tcp_csum_errors [NS]: Tcp InCsumErrors
	${1:+$IP netns exec $1} awk '/^Tcp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "InCsumErrors") c = i } else print $c }' /proc/net/snmp
}

tcpext() { # tcpext FIELD [NS]: a TcpExt counter
	${2:+$IP netns exec $2} awk -v f="$1" '/^TcpExt:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == f) c = i } else print $c }' /proc/net/netstat
}

offloads() { # offloads on|off DEV [NS]: checksum, SG, TSO and GSO together
	${3:+$IP netns exec $3} $ETHTOOL -K "$2" tx "$1" sg "$1" tso "$1" gso "$1" 2> /dev/null
}

# tcp_run DSTIP RXNS BYTES: one patterned stream, receiver in RXNS ("" = here)
tcp_run() {
	rm -f /tmp/tr
	$SNTOOL ${2:+-n $2} tcprecv 5600 20000 > /tmp/tr &
	trp=$!
	n=0
	while ! grep -q ready /tmp/tr 2> /dev/null && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
	$SNTOOL tcpsend "$1" 5600 "$3" > /tmp/ts
	wait $trp
}

t_tcp_pair() {
	setup_pair_ns || return
	$IP link set sn0 mtu 1500
	for o in on off; do
		offloads $o sn0; offloads $o sn1 b
		c0=$(tcp_csum_errors b)
		tp0=$(stat_of sn0 tx_packets) tb0=$(stat_of sn0 tx_bytes)
		tcp_run 10.0.0.2 b 30000000
		tp=$(( $(stat_of sn0 tx_packets) - tp0 )) tb=$(( $(stat_of sn0 tx_bytes) - tb0 ))
		avg=$(( tb / (tp > 0 ? tp : 1) ))
		log "offloads $o: $(cat /tmp/ts) | $(cat /tmp/tr | tail -n 1); sn0 sent $tp skbs, $avg B each on average"
		expect "offloads $o: 30000000 bytes arrived, each as sent" grep -q "received 30000000 bad 0" /tmp/tr
		expect "offloads $o: no TCP checksum errors at the receiver" [ "$(tcp_csum_errors b)" = "$c0" ]
		if [ $o = on ]; then
			expect "TSO/GSO skbs crossed whole (average skb > 1514 B)" [ "$avg" -gt 1514 ]
		else
			expect "offloads off: no skb above the MTU" [ "$avg" -le 1514 ]
		fi
	done
}

# snull mode, receiver one hop further: frames from sn0 (rewritten) arrive on
# sn1 in namespace b, which forwards them over a veth without checksum
# offload to namespace c.  Forwarding segments GSO skbs in software and
# completes their checksums from the seed the rewrite fixed, so c's stack
# verifies every checksum the rewrite produced.
t_tcp_snull_forwarded() {
	setup_snull || return
	# only IPv4 on sn0, so that every frame it sends is one to rewrite
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	$IP addr del 192.168.3.9/24 dev sn1
	for m in $(cat /lib/modules/veth.order); do insmod /lib/modules/$m.ko 2>/dev/null; done
	$IP netns add b
	$IP netns add c
	$IP link set sn1 netns b
	$IP netns exec b $IP addr add 192.168.3.1/24 dev sn1
	$IP netns exec b $IP link set sn1 up
	$IP netns exec b $IP link add vb type veth peer name vc netns c
	$IP netns exec b $IP addr add 10.7.0.1/24 dev vb
	$IP netns exec b $IP link set vb up
	$IP netns exec c $IP addr add 10.7.0.2/24 dev vc
	$IP netns exec c $IP addr add 192.168.3.9/32 dev vc
	$IP netns exec c $IP link set vc up
	$IP netns exec c $IP link set lo up
	$IP netns exec c $IP route add 192.168.3.8 via 10.7.0.1
	$IP netns exec b $IP route add 192.168.3.9 via 10.7.0.2
	$IP netns exec b sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
	$IP netns exec b $ETHTOOL -K vb tx off 2> /dev/null
	wait_carrier sn0 || fail "sn0 carrier"
	expect "ping 192.168.2.9 through the rewrite and the router" ping_ok 192.168.2.9
	for o in on off; do
		offloads $o sn0
		c0=$(tcp_csum_errors c)
		tp0=$(stat_of sn0 tx_packets) tb0=$(stat_of sn0 tx_bytes)
		rw0=$(xstat sn0 tx_ipv4_rewrites)
		tcp_run 192.168.2.9 c 20000000
		tp=$(( $(stat_of sn0 tx_packets) - tp0 )) tb=$(( $(stat_of sn0 tx_bytes) - tb0 ))
		rw=$(( $(xstat sn0 tx_ipv4_rewrites) - rw0 ))
		avg=$(( tb / (tp > 0 ? tp : 1) ))
		log "offloads $o: $(cat /tmp/ts) | $(tail -n 1 /tmp/tr); sn0 sent $tp skbs ($avg B average), rewrote $rw; c InCsumErrors $(tcp_csum_errors c)"
		expect "offloads $o: 20000000 bytes through the rewrite, each as sent" grep -q "received 20000000 bad 0" /tmp/tr
		expect "offloads $o: every rewritten checksum verifies in c" [ "$(tcp_csum_errors c)" = "$c0" ]
		expect "offloads $o: every skb was rewritten" [ "$rw" -ge "$tp" ]
		[ $o = on ] && expect "GSO skbs went through the rewrite (average skb > 1514 B)" [ "$avg" -gt 1514 ]
	done
	$IP netns del c
}

# A tap on the sender sees the frame as sent; the receiver sees it rewritten.
# The tap makes every frame a clone: small ones get their head copied, large
# linear ones (4000 B) a private copy of their headers only, the rest shared
# (tx_head_copies); with checksum offload off (full checksums, checked at
# both taps) and on (CHECKSUM_PARTIAL, the receiving socket takes them).
t_tap_unmodified() {
	setup_snull || return
	$IP netns add b
	$IP addr del 192.168.3.9/24 dev sn1
	$IP link set sn1 netns b
	$IP netns exec b $IP addr add 192.168.3.9/24 dev sn1
	$IP link set sn0 mtu 9000
	$IP netns exec b $IP link set sn1 mtu 9000
	$IP netns exec b $IP link set sn1 up
	wait_carrier sn0
	for round in "200 off" "4000 off" "4000 on"; do
		size=${round% *} csum=${round#* }
		$ETHTOOL -K sn0 tx $csum > /dev/null 2>&1
		h0=$(xstat sn0 tx_head_copies)
		$SNTOOL capture sn0 3000 > /tmp/tap0 &
		c0=$!
		$SNTOOL -n b capture sn1 3000 > /tmp/tap1 &
		c1=$!
		n=0
		while ! { grep -q ready /tmp/tap0 && grep -q ready /tmp/tap1; } 2> /dev/null && [ $n -lt 600 ]; do
			sleep 0.1; n=$((n + 1))
		done
		start_recv b /tmp/recv recv 5570 50 3000
		$SNTOOL send 192.168.2.9 5570 50 $size > /tmp/send
		wait $RECV_PID
		wait $c0 $c1
		h=$(( $(xstat sn0 tx_head_copies) - h0 ))
		s0=$(grep -c '^FRAME .* 192\.168\.2\.8 192\.168\.2\.9 [0-9]* 5570 ' /tmp/tap0)
		s1=$(grep -c '^FRAME .* 192\.168\.3\.8 192\.168\.3\.9 [0-9]* 5570 ' /tmp/tap1)
		v1=$(grep -c '^FRAME .* 192\.168\.3\.8 192\.168\.3\.9 [0-9]* 5570 [0-9]* 1 ' /tmp/tap1)
		log "$size B, tx checksum $csum: sender's tap $s0 frames 192.168.2.8 -> 192.168.2.9 ($(tail -n 1 /tmp/tap0)); receiver's $s1 frames 192.168.3.8 -> 192.168.3.9, $v1 with valid checksums ($(tail -n 1 /tmp/tap1)); $(tail -n 1 /tmp/recv); tx_head_copies +$h"
		expect "$size B, tx $csum: the sender's tap saw all 50 as sent" [ "$s0" = 50 ]
		expect "$size B, tx $csum: the sender's tap saw none rewritten" [ "$(grep -c '^FRAME .* 192\.168\.3\.8 192\.168\.3\.9 ' /tmp/tap0)" = 0 ]
		expect "$size B, tx $csum: the receiver's tap saw all 50 rewritten" [ "$s1" = 50 ]
		grep -q '^received 50 inorder 1' /tmp/recv ||
			log "receiver's UDP counters: $($IP netns exec b grep Udp: /proc/net/snmp | tr '\n' ' ')"
		expect "$size B, tx $csum: the receiving socket got all 50, in order" grep -q '^received 50 inorder 1' /tmp/recv
		if [ $csum = off ]; then
			expect "$size B: every checksum valid at the receiver" [ "$v1" = 50 ]
		fi
		if [ $size -gt 512 ]; then
			# a frame whose clone the tap's reader has freed already
			# is no longer shared when sn0 rewrites it: no copy at
			# all (49 of 50 seen once on 7.3); that the shared data
			# is never written is the check of the sender's tap
			expect "$size B, tx $csum: only the headers were copied, for at most every frame (tx_head_copies +$h)" [ "$h" -ge 1 -a "$h" -le 50 ]
		else
			expect "$size B: small frames had their whole head copied (tx_head_copies +$h = 0)" [ "$h" = 0 ]
		fi
	done
}

# pktgen's clone_skb and burst send one skb many times, which a pair that
# passes the skb itself cannot take: sn0 refuses both, as veth does.  Its
# other frames still come with pktgen's reference on them (it drops it
# later): every one crosses, and in snull mode each is rewritten in place.
pktgen_leg() { # pktgen_leg LABEL SIZE DSTIP RXNS
	lbl=$1 size=$2 dst=$3 rxns=$4
	# nothing but pktgen's frames on sn0 during the count
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	mac=$(${rxns:+$IP netns exec $rxns} cat /sys/class/net/sn1/address)
	echo "rem_device_all" > $PG/kpktgend_0
	echo "add_device sn0" > $PG/kpktgend_0
	expect "$lbl: pktgen's clone_skb refused on sn0" sh -c "! echo 'clone_skb 100' 2>/dev/null > $PG/sn0"
	expect "$lbl: pktgen's burst refused on sn0" sh -c "! echo 'burst 8' 2>/dev/null > $PG/sn0"
	for c in "count 20000" "pkt_size $size" "delay 0" "dst $dst" "dst_mac $mac" "udp_dst_min 9" "udp_dst_max 9"; do
		echo "$c" > $PG/sn0 || fail "pktgen: $c refused"
	done
	r0=$(${rxns:+$IP netns exec $rxns} cat /sys/class/net/sn1/statistics/rx_packets)
	tx0=$(stat_of sn0 tx_packets) d0=$(stat_of sn0 tx_dropped) w0=$(xstat sn0 tx_ipv4_rewrites)
	echo start > $PG/pgctrl
	sleep 0.5
	r=$(( $(${rxns:+$IP netns exec $rxns} cat /sys/class/net/sn1/statistics/rx_packets) - r0 ))
	t=$(( $(stat_of sn0 tx_packets) - tx0 )) dr=$(( $(stat_of sn0 tx_dropped) - d0 ))
	w=$(( $(xstat sn0 tx_ipv4_rewrites) - w0 ))
	log "$lbl: pktgen: $(grep -E 'Result|sofar' $PG/sn0 | tr '\n' ' ')"
	log "$lbl: sn0 tx +$t dropped +$dr rewrites +$w; sn1 rx +$r; busy_pool_empty=$(xstat sn0 tx_busy_pool_empty)"
	expect "$lbl: pktgen sent its 20000, no errors" grep -q 'pkts-sofar: 20000  errors: 0' $PG/sn0
	expect "$lbl: sn0 sent them all (tx +$t >= 20000, dropped $dr)" [ "$t" -ge 20000 -a "$dr" = 0 ]
	expect "$lbl: every frame sn0 sent arrived (rx +$r = tx +$t)" [ "$r" = "$t" ]
	echo "rem_device_all" > $PG/kpktgend_0
}
t_pktgen_clone_skb() {
	for m in $(cat /lib/modules/pktgen.order); do insmod /lib/modules/$m.ko 2>/dev/null; done
	PG=/proc/net/pktgen
	setup_pair_ns pool_size=16 || return
	pktgen_leg "pair mode, 300 B" 300 10.0.0.2 b
	rmmod snull; $IP netns del b
	setup_snull pool_size=16 || return
	$IP link set sn0 mtu 9000; $IP link set sn1 mtu 9000
	pktgen_leg "snull mode, 9000 B" 9000 192.168.2.9 ""
	expect "snull mode, 9000 B: every frame was rewritten (tx_ipv4_rewrites +$w = 20000)" [ "$w" = 20000 ]
	rmmod pktgen 2>/dev/null
}

# Default noqueue: an empty pool drops, and each drop is counted.
t_pool_noqueue() {
	setup_pair_ns pool_size=2 || return
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	$IP neigh replace 10.0.0.2 lladdr 02:53:4e:00:00:01 dev sn0 nud permanent
	$TC qdisc del dev sn0 root
	log "sn0 qdisc: $($TC qdisc show dev sn0)"
	tp0=$(stat_of sn0 tx_packets) td0=$(stat_of sn0 tx_dropped) pf0=$(xstat sn0 tx_drop_pool_full)
	rp0=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	# from here on: before the qdisc went, the link's first frames (IPv6
	# router solicitation, MLD) may have filled the two slots and stopped
	# the queue, as they should have with a qdisc to hold them
	qs0=$(xstat sn0 tx_queue_stops)
	start_recv b /tmp/recv recv 5571 6000 3000
	$SNTOOL send 10.0.0.2 5571 3000 64 > /tmp/f1 &
	s1=$!
	$SNTOOL send 10.0.0.2 5571 3000 1000 > /tmp/f2 &
	s2=$!
	wait $s1 $s2 $RECV_PID
	n=0
	while [ "$(xstat sn0 pool_in_use)" != 0 ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
	tp=$(( $(stat_of sn0 tx_packets) - tp0 )) td=$(( $(stat_of sn0 tx_dropped) - td0 ))
	pf=$(( $(xstat sn0 tx_drop_pool_full) - pf0 ))
	rp=$(( $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets) - rp0 ))
	got=$(field received /tmp/recv)
	log "$(cat /tmp/f1) | $(cat /tmp/f2); received ${got:-?}; sn0 tx +$tp dropped +$td (pool_full +$pf); sn1 rx +$rp"
	# the kernel's own frames (a multicast report, say) share sn0: the
	# datagrams are counted at the receiver, the frames at both ends
	expect "each of the 6000 datagrams received or counted as a pool-full drop" \
		[ $(( ${got:-0} + pf )) -ge 6000 -a "${got:-0}" -le 6000 ]
	expect "every frame sn0 queued arrived (rx +$rp = tx +$tp)" [ "$rp" = "$tp" ]
	expect "every drop is a pool-full drop" [ "$td" = "$pf" ]
	expect "an empty pool dropped some (pool_size=2, two senders)" [ "$pf" -gt 0 ]
	qs=$(( $(xstat sn0 tx_queue_stops) - qs0 ))
	expect "the queue never stopped (noqueue; tx_queue_stops +$qs, $qs0 before)" [ "$qs" = 0 ]
	expect "no slot leaked" [ "$(xstat sn0 pool_in_use)" = 0 ]
}

# Pairs deleted, and the module removed, with skbs queued in both directions.
t_del_inflight() {
	local round=0
	while [ $round -lt 3 ]; do
		setup_pair_ns pool_size=1024 || return
		$TC qdisc del dev sn0 root
		$IP netns exec b $TC qdisc del dev sn1 root
		$IP netns exec b $ETHTOOL -K sn1 gro on 2> /dev/null
		$SNTOOL flood 10.0.0.2 5572 10 1400 > /dev/null 2>&1 &
		f1=$!
		$SNTOOL -n b flood 10.0.0.1 5572 10 64 > /dev/null 2>&1 &
		f2=$!
		$IP link add x$round type snull
		sleep 1
		log "round $round: sn0 pool_in_use=$(xstat sn0 pool_in_use) rxq_len=$(xstat sn0 rxq_len) tx_packets=$(stat_of sn0 tx_packets)"
		expect "ip link del sn0 in flight (round $round)" $IP link del sn0
		expect "both ends gone" sh -c "[ ! -e /sys/class/net/sn0 ] && ! $IP netns exec b $IP link show sn1 2> /dev/null"
		kill $f1 $f2 2>/dev/null; wait
		$IP link set x$round up
		expect "rmmod with the other pair left" rmmod snull
		$IP netns del b
		round=$((round + 1))
	done
}

# netpoll never retries: the in-tree netconsole replays the whole log over
# sn0 at load; our client gets a burst of 2000 records of 985 B written back
# to back.  A kprobe counts netpoll's retry path (netpoll_poll_dev, called
# only before each 50 us udelay) and its deferred queue (queue_process).
t_nc_replay_no_retry() {
	T=/sys/kernel/tracing
	[ -e $T/kprobe_events ] || mount -t tracefs none $T 2> /dev/null
	[ -e $T/kprobe_events ] || { fail "no kprobe_events in tracefs"; return; }
	setup_pair_ns || return
	# No neighbour traffic: an ARP request answered from sn0's receive
	# path is queued by netpoll by design (it never sends from inside the
	# device's own poll), and would be counted as deferred.
	$IP netns exec b $IP neigh replace 10.0.0.1 lladdr 02:53:4e:00:00:00 dev sn1 nud permanent
	$IP netns exec b sh -c 'echo 1 > /proc/sys/net/ipv6/conf/sn1/disable_ipv6'
	echo 1 > /proc/sys/net/ipv6/conf/sn0/disable_ipv6
	for m in $(cat /lib/modules/configfs.order); do insmod /lib/modules/$m.ko 2>/dev/null; done
	grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs none /sys/kernel/config
	echo > $T/trace
	echo 'p:snull_retry netpoll_poll_dev' > $T/kprobe_events || { fail "kprobe on netpoll_poll_dev refused"; return; }
	echo 'p:snull_deferred queue_process' >> $T/kprobe_events || { fail "kprobe on queue_process refused"; return; }
	echo 1 > $T/events/kprobes/enable
	dmesg -n 8
	recs=$(dmesg | wc -l)
	start_recv b /tmp/nrx listen 6666 5000
	for m in $(cat /lib/modules/netconsole.order); do
		[ $m = netconsole ] || insmod /lib/modules/$m.ko 2>/dev/null
	done
	insmod /lib/modules/netconsole.ko netconsole=@10.0.0.1/sn0,6666@10.0.0.2/02:53:4e:00:00:01 ||
		fail "in-tree netconsole on sn0"
	wait $RECV_PID
	rmmod netconsole
	r1=$(grep -c snull_retry $T/trace) q1=$(grep -c snull_deferred $T/trace)
	log "in-tree replay of ~$recs records: $(grep -c '^DGRAM' /tmp/nrx) datagrams received; retries $r1, deferred $q1; sn0 tx_netpoll_reserve=$(xstat sn0 tx_netpoll_reserve) tx_drop_pool_full=$(xstat sn0 tx_drop_pool_full)"
	expect "in-tree replay arrived" [ "$(grep -c '^DGRAM' /tmp/nrx)" -gt 100 ]
	expect "in-tree netconsole: no netpoll retry" [ "$r1" = 0 ]
	expect "in-tree netconsole: nothing deferred to netpoll's queue" [ "$q1" = 0 ]
	# /dev/kmsg writers are rate-limited (10 per 5 s) unless this is on
	echo on > /proc/sys/kernel/printk_devkmsg
	tgt=/sys/kernel/config/snull_netconsole/replay
	mkdir $tgt && echo sn0 > $tgt/dev_name && echo 10.0.0.1 > $tgt/local_ip &&
		echo 10.0.0.2 > $tgt/remote_ip && echo 6667 > $tgt/remote_port &&
		echo 02:53:4e:00:00:01 > $tgt/remote_mac && echo 1 > $tgt/enabled ||
		fail "our client on sn0"
	pf0=$(xstat sn0 tx_drop_pool_full)
	# 900 bytes: one datagram a record with the time stamp
	start_recv b /tmp/nrx count 6667 5000 burst$$
	$SNTOOL kmsg 2000 900 burst$$ > /tmp/kb
	# printk may leave the last record for the next one to flush
	echo "<6>burst-flush" > /dev/kmsg
	wait $RECV_PID
	r2=$(( $(grep -c snull_retry $T/trace) - r1 )) q2=$(( $(grep -c snull_deferred $T/trace) - q1 ))
	got=$(field count /tmp/nrx) pf=$(( $(xstat sn0 tx_drop_pool_full) - pf0 ))
	log "our burst: $(cat /tmp/kb); $(tail -n 1 /tmp/nrx); pool-full drops $pf; $(tr '\n' ' ' < $tgt/stats); retries $r2, deferred $q2"
	expect "our client: no netpoll retry" [ "$r2" = 0 ]
	expect "our client: nothing deferred" [ "$q2" = 0 ]
	expect "each of the 2000 records received or a counted drop" [ $(( ${got:-0} + pf )) -ge 2000 -a "${got:-0}" -le 2000 ]
	echo 0 > $tgt/enabled; rmdir $tgt
	txp=$(stat_of sn0 tx_packets) rxp=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	expect "every frame sn0 queued reached sn1 (tx $txp, rx $rxp)" [ "$txp" = "$rxp" ]
	echo 0 > $T/events/kprobes/enable
	echo > $T/kprobe_events
	dmesg -n 4
}

# An unprivileged user in a user namespace, in a memory cgroup of 24 MB,
# adds pairs until refused: a clean error, the limit holds, nothing stays.
t_userns_memcg() {
	insmod $MOD mode=pair || { fail insmod; return; }
	CG=/sys/fs/cgroup
	grep -q " $CG cgroup2" /proc/mounts || mount -t cgroup2 none $CG || { fail "no cgroup2"; return; }
	echo +memory > $CG/cgroup.subtree_control
	mkdir -p $CG/snpairs
	echo 24M > $CG/snpairs/memory.max
	echo 0 > $CG/snpairs/memory.swap.max 2> /dev/null
	slab0=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
	$SNTOOL userns-pairs $CG/snpairs 5000 > /tmp/up 2>&1
	made=$(sed -n 's/^made //p' /tmp/up | tail -n 1)
	peak=$(cat $CG/snpairs/memory.peak 2> /dev/null || cat $CG/snpairs/memory.max_usage_in_bytes 2> /dev/null)
	log "as uid 65534: $(tail -n 2 /tmp/up | tr '\n' ' '); cgroup peak ${peak:-?} B, events: $(tr '\n' ' ' < $CG/snpairs/memory.events)"
	expect "pairs were made before the limit" [ "${made:-0}" -gt 0 ]
	expect "refused with ENOMEM, or the creator OOM-killed inside its cgroup" \
		sh -c "grep -q 'refused errno 12' /tmp/up || grep -q '^oom_kill [1-9]' $CG/snpairs/memory.events"
	expect "the cgroup's limit held" [ "${peak:-0}" -le $((24 * 1024 * 1024)) ]
	# A kill, if any, must be the cgroup's own OOM kill of the creator;
	# its report (with a stack trace) is taken out of the log here, and
	# the rest of the log judged as every test's is.
	dmesg -c > /tmp/oomlog
	if grep -q 'invoked oom-killer' /tmp/oomlog; then
		expect "the OOM kill was the cgroup's, of the creator" \
			grep -q 'oom_memcg=/snpairs,task_memcg=/snpairs,task=sntool' /tmp/oomlog
		awk '/invoked oom-killer/ { skip = 1 } !skip { print } /Memory cgroup out of memory: Killed process/ { skip = 0 }' \
			/tmp/oomlog | grep -E "$BAD" > /tmp/oombad
		expect "nothing in the kernel log besides the OOM report" [ ! -s /tmp/oombad ]
		head -n 3 /tmp/oombad | sed 's/^/  dmesg: /'
	fi
	# the namespace went with the process: its pairs are deleted
	n=0
	while [ -n "$($IP -o link show type snull 2> /dev/null | grep -v 'sn[01]')" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	sleep 2
	slab1=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
	log "SUnreclaim before $slab0 kB, after $slab1 kB; cgroup now $(cat $CG/snpairs/memory.current) B"
	expect "the cgroup holds less than 2 MB once its pairs are gone" [ "$(cat $CG/snpairs/memory.current)" -lt 2097152 ]
	rmdir $CG/snpairs 2> /dev/null
}

# GRO on at the receiver.  With the sender's TSO off, each 64 KB skb is
# segmented in software and crosses as a batch of MSS segments under one
# interrupt: GRO merges them, so sn1's tap sees frames over 1514 B.  With
# TSO on and one segment per skb (gso_max_segs 1), each segment crosses as
# the clone TCP made of it (TCP keeps the original for retransmission):
# each gets a head and shared info of its own before GRO, which moves page
# fragments between the frames it merges; none overtakes another.
t_gro_tcp() {
	setup_pair_ns || return
	$IP link set sn0 mtu 1500
	$IP netns exec b $ETHTOOL -K sn1 gro on || { fail "ethtool -K sn1 gro on refused"; return; }
	$ETHTOOL -K sn0 tso off || { fail "ethtool -K sn0 tso off refused"; return; }
	start_recv b /tmp/cap capture sn1 3000
	cap=$RECV_PID
	tcp_run 10.0.0.2 b 20000000
	wait $cap
	big=$(sed -n 's/^END .* over1514 \([0-9]*\) max \([0-9]*\)$/\1/p' /tmp/cap)
	max=$(sed -n 's/^END .* over1514 \([0-9]*\) max \([0-9]*\)$/\2/p' /tmp/cap)
	log "TSO off: $(cat /tmp/ts) | $(tail -n 1 /tmp/tr); sn1's tap: $(tail -n 1 /tmp/cap)"
	expect "TSO off: 20000000 bytes arrived, each as sent" grep -q "received 20000000 bad 0" /tmp/tr
	expect "TSO off: GRO merged segments of a batch ($big frames over 1514 B at sn1's tap, the largest $max B)" [ "${big:-0}" -gt 0 ]

	$ETHTOOL -K sn0 tso on
	$IP link set sn0 gso_max_segs 1 || { fail "ip link set sn0 gso_max_segs 1 refused"; return; }
	o0=$(tcpext TCPOFOQueue b)
	d0=$(( $(stat_of sn0 tx_dropped) + $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_dropped) ))
	c0=$($IP netns exec b $ETHTOOL -S sn1 | awk '/rx_gro_head_copies/ { print $2 }')
	r0=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	tcp_run 10.0.0.2 b 20000000
	c=$(( $($IP netns exec b $ETHTOOL -S sn1 | awk '/rx_gro_head_copies/ { print $2 }') - ${c0:-0} ))
	r=$(( $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets) - r0 ))
	ofo=$(( $(tcpext TCPOFOQueue b) - o0 ))
	drops=$(( $(stat_of sn0 tx_dropped) + $($IP netns exec b cat /sys/class/net/sn1/statistics/rx_dropped) - d0 ))
	log "TSO on, one segment per skb: $(cat /tmp/ts) | $(tail -n 1 /tmp/tr); sn1 received $r frames, $c given their own head for GRO; out-of-order segments queued +$ofo, frames dropped +$drops"
	expect "TSO on: 20000000 bytes arrived, each as sent" grep -q "received 20000000 bad 0" /tmp/tr
	expect "TSO on: TCP's clones went through GRO, each with its own head (rx_gro_head_copies +$c of $r frames)" [ "${c:-0}" -gt 0 -a "${c:-0}" -le "$r" ]
	# a dropped frame would leave a hole the next ones wait behind
	if [ "$drops" = 0 ]; then
		expect "TSO on: no segment arrived out of order (TcpExt TCPOFOQueue +$ofo)" [ "$ofo" = 0 ]
	fi
}
