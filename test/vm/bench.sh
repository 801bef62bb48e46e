# SPDX-License-Identifier: GPL-2.0
# make bench, guest side: prints "BENCH,<case>,<variant>,<x>,<rep>,<value>" lines.
# snullbench=smoke on the kernel command line: one repetition, few frames.
. /snull/lib.sh
# first line at once: vmrun.sh treats a guest silent for minutes as hung
echo "kernel $(uname -r)"
MODE=$(sed -n 's/.*snullbench=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ "$MODE" = smoke ]; then
	REPS=1 COUNT=2000 SIZES="64 1500" POOLS="8" RECS=300 BIGRECS=30
else
	REPS=5 COUNT=20000 SIZES="64 512 1500 9000" POOLS="8 64 256 1024" RECS=20000 BIGRECS=2000
fi
PG=/proc/net/pktgen
for m in $(cat /lib/modules/veth.order /lib/modules/pktgen.order); do insmod /lib/modules/$m.ko 2>/dev/null; done
out() { echo "BENCH,$1,$2,$3,$4,$5"; }
pg() { echo "$2" > "$PG/$1"; }

# pktgen_run DEV RXNS RXDEV SIZE DSTIP DSTMAC: frames/s counted at RXDEV
pktgen_run() {
	dev=$1 ns=$2 rx=$3 size=$4 dst=$5 mac=$6
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device $dev"
	pg $dev "count $COUNT"; pg $dev "pkt_size $size"; pg $dev "delay 0"
	pg $dev "clone_skb 0"; pg $dev "dst $dst"; pg $dev "dst_mac $mac"
	pg $dev "udp_dst_min 9"; pg $dev "udp_dst_max 9"
	r0=$($IP netns exec $ns cat /sys/class/net/$rx/statistics/rx_packets)
	t0=$(cut -d' ' -f1 /proc/uptime)
	echo start > $PG/pgctrl
	sleep 0.2
	r1=$($IP netns exec $ns cat /sys/class/net/$rx/statistics/rx_packets)
	t1=$(cut -d' ' -f1 /proc/uptime)
	# time from pktgen's own result line (usec), frames from the receiver
	us=$(sed -n 's/.*Result: OK: \([0-9]*\)(c.*/\1/p' $PG/$dev)
	[ -n "$us" ] && [ "$us" -gt 0 ] || us=$(echo "$t0 $t1" | awk '{ printf "%d", ($2 - $1) * 1e6 }')
	echo $(( r1 - r0 )) $us | awk '{ printf "%.0f", $1 * 1e6 / $2 }'
}

pair_setup() { # pair_setup MODE [params]: sn0 10.0.0.1, sn1 in ns b
	mode=$1; shift
	insmod $MOD mode=$mode "$@"
	$IP netns add b; $IP link set sn1 netns b
	$IP link set sn0 mtu 9000; $IP netns exec b $IP link set sn1 mtu 9000
	if [ $mode = snull ]; then
		$IP addr add 192.168.2.8/24 dev sn0
		$IP netns exec b $IP addr add 192.168.3.9/24 dev sn1
	else
		$IP addr add 10.0.0.1/24 dev sn0
		$IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
	fi
	$IP link set sn0 up; $IP netns exec b $IP link set sn1 up
	wait_carrier sn0
}
pair_down() { rmmod snull; $IP netns del b; }

veth_setup() {
	$IP netns add b
	$IP link add ve0 type veth peer name ve1
	$IP link set ve1 netns b
	$IP link set ve0 mtu 9000; $IP netns exec b $IP link set ve1 mtu 9000
	$IP addr add 10.0.0.1/24 dev ve0; $IP netns exec b $IP addr add 10.0.0.2/24 dev ve1
	$IP link set ve0 up; $IP netns exec b $IP link set ve1 up
	sleep 0.5
}
veth_down() { $IP link del ve0; $IP netns del b; }

echo "kernel $(uname -r) mode=${MODE:-full}"
ONLYB=$(sed -n 's/.*snullbenchonly=\([^ ]*\).*/\1/p' /proc/cmdline)
# snullbenchonly=REGEX (e.g. "fwd|iperf|paircost") runs only those sections
want() { [ -z "$ONLYB" ] || echo "$1" | grep -Eq "^($ONLYB)\$"; }
out memcpy vm 0 1 "$($SNTOOL memcpy 64 | awk '{ print $2 }')"

# 1. forwarding: snull pair mode, snull mode, veth; same pktgen settings
want fwd && for rep in $(seq 1 $REPS); do
	pair_setup pair
	mac=$($IP netns exec b cat /sys/class/net/sn1/address)
	for s in $SIZES; do out fwd snull-pair $s $rep "$(pktgen_run sn0 b sn1 $s 10.0.0.2 $mac)"; done
	pair_down
	pair_setup snull
	mac=$($IP netns exec b cat /sys/class/net/sn1/address)
	for s in $SIZES; do out fwd snull-snull $s $rep "$(pktgen_run sn0 b sn1 $s 192.168.2.9 $mac)"; done
	pair_down
	veth_setup
	mac=$($IP netns exec b cat /sys/class/net/ve1/address)
	for s in $SIZES; do out fwd veth $s $rep "$(pktgen_run ve0 b ve1 $s 10.0.0.2 $mac)"; done
	veth_down
done

# 2. scaling: pool_size, NAPI vs regular interrupts (64-byte frames)
want scale && for rep in $(seq 1 $REPS); do
	for p in $POOLS; do
		pair_setup pair pool_size=$p
		mac=$($IP netns exec b cat /sys/class/net/sn1/address)
		out pool snull-pair $p $rep "$(pktgen_run sn0 b sn1 64 10.0.0.2 $mac)"
		pair_down
	done
	for n in 1 0; do
		pair_setup pair use_napi=$n
		mac=$($IP netns exec b cat /sys/class/net/sn1/address)
		out napi use_napi=$n 64 $rep "$(pktgen_run sn0 b sn1 64 10.0.0.2 $mac)"
		pair_down
	done
done

# 4. where the time goes per 64-byte frame (full mode): ftrace
# function_graph limited to the transmit function and the receive loop of
# each pair while pktgen sends; total time in each / frames received.  veth
# without XDP or GRO receives through the backlog (process_backlog).
profile_run() { # profile_run VARIANT XMITFN RXFN DEV NS RXDEV DSTIP
	v=$1 fx=$2 fr=$3
	TR=/sys/kernel/tracing
	[ -e $TR/current_tracer ] || mount -t tracefs none $TR
	echo 0 > $TR/tracing_on
	# only these two functions are hooked: the rest of the kernel runs
	# untraced, so the figures carry little tracing overhead
	echo "$fx $fr" > $TR/set_ftrace_filter
	echo function_graph > $TR/current_tracer
	echo 16384 > $TR/buffer_size_kb
	echo > $TR/trace
	mac=$($IP netns exec $5 cat /sys/class/net/$6/address)
	r0=$($IP netns exec $5 cat /sys/class/net/$6/statistics/rx_packets)
	echo 1 > $TR/tracing_on
	pktgen_run $4 $5 $6 64 $7 $mac > /dev/null
	echo 0 > $TR/tracing_on
	r1=$($IP netns exec $5 cat /sys/class/net/$6/statistics/rx_packets)
	for f in $fx $fr; do
		tot=$(grep -E "[0-9.]+ us +\| +$f( \[[a-z_]+\])?\(\);" $TR/trace | sed 's/.* \([0-9.]*\) us .*/\1/' |
			awk '{ t += $1 } END { printf "%.0f", t * 1000 }')
		out profile "$v-$f" ns_per_frame $rep "$(echo $tot $((r1 - r0)) | awk '{ printf "%.0f", $2 ? $1 / $2 : 0 }')"
	done
	echo nop > $TR/current_tracer
	echo > $TR/set_ftrace_filter
}
[ "$MODE" != smoke ] && want profile && for rep in $(seq 1 $REPS); do
	pair_setup pair
	profile_run snull-pair snull_start_xmit snull_poll sn0 b sn1 10.0.0.2
	pair_down
	veth_setup
	profile_run veth veth_xmit process_backlog ve0 b ve1 10.0.0.2
	veth_down
done

# 5. iperf3, root namespace to the peer's: TCP with 1 and 4 streams, UDP of
# 1472-byte datagrams at full speed; snull pair mode, snull mode, veth,
# alternated in one boot.  Default features on each (veth: GRO off too).
IPERF=/opt/bin/iperf3
iperf_run() { # iperf_run DSTIP ARGS...: prints "Mbit/s" or "pps loss%"
	dst=$1; shift
	$IP netns exec b $IPERF -s -1 -p 5201 > /dev/null 2>&1 &
	sp=$!
	n=0
	while ! $IP netns exec b cat /proc/net/tcp | grep -q ':1451 .* 0A ' && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	$IPERF -c "$dst" -p 5201 -t $IPERF_SECS -f m "$@" > /tmp/ipf 2>&1
	wait $sp
	if [ "$1" = -u ]; then
		# receiver line: ... Mbits/sec jitter ms lost/total (pct%)
		grep receiver /tmp/ipf | tail -n 1 | sed 's/.* \([0-9]*\)\/\([0-9]*\) *(\([0-9.e+-]*\)%).*/\2 \3/' |
			awk -v s=$IPERF_SECS '{ printf "%.0f %s", $1 / s, $2 }'
	else
		grep receiver /tmp/ipf | tail -n 1 | sed 's/.* \([0-9.]*\) Mbits\/sec.*/\1/'
	fi
}
iperf_all() { # iperf_all VARIANT DSTIP REP
	for p in 1 4; do out tcp$p "$1" mbit "$3" "$(iperf_run $2 -P $p)"; done
	u=$(iperf_run $2 -u -b 0 -l 1472)
	out udp1472 "$1" pps "$3" "${u% *}"
	out udp1472 "$1" loss_pct "$3" "${u#* }"
}
IPERF_SECS=4
[ "$MODE" = smoke ] && IPERF_SECS=1
[ -x $IPERF ] && want iperf && for rep in $(seq 1 $REPS); do
	pair_setup pair; $IP link set sn0 mtu 1500; $IP netns exec b $IP link set sn1 mtu 1500
	iperf_all snull-pair 10.0.0.2 $rep
	pair_down
	pair_setup snull; $IP link set sn0 mtu 1500; $IP netns exec b $IP link set sn1 mtu 1500
	iperf_all snull-snull 192.168.2.9 $rep
	pair_down
	veth_setup; $IP link set ve0 mtu 1500; $IP netns exec b $IP link set ve1 mtu 1500
	iperf_all veth 10.0.0.2 $rep
	veth_down
done

# 7. native XDP (kernels that have it), 64-byte pktgen frames: XDP_DROP,
# frames/s the program ran on; XDP_TX, frames/s it sent back to the sender
# (xdp_tx, without the ones lost: veth loses most when the sender's ring
# is full).  snull vs veth; veth's XDP_TX needs NAPI on
# the sender: GRO on.
xdp_sum() { # xdp_sum NS DEV FIELD: DEV's rx_queue_N_FIELD, summed over N
	$IP netns exec $1 $ETHTOOL -S $2 | awk -v f="_$3:" 'index($1, f) && $1 ~ /^rx_queue_[0-9]+_/ && substr($1, length($1) - length(f) + 1) == f { s += $2 } END { print s + 0 }'
}
xdp_done() { # xdp_done NS DEV PROG: frames handled as PROG intends
	if [ $3 = tx ]; then
		xdp_sum $1 $2 xdp_tx	# sent back (both count losses apart)
	else
		xdp_sum $1 $2 xdp_packets
	fi
}
xdp_rate() { # xdp_rate DEV NS RXDEV PROG DSTIP: frames/s through PROG
	$SNTOOL -n $2 xdp $3 $4 || { echo 0; return; }
	mac=$($IP netns exec $2 cat /sys/class/net/$3/address)
	x0=$(xdp_done $2 $3 $4)
	pktgen_run $1 $2 $3 64 $5 $mac > /dev/null
	x1=$(xdp_done $2 $3 $4)
	$SNTOOL -n $2 xdp $3 off
	us=$(sed -n 's/.*Result: OK: \([0-9]*\)(c.*/\1/p' $PG/$1)
	echo $(( x1 - x0 )) ${us:-0} | awk '{ printf "%.0f", $2 ? $1 * 1e6 / $2 : 0 }'
}
grep -qw skb_pp_cow_data /proc/kallsyms && want xdp && for rep in $(seq 1 $REPS); do
	pair_setup pair
	$IP link set sn0 mtu 1500; $IP netns exec b $IP link set sn1 mtu 1500
	for a in drop tx; do out xdp$a snull-pair 64 $rep "$(xdp_rate sn0 b sn1 $a 10.0.0.2)"; done
	pair_down
	veth_setup
	$IP link set ve0 mtu 1500; $IP netns exec b $IP link set ve1 mtu 1500
	$ETHTOOL -K ve0 gro on > /dev/null 2>&1
	for a in drop tx; do out xdp$a veth 64 $rep "$(xdp_rate ve0 b ve1 $a 10.0.0.2)"; done
	veth_down
done

# 8. two queues, two senders: pktgen's two threads, one per CPU, each on
# its own transmit queue of a 2-queue pair; frames/s at the receiver
pktgen_mq() { # pktgen_mq DEV NS RXDEV SIZE DSTIP DSTMAC
	dev=$1 ns=$2 rx=$3 size=$4 dst=$5 mac=$6
	for t in 0 1; do
		pg kpktgend_$t "rem_device_all"
		pg kpktgend_$t "add_device $dev@$t"
		d=$dev@$t
		pg $d "count $COUNT"; pg $d "pkt_size $size"; pg $d "delay 0"
		pg $d "clone_skb 0"; pg $d "dst $dst"; pg $d "dst_mac $mac"
		pg $d "udp_dst_min 9"; pg $d "udp_dst_max 9"
		pg $d "queue_map_min $t"; pg $d "queue_map_max $t"
	done
	r0=$($IP netns exec $ns cat /sys/class/net/$rx/statistics/rx_packets)
	echo start > $PG/pgctrl
	sleep 0.2
	r1=$($IP netns exec $ns cat /sys/class/net/$rx/statistics/rx_packets)
	us=$(for t in 0 1; do sed -n 's/.*Result: OK: \([0-9]*\)(c.*/\1/p' $PG/$dev@$t; done | sort -n | tail -n 1)
	pg kpktgend_1 "rem_device_all"
	echo $(( r1 - r0 )) ${us:-0} | awk '{ printf "%.0f", $2 ? $1 * 1e6 / $2 : 0 }'
}
want mq && for rep in $(seq 1 $REPS); do
	insmod $MOD mode=pair
	$IP netns add b
	$IP link add mq0 numtxqueues 2 numrxqueues 2 type snull
	p=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@mq0.*/\1/p')
	$IP link set $p netns b
	$IP addr add 10.9.0.1/24 dev mq0; $IP netns exec b $IP addr add 10.9.0.2/24 dev $p
	$IP link set mq0 up; $IP netns exec b $IP link set $p up
	wait_carrier mq0
	mac=$($IP netns exec b cat /sys/class/net/$p/address)
	out mq2 snull-pair 64 $rep "$(pktgen_mq mq0 b $p 64 10.9.0.2 $mac)"
	rmmod snull; $IP netns del b
	$IP netns add b
	$IP link add vq0 numtxqueues 2 numrxqueues 2 type veth peer name vq1 numtxqueues 2 numrxqueues 2
	$IP link set vq1 netns b
	$IP addr add 10.9.0.1/24 dev vq0; $IP netns exec b $IP addr add 10.9.0.2/24 dev vq1
	$IP link set vq0 up; $IP netns exec b $IP link set vq1 up
	sleep 0.5
	mac=$($IP netns exec b cat /sys/class/net/vq1/address)
	out mq2 veth 64 $rep "$(pktgen_mq vq0 b vq1 64 10.9.0.2 $mac)"
	$IP link del vq0; $IP netns del b
done

# 6. what an idle pair costs: 100 pairs made and deleted, the kernel's
# unreclaimable slab, per-CPU and page use (MemAvailable) before and after
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
pair_cost() { # pair_cost VARIANT: bytes per pair
	kind=$1
	sync; echo 3 > /proc/sys/vm/drop_caches
	s0=$(meminfo SUnreclaim) p0=$(meminfo Percpu) a0=$(meminfo MemAvailable)
	i=0
	while [ $i -lt 100 ]; do
		if [ $kind = veth ]; then $IP link add cv$i type veth peer name cw$i
		else $IP link add cs$i type snull; fi
		i=$((i + 1))
	done
	sleep 1
	s1=$(meminfo SUnreclaim) p1=$(meminfo Percpu) a1=$(meminfo MemAvailable)
	out paircost "$kind" slab_bytes "$rep" $(( (s1 - s0) * 1024 / 100 ))
	out paircost "$kind" percpu_bytes "$rep" $(( (p1 - p0) * 1024 / 100 ))
	out paircost "$kind" total_bytes "$rep" $(( (a0 - a1) * 1024 / 100 ))
	i=0
	while [ $i -lt 100 ]; do
		if [ $kind = veth ]; then $IP link del cv$i; else $IP link del cs$i; fi
		i=$((i + 1))
	done
}
want paircost && for rep in $(seq 1 $REPS); do
	insmod $MOD mode=pair
	pair_cost snull
	rmmod snull
	pair_cost veth
done

# 3. log streaming over sn0: our client vs the in-tree netconsole
dmesg -n 8
# /dev/kmsg writers are rate-limited (10 per 5 s) unless this is on
echo on > /proc/sys/kernel/printk_devkmsg
echo 1 > /sys/module/netpoll/parameters/carrier_timeout
# the virtio-net pair: two NICs on a QEMU hub (make bench adds them)
hub_nics
link_setup() { # link_setup sn|virtio: DEV LIP RIP RMAC for the stream
	if [ $1 = sn ]; then
		pair_setup pair
		DEV=sn0 LIP=10.0.0.1 RIP=10.0.0.2
		RMAC=$($IP netns exec b cat /sys/class/net/sn1/address)
	else
		$IP netns add b
		hub_up
		DEV=$VDEV LIP=10.0.1.1 RIP=10.0.1.2
		RMAC=$($IP netns exec b cat /sys/class/net/$VPEER/address)
	fi
}
link_down() {
	if [ $1 = sn ]; then
		pair_down
	else
		$IP netns exec b $IP link set $VPEER netns 1
		$IP netns del b
		$IP addr flush dev $VDEV
	fi
}
# userdata that makes a 985-byte record a message of about 3000 bytes:
# 10 keys of 195-byte values (" kN=<value>\n" each), fragmented in 3
UDVAL=$(printf '%0195d' 0 | tr 0 u)
add_userdata() { # add_userdata TARGETDIR
	for k in 0 1 2 3 4 5 6 7 8 9; do
		mkdir $1/userdata/k$k && echo $UDVAL > $1/userdata/k$k/value
	done
}
del_target() {
	echo 0 > $1/enabled
	for u in $1/userdata/*; do [ -d "$u" ] && rmdir "$u"; done
	rmdir $1
}
stream() { # stream CLIENT LINK RECORDS SIZE REP (SIZE 3000: 985 + userdata)
	# the tag names the client too: the in-tree parameter target replays
	# the log buffer, which holds the previous client's records
	client=$1 link=$2 n=$3 size=$4 rep=$5 tag="bench$$$1$2r$5s$4"
	case=stream$size
	[ $link = virtio ] && case=vstream$size
	tsize=$size
	[ $size = 3000 ] && tsize=985
	link_setup $link
	if [ $client = ours ]; then
		insmod $MOD mode=pair 2>/dev/null
		T=/sys/kernel/config/snull_netconsole/bench
	else
		insmod /lib/modules/netconsole.ko
		T=/sys/kernel/config/netconsole/bench
	fi
	mkdir $T; echo $DEV > $T/dev_name; echo $LIP > $T/local_ip
	echo $RIP > $T/remote_ip; echo $RMAC > $T/remote_mac; echo 1 > $T/extended
	[ $size = 3000 ] && add_userdata $T
	echo 1 > $T/enabled
	start_recv b /tmp/cnt count 6666 3000 "$tag"
	w=$($SNTOOL kmsg $n $tsize $tag)
	# printk may leave the last record for the next one to flush
	echo "<6>bench-flush" > /dev/kmsg
	wait
	got=$(sed -n 's/^count \([0-9]*\) .*/\1/p' /tmp/cnt)
	out "$case" $client rate $rep "$(echo "$w" | awk '{ print $6 }')"
	out "$case" $client us_per_rec $rep "$(echo "$w" | awk '{ print $8 }')"
	out "$case" $client received $rep "$got"
	out "$case" $client loss $rep "$(( n - got ))"
	del_target $T
	if [ $client = ours ]; then [ $link = virtio ] && rmmod snull; else rmmod netconsole; fi
	link_down $link
}
# the in-tree netconsole has userdata only from 6.9 on
intree_userdata() {
	insmod /lib/modules/netconsole.ko
	mkdir /sys/kernel/config/netconsole/probe
	r=1; [ -d /sys/kernel/config/netconsole/probe/userdata ] && r=0
	rmdir /sys/kernel/config/netconsole/probe; rmmod netconsole
	return $r
}
BIG=; intree_userdata && BIG=3000
want stream && for rep in $(seq 1 $REPS); do
	# cost per printk with no network target at all, for reference
	w=$($SNTOOL kmsg $RECS 80 idle$rep)
	out stream80 none rate $rep "$(echo "$w" | awk '{ print $6 }')"
	out stream80 none us_per_rec $rep "$(echo "$w" | awk '{ print $8 }')"
	for link in sn virtio; do
		[ $link = virtio ] && [ -z "$VDEV" ] && continue
		for c in ours intree; do
			stream $c $link $RECS 80 $rep
			# 985 bytes: the largest /dev/kmsg takes on 6.1 (992 with
			# "<6>"), just over 1000 with the extended header: fragments
			stream $c $link $BIGRECS 985 $rep
			[ -n "$BIG" ] && stream $c $link $BIGRECS $BIG $rep
		done
	done
done
dmesg -n 4
echo "BENCH-DONE"
