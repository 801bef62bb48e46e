# SPDX-License-Identifier: GPL-2.0
# In-VM tests of the client in the contexts it exists for: printk from
# every context, the hostile module's WARNs, a flood from every CPU, and a
# stalled device queue.  Sourced by suite.sh after nc.sh (its helpers).

# printk from NMI (sysrq l: the other CPU's backtrace is printed from an
# NMI) and with IRQs off: no deadlock, nothing lost; both kinds of target
# get every CPU's backtrace and a record after it.
t_nc_printk_contexts() {
	if [ ! -e /proc/sysrq-trigger ]; then
		log "(not run: this kernel has no magic SysRq; the debug kernel's config leaves it out)"
		return
	fi
	nc_setup "netconsole=+@10.0.0.1/sn0,6716@10.0.0.2/;@10.0.0.1/sn0,6717@10.0.0.2/" || return
	wait_quiet sn0
	start_recv b /tmp/cx1 listen 6716 4000
	start_recv b /tmp/cx2 listen 6717 4000
	kick_recv
	echo l > /proc/sysrq-trigger
	kmsg "after-sysrq-l-$$"
	wait
	k=$(dmesg | grep -c 'NMI backtrace for cpu')
	e=$(grep -c 'NMI backtrace for cpu' /tmp/cx1) p=$(grep -c 'NMI backtrace for cpu' /tmp/cx2)
	log "kernel log: $k 'NMI backtrace for cpu' lines; extended target got $e, plain $p"
	expect "every CPU's backtrace reached both targets" [ "$k" -ge 2 -a "$e" = "$k" -a "$p" = "$k" ]
	expect "a record after it arrived on both" sh -c "grep -q after-sysrq-l-$$ /tmp/cx1 && grep -q after-sysrq-l-$$ /tmp/cx2"
	expect "module unloads" rmmod snull
}

# Records from the contexts the client exists for, all at once
# (test/hostile/snull_hostile.c): hard IRQ, softirq, a raw spinlock held
# with IRQs off and a tight loop on every CPU, a WARN among every 40 of
# each, sysrq l's NMI backtraces meanwhile and the pair carrying a UDP
# flood, to an extended and a plain target on sn0 and, where the guest has
# the two virtio-net NICs of a QEMU hub (SNULL_VM_HUB=1), an extended one
# over virtio-net.  No hang, no report but the module's own WARNs; each
# target received every record of the run, or counted what it did not send
# (a repeat, nbcon's handover, is shown).
hostile_each=100
t_nc_hostile() {
	local tag=h$$ ncpu want k tg f d got dup uniq targets="x:cmdline0 p:cmdline1"
	[ -e /lib/modules/snull_hostile.ko ] || { fail "snull_hostile.ko is not in the guest"; return; }
	nc_setup "netconsole=+@10.0.0.1/sn0,6741@10.0.0.2/;@10.0.0.1/sn0,6742@10.0.0.2/" || return
	# the parameter targets' stats, as in-tree: by making their directories
	mkdir $NCFS/cmdline0 $NCFS/cmdline1
	$IP addr add 10.0.0.1/24 dev sn0
	if hub_nics; then
		hub_up
		T=$NCFS/hv
		mkdir $T && echo $VDEV > $T/dev_name && echo 10.0.1.1 > $T/local_ip &&
			echo 10.0.1.2 > $T/remote_ip && echo 6743 > $T/remote_port &&
			echo 1 > $T/extended && echo 1 > $T/enabled &&
			targets="$targets v:hv"
		start_recv b /tmp/hv listen 6743 8000
	else
		log "(no virtio-net NICs in this guest: sn0's targets only)"
	fi
	wait_quiet sn0
	ncpu=$(grep -c '^processor' /proc/cpuinfo)
	# three contexts and a loop per CPU, and the module's closing line
	want=$((hostile_each * (3 + ncpu) + 1))
	for tg in $targets; do
		eval "d0_${tg%%:*}=$(nc6_stat ${tg#*:} dropped)"
	done
	# the pair's own counted drops of netpoll frames (its reserve full: a
	# receiver starved by the hostile loops), shared by sn0's two targets
	nd0=$(xstat sn0 tx_drop_netpoll)
	start_recv b /tmp/hx listen 6741 8000
	start_recv b /tmp/hp listen 6742 8000
	$SNTOOL flood 10.0.0.2 5599 600 1400 > /tmp/hflood 2>&1 &
	fpid=$!
	if [ -e /proc/sysrq-trigger ]; then
		(sleep 1; echo l > /proc/sysrq-trigger) &
	fi
	expect "snull_hostile ran" insmod /lib/modules/snull_hostile.ko tag=$tag \
		hardirq=$hostile_each softirq=$hostile_each rawlock=$hostile_each \
		loop=$hostile_each warn_every=40
	kill $fpid 2>/dev/null
	kmsg "hostile-end-$tag"
	wait
	rmmod snull_hostile
	k=$(dmesg | grep -c "snull-hostile $tag ")
	nd=$(( $(xstat sn0 tx_drop_netpoll) - nd0 ))
	for tg in $targets; do
		f=/tmp/h${tg%%:*}
		eval "d=\$(( \$(nc6_stat ${tg#*:} dropped) - d0_${tg%%:*} ))"
		# a frame sn0 dropped and counted: one of either sn0 target's
		[ "$tg" = "${tg#v:}" ] && d=$((d + nd))
		got=$(grep -c "snull-hostile $tag " $f)
		# copies beyond a record's first: a record can be taken over
		# more than once, each new owner printing it again
		uniq=$(grep -o "snull-hostile $tag [^ ]* [0-9]*" $f | sort -u | wc -l)
		dup=$((got - uniq))
		log "target ${tg#*:}: $got of $want records (kernel log: $k), $uniq different, $dup repeats, $d dropped and counted (sn0's netpoll drops: $nd); $(grep -c 'WARNING: ' $f) WARNING lines, $(grep -c 'NMI backtrace for cpu' $f) NMI backtraces"
		if [ "$dup" -gt 0 ]; then
			log "  repeated: $(grep -o "snull-hostile $tag [^ ]* [0-9]*" $f | sort | uniq -cd | tr -s " \n" " ")"
		fi
		# a record the printer thread had just sent when a WARN took the
		# console over is printed again (nbcon's handover; docs/netconsole.md, "Consoles")
		expect "${tg#*:}: each record, or counted as dropped; nothing else" \
			[ $((got - dup + d)) -ge "$want" -a $((got - dup)) -le "$want" ]
		expect "${tg#*:}: the record after the run" grep -q "hostile-end-$tag" $f
	done
	log "sn0 carried $(stat_of sn0 tx_packets) frames (tx_dropped $(stat_of sn0 tx_dropped), netpoll reserve $(xstat sn0 tx_netpoll_reserve)); b: Udp InErrors $(snmp b Udp InErrors) RcvbufErrors $(snmp b Udp RcvbufErrors); cmdline0: $(tr '\n' ' ' < $NCFS/cmdline0/stats)"
	[ -d $NCFS/hv ] && { echo 0 > $NCFS/hv/enabled; rmdir $NCFS/hv; }
	rmdir $NCFS/cmdline0 $NCFS/cmdline1
	[ -n "$VPEER" ] && $IP netns exec b $IP link set $VPEER netns 1
}

# A printk flood from every CPU at once while the pair carries a UDP flood:
# an extended IPv4 target whose records (with a 190-byte userdata value)
# are fragmented when long, a basic IPv4 parameter target and an IPv6
# configfs target.  Every record reaches every listener or is counted
# dropped by the client, the pair loses no frame, and the kernel log stays
# clean (run_test).  On an rt kernel this is the test of the client's
# locking: spinlock_t sleeps there, and the debug rt kernel reports one
# taken with interrupts off.  The writers pause after each burst until the
# client has sent it, so printk's ring never overwrites what the console
# has not seen (that would be printk's loss, not the client's).
t_nc_flood_cpus() {
	nc6_setup "netconsole=@10.0.0.1/sn0,6731@10.0.0.2/" || return
	$IP addr add 10.0.0.1/24 dev sn0
	$IP -6 addr add fd00::1/64 dev sn0 nodad
	T=$NCFS/fx
	mkdir $T && echo sn0 > $T/dev_name && echo 10.0.0.1 > $T/local_ip &&
		echo 10.0.0.2 > $T/remote_ip && echo 6730 > $T/remote_port &&
		echo 1 > $T/extended && mkdir $T/userdata/pad &&
		printf "p%.0s" $(seq 1 190) > $T/userdata/pad/value &&
		echo 1 > $T/enabled || { fail "extended target"; return; }
	nc6_target f6 fd00::1 fd00::2 6732 || { fail "IPv6 target"; return; }
	ncpu=$(grep -c '^processor' /proc/cpuinfo)
	start_recv b /tmp/fx ncreasm 6730 5000
	start_recv b /tmp/fp listen 6731 5000
	start_recv b /tmp/f6 listen 6732 5000
	$SNTOOL flood 10.0.0.2 5599 600 1400 > /tmp/fflood 2>&1 &
	fpid=$!
	burst=25 rounds=8 n=0
	r=0
	while [ $r -lt $rounds ]; do
		c=0 pids=
		while [ $c -lt $ncpu ]; do
			SNTOOL_CPU=$c $SNTOOL kmsg $burst mix "rtf$c-$r" > /dev/null &
			pids="$pids $!" c=$((c + 1))
		done
		for p in $pids; do wait $p; done
		n=$((n + burst * ncpu))
		# until the extended target has sent (or dropped) the burst
		i=0
		while [ $(( $(nc6_stat fx sent) + $(nc6_stat fx dropped) )) -lt $n ] && [ $i -lt 300 ]; do
			sleep 0.1; i=$((i + 1))
		done
		r=$((r + 1))
	done
	kill $fpid 2>/dev/null
	kmsg "rtf-end"
	wait
	log "sn0 under the UDP flood: tx_packets $(stat_of sn0 tx_packets), netpoll reserve $(xstat sn0 tx_netpoll_reserve), pool-full drops $(xstat sn0 tx_drop_pool_full)"
	for tg in fx:/tmp/fx cmdline0:/tmp/fp f6:/tmp/f6; do
		name=${tg%%:*} out=${tg#*:}
		got=$(grep -Ec 'rtf[0-9]+-[0-9]+ [0-9]+ k' $out)
		# a parameter target has configfs stats only where it shows
		# there; else nothing may be missing
		d=0 st=
		if [ -f $NCFS/$name/stats ]; then
			d=$(nc6_stat $name dropped) st=$(tr '\n' ' ' < $NCFS/$name/stats)
		fi
		log "$name: $got of $n records received${st:+, $st}"
		expect "$name: each of the $n records from $ncpu CPUs received or counted dropped" [ $((got + d)) = $n ]
	done
	expect "extended records were fragmented" [ "$(grep -c '^FRAGMSG [2-9]' /tmp/fx)" -gt 0 ]
	txp=$(stat_of sn0 tx_packets) rxp=$($IP netns exec b cat /sys/class/net/sn1/statistics/rx_packets)
	expect "every frame sn0 queued reached sn1 (tx $txp, rx $rxp)" [ "$txp" = "$rxp" ]
	echo 0 > $T/enabled; rmdir $T/userdata/pad $T
	echo 0 > $NCFS/f6/enabled; rmdir $NCFS/f6
}

# Records logged while the device's transmit queue is stopped (the pair's
# lockup simulation: the watchdog restarts the queue after timeout ms) are
# neither lost nor reordered.  netpoll spins a tick, then queues them; on
# PREEMPT_RT the client holds them itself instead (its "held" counter),
# since netpoll's queue takes a spinlock_t with IRQs off.
t_nc_stalled_queue() {
	nc_setup lockup=25 timeout=1500 || return
	$IP addr add 10.0.0.1/24 dev sn0
	T=$NCFS/sq
	mkdir $T && echo sn0 > $T/dev_name && echo 10.0.0.1 > $T/local_ip &&
		echo 10.0.0.2 > $T/remote_ip && echo 6740 > $T/remote_port &&
		echo 1 > $T/enabled || { fail "target"; return; }
	start_recv b /tmp/sq listen 6740 8000
	n=80 i=1
	while [ $i -le $n ]; do
		kmsg "stq-$i end"
		i=$((i + 1))
	done
	i=0
	while [ $(( $(nc6_stat sq sent) + $(nc6_stat sq dropped) )) -lt $n ] && [ $i -lt 600 ]; do
		sleep 0.1; i=$((i + 1))
	done
	wait $RECV_PID
	got=$(sed -n 's/.*stq-\([0-9]*\) end.*/\1/p' /tmp/sq)
	log "lockups $(xstat sn0 tx_lockups), timeouts $(xstat sn0 tx_timeouts); $(tr '\n' ' ' < $T/stats); received $(echo "$got" | grep -c .) of $n"
	expect "the queue stopped while records were logged" [ "$(xstat sn0 tx_lockups)" -ge 2 ]
	expect "all $n records received" [ "$(echo "$got" | grep -c .)" = $n ]
	expect "in the order logged" [ "$(echo "$got" | tr '\n' ' ')" = "$(seq 1 $n | tr '\n' ' ')" ]
	expect "none dropped" [ "$(nc6_stat sq dropped)" = 0 ]
	if uname -v | grep -q PREEMPT_RT; then
		expect "PREEMPT_RT: the client held records for the stopped queue" [ "$(nc6_stat sq held)" -gt 0 ]
	fi
	echo 0 > $T/enabled; rmdir $T
}
