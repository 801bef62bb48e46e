# SPDX-License-Identifier: GPL-2.0
# make fuzz-kernel: rounds of test/guest/snfuzz against snull on
# the debug kernel.  Each round loads snull with random module arguments,
# sets up a pair across namespaces b and c with traffic and a logging
# netconsole target, lets two fuzzer processes drive frames, configfs,
# rtnetlink and namespaces (allocations failing at a low rate), then checks
# that every frame injected on a fresh pair was delivered or counted, tears
# everything down, unloads snull and asks kmemleak.  Any checker report in
# the kernel log fails the round and prints the round's replay files.
#   snullfuzz=SECONDS (fuzzing time, default 60)  snullseed=N (default: the time)
. /snull/lib.sh
SNFUZZ=/opt/bin/snfuzz
DBG=/sys/kernel/debug
TOTAL=$(sed -n 's/.*snullfuzz=\([0-9]*\).*/\1/p' /proc/cmdline)
TOTAL=${TOTAL:-60}
SEED=$(sed -n 's/.*snullseed=\([0-9]*\).*/\1/p' /proc/cmdline)
SEED=${SEED:-$(date +%s)}
# snullreplay=SEED: one round with that round seed's module arguments and
# setup, running the operations of /snull/replay/replay.* (copied from the
# host's SNULL_REPLAY_DIR by scripts/mkinitramfs.sh) instead of new ones
REPLAY=$(sed -n 's/.*snullreplay=\([0-9]*\).*/\1/p' /proc/cmdline)
# rounds of at most 60 s of fuzzing; at least two rounds
ROUND=$((TOTAL / 2))
[ $ROUND -gt 60 ] && ROUND=60
[ $ROUND -lt 10 ] && ROUND=10
OUT=/tmp/fuzz
mkdir -p $OUT
echo "kernel $(uname -r); fuzzing $TOTAL s in rounds of $ROUND s; seed $SEED"
kmemleak_start
echo on > /proc/sys/kernel/printk_devkmsg
echo 1 > /sys/module/netpoll/parameters/carrier_timeout 2>/dev/null

# failslab at 1 in 200 for the fuzzer's own tasks (they opt in with
# SNFUZZ_FAIL after setting up kcov)
fault_setup() {
	[ -d $DBG/failslab ] || return 0
	echo 0 > $DBG/failslab/verbose
	echo N > $DBG/failslab/ignore-gfp-wait
	echo Y > $DBG/failslab/task-filter
	echo -1 > $DBG/failslab/times
	echo 1 > $DBG/failslab/interval
	echo 0 > $DBG/failslab/require-start
	echo 18446744073709551615 > $DBG/failslab/require-end
	# probability is in percent; 1 in 200 needs interval 1 and 0.5 %:
	# take 1 % of every second allocation instead
	echo 1 > $DBG/failslab/probability
	echo 2 > $DBG/failslab/interval
}

# every snull counter of every device and target at the end of a round,
# summed by name into $OUT/counters (which counters ever moved)
sum_counters() {
	local ns d
	for ns in "" b c; do
		for d in $( (if [ -n "$ns" ]; then $IP netns exec $ns ls /sys/class/net; else ls /sys/class/net; fi) 2>/dev/null); do
			[ "$d" = lo ] && continue
			if [ -n "$ns" ]; then $IP netns exec $ns $ETHTOOL -S $d; else $ETHTOOL -S $d; fi 2>/dev/null |
				awk -F': ' 'NF == 2 { gsub(/ /, "", $1); print "dev " $1, $2 }'
		done
	done
	for t in /sys/kernel/config/snull_netconsole/* /sys/kernel/config/netconsole/*; do
		[ -f "$t/stats" ] && sed 's/^/target /' "$t/stats"
	done
	[ -f $OUT/counters ] && cat $OUT/counters
} 2>/dev/null

merge_counters() {
	sum_counters | awk 'NF == 3 { s[$1 " " $2] += $3 } END { for (k in s) print k, s[k] }' | sort > $OUT/counters.new
	mv $OUT/counters.new $OUT/counters
}

# The frames check, on a pair of its own in namespace "acc" that the fuzzer
# does not see (made before any target could wait for its names, IPv6
# off, so only the frames injected here cross it): while the fuzzer runs,
# COUNT mutated frames go in on each end; afterwards each one the packet
# socket accepted must show as sent (tx_packets) or as a counted drop, and
# each sent one as received (rx_packets) or purged on the other end.
AX="$IP netns exec acc"
xs() { $AX $ETHTOOL -S $1 | awk -F': ' -v k="$2" '{ gsub(/ /, "", $1) } $1 == k { print $2 }'; }
st() { $AX cat /sys/class/net/$1/statistics/$2; }
snap() { # snap DEV: the counters this check uses, one line
	local d=$1
	echo "$(st $d tx_packets) $(st $d rx_packets) $(xs $d tx_drop_peer_down) $(xs $d tx_drop_bad_len) $(xs $d tx_drop_pool_full) $(xs $d tx_drop_nomem) $(xs $d tx_drop_rxq_full) $(xs $d rx_drop_oversize) $(xs $d rx_drop_purged) $(xs $d rxq_enqueued) $(xs $d rxq_dequeued) $(qdisc_drops $d acc)"
}
acc_setup() {
	local p
	$IP netns add acc
	$IP link add fzacc type snull || { fail "accounting: ip link add fzacc type snull"; return 1; }
	p=$($IP -o link show | awk -F': ' -v x="$(cat /sys/class/net/fzacc/iflink)" '$1 == x { sub(/@.*/, "", $2); print $2 }')
	$IP link set "$p" name fzacp
	$IP link set fzacc netns acc; $IP link set fzacp netns acc
	for d in fzacc fzacp; do
		$AX sh -c "echo 1 > /proc/sys/net/ipv6/conf/$d/disable_ipv6"
		$AX $TC qdisc replace dev $d root pfifo limit 10000
		$AX $IP link set $d up
	done
	A0=$(snap fzacc) B0=$(snap fzacp)
}
acc_check() {
	local i=0
	[ -n "${A0:-}" ] || return
	while [ $i -lt 50 ] && [ "$(xs fzacc rxq_len)$(xs fzacp rxq_len)$(xs fzacc pool_in_use)$(xs fzacp pool_in_use)" != 0000 ]; do
		sleep 0.2; i=$((i + 1))
	done
	A1=$(snap fzacc) B1=$(snap fzacp)
	acc_dir fzacc "$A0" "$A1" "$B0" "$B1" "$(cut -d' ' -f1 $OUT/inject.a)"
	acc_dir fzacp "$B0" "$B1" "$A0" "$A1" "$(cut -d' ' -f1 $OUT/inject.b)"
	A0=
}
# acc_dir NAME SENDER-BEFORE SENDER-AFTER RECEIVER-BEFORE RECEIVER-AFTER SENT
acc_dir() {
	local n=$1 s sent=$6 tx drops rx purged enq deq oversize
	# fields: 1 tx 2 rx 3-7 tx drops 8 rx_drop_oversize 9 purged 10 enq 11 deq 12 qdisc drops
	d() { echo $(( $(echo "$2" | cut -d' ' -f$1) - $(echo "$3" | cut -d' ' -f$1) )); }
	tx=$(d 1 "$3" "$2")
	drops=$(( $(d 3 "$3" "$2") + $(d 4 "$3" "$2") + $(d 5 "$3" "$2") + $(d 6 "$3" "$2") + $(d 7 "$3" "$2") + $(d 12 "$3" "$2") ))
	oversize=$(d 8 "$5" "$4")
	rx=$(d 2 "$5" "$4") purged=$(d 9 "$5" "$4") enq=$(d 10 "$5" "$4") deq=$(d 11 "$5" "$4")
	log "$n: injected $sent accepted; sent $tx, dropped by $n $drops, oversize at the peer $oversize; peer enqueued $enq, dequeued $deq, received $rx, purged $purged"
	expect "$n: every accepted frame sent or counted ($sent = $tx + $drops + $oversize)" [ "$sent" = $((tx + drops + oversize)) ]
	expect "$n: every sent frame queued at the peer ($enq = $tx) and dequeued ($deq)" [ "$enq" = "$tx" -a "$deq" = "$enq" ]
	expect "$n: every dequeued frame received or purged ($deq = $rx + $purged)" [ "$deq" = $((rx + purged)) ]
}

# nothing of snull left after rmmod: devices, configfs groups
check_gone() {
	local ns
	for ns in "" $($IP netns list 2>/dev/null | cut -d' ' -f1); do
		if [ -n "$ns" ]; then $IP netns exec $ns $IP -o link show; else $IP -o link show; fi 2>/dev/null |
			grep -q 'snull\|sn[0-9]\|fz' && fail "a snull device left ${ns:+in $ns }after rmmod"
	done
	[ -e /sys/kernel/config/snull_netconsole ] && fail "/sys/kernel/config/snull_netconsole left after rmmod"
	grep -q '^snull ' /proc/modules && fail "snull still loaded"
}

cfs_clean() { # every target and userdata item, deepest first
	local r t k
	for r in /sys/kernel/config/snull_netconsole /sys/kernel/config/netconsole; do
		[ -d $r ] || continue
		for t in $r/*; do
			[ -d "$t" ] || continue
			echo 0 > "$t/enabled" 2>/dev/null
			for k in "$t"/userdata/*; do
				[ -d "$k" ] && { rmdir "$k" || fail "rmdir $k"; }
			done
			rmdir "$t" || fail "rmdir $t"
		done
	done
}

t_fuzz_round() {
	local seed=$((SEED + R)) p i pids=""
	[ -n "$REPLAY" ] && seed=$REPLAY
	# snfuzz load: finit_module with random arguments, kcov on (the
	# parameter callbacks count in the coverage)
	dmesg -c > /tmp/dmesg.load
	r=$($SNFUZZ load $seed $OUT)
	st=$?
	log "round $R, seed $seed: $(echo "$r" | head -n 1)"
	if [ $st = 1 ]; then
		msg=$(dmesg | grep 'snull' | tail -n 1)
		log "kernel log: ${msg:-none}"
		[ -n "$msg" ] || fail "arguments refused with no snull message"
		[ -e /sys/class/net/sn0 ] && fail "sn0 exists after a refused load"
		echo "params refused" >> $OUT/params
		p=" mode=pair netconsole_configfs=$((seed % 2))"
		insmod $MOD $p || { fail "insmod$p"; return; }
		log "loaded with$p"
	elif [ $st = 0 ]; then
		echo "params accepted" >> $OUT/params
	else
		fail "snfuzz load: $r"; return
	fi
	mode=$(cat /sys/module/snull/parameters/mode)
	acc_setup
	# the pair: sn0 here, sn1 in b; a second pair between c and b
	$IP netns add b; $IP netns add c
	$IP link set sn1 netns b
	$IP addr add 10.0.0.1/24 dev sn0; $IP addr add fd00::1/64 dev sn0 nodad
	$IP link set sn0 up
	$IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
	$IP netns exec b $IP addr add fd00::2/64 dev sn1 nodad
	$IP netns exec b $IP link set sn1 up
	$IP netns exec b $IP link set lo up
	if $IP link add fzc type snull; then
		pc=$($IP -o link show | awk -F': ' -v x="$(cat /sys/class/net/fzc/iflink)" '$1 == x { sub(/@.*/, "", $2); print $2 }')
		$IP link set "$pc" name fzcb
		$IP link set fzc netns c; $IP link set fzcb netns b
		$IP netns exec c $IP link set fzc up
		$IP netns exec b $IP link set fzcb up
	else
		fail "ip link add fzc type snull"
	fi
	wait_carrier sn0
	# a netconsole target that logs, beside any the arguments made
	cfs=/sys/kernel/config/snull_netconsole
	[ -d $cfs ] || cfs=/sys/kernel/config/netconsole
	if mkdir $cfs/log0; then
		echo sn0 > $cfs/log0/dev_name
		echo 10.0.0.1 > $cfs/log0/local_ip
		echo 10.0.0.2 > $cfs/log0/remote_ip
		echo $((R % 2)) > $cfs/log0/extended
		echo 1 > $cfs/log0/enabled || fail "enabling the logging target"
	else
		fail "mkdir $cfs/log0"
	fi
	dmesg -n 8
	(i=0; while :; do echo "<6>snfuzz: round $R record $i" > /dev/kmsg; i=$((i + 1)); sleep 0.2; done) &
	pids="$pids $!"
	$SNTOOL -n b send 10.0.0.1 9 100000000 200 3000 > /dev/null 2>&1 &
	pids="$pids $!"
	$SNTOOL send 10.0.0.2 9 100000000 200 3000 > /dev/null 2>&1 &
	pids="$pids $!"
	rm -f $OUT/replay.*
	# the frames check's traffic, spread over the round
	gap=$((ROUND * 1000000 / 500))
	( $SNFUZZ inject acc fzacc 400 $seed $gap > $OUT/inject.a ) &
	injpids=$!
	( $SNFUZZ inject acc fzacp 400 $((seed + 1)) $gap > $OUT/inject.b ) &
	injpids="$injpids $!"
	if [ -n "$REPLAY" ]; then
		SNFUZZ_FAIL=1 $SNFUZZ replay /snull/replay/replay.* > $OUT/run.out 2>&1
		tail -n 5 $OUT/run.out | sed 's/^/  /'
	else
		SNFUZZ_FAIL=1 $SNFUZZ run $ROUND $seed 2 $OUT > $OUT/run.out 2>&1 ||
			fail "snfuzz run: $(tail -n 1 $OUT/run.out)"
	fi
	sed 's/^/  /' $OUT/run.out
	# shellcheck disable=SC2086
	kill $pids 2>/dev/null
	dmesg -n 4
	sed -n 's/^ops: //p' $OUT/run.out | sed 's/ (succeeded.*//' |
		awk '{ for (i = 1; i < NF; i += 2) print $i ":" $(i + 1) }' >> $OUT/opsum
	wait $injpids
	merge_counters
	acc_check
	cfs_clean
	for ns in $($IP netns list | cut -d' ' -f1); do $IP netns del $ns; done
	i=0
	# snfuzz unload: rmmod with kcov on (the exit path counts too)
	while ! $SNFUZZ unload $OUT > /tmp/rmmod.err 2>&1; do
		i=$((i + 1))
		[ $i -ge 50 ] && { fail "rmmod snull: $(cat /tmp/rmmod.err)"; break; }
		sleep 0.2
	done
	grep '^coverage:' /tmp/rmmod.err > $OUT/coverage.last
	check_gone
	if [ -e $KMEMLEAK ]; then
		sleep 6; echo scan > $KMEMLEAK; sleep 1; echo scan > $KMEMLEAK
		n=$(grep -c 'unreferenced object' $KMEMLEAK)
		[ "$n" = 0 ] || { head -n 40 $KMEMLEAK | sed 's/^/  kmemleak: /'; echo clear > $KMEMLEAK; }
		expect "round $R: kmemleak reports nothing after the unload" [ "$n" = 0 ]
	fi
	# the replay files go to the host when the round failed; the dmesg
	# check of run_test comes after this, so look at the log here too
	if [ -n "$FAILS" ] || dmesg | grep -Eq "$BAD"; then
		for f in $OUT/replay.*; do
			log "replay file $f ($(wc -l < $f) operations), last 300:"
			tail -n 300 $f | sed "s|^|SNULL-REPLAY ${f##*.} |"
		done
	fi
}

fault_setup
start=$(date +%s)
NR=$((TOTAL / ROUND))
[ $NR -lt 2 ] && NR=2
[ -n "$REPLAY" ] && NR=1
R=0
while [ $R -lt $NR ]; do
	R=$((R + 1))
	run_test fuzz_round_$R
done
echo 0 > $DBG/failslab/probability 2>/dev/null
echo "== fuzz summary: $R rounds in $(( $(date +%s) - start )) s"
echo "module arguments: $(sort $OUT/params | uniq -c | tr '\n' ' ')"
echo "operations (succeeded/tried, all rounds):"
awk -F: '{ split($2, a, "/"); ok[$1] += a[1]; n[$1] += a[2] } END { for (k in n) printf "  %-8s %7d tried %7d succeeded\n", k, n[k], ok[k] }' $OUT/opsum | sort
sed 's/^/  /' $OUT/coverage.last
echo "SNULL-COVER $(sed -n 's/^coverage:.*; \([0-9]* of [0-9]*\) kcov.*/\1/p' $OUT/coverage.last)"
[ -f $OUT/cover-functions ] && sed 's/^/SNULL-COVERFN /' $OUT/cover-functions
echo "counters that moved (sum over rounds):"
awk '$3 != 0 { printf "  %s %s %s\n", $1, $2, $3 }' $OUT/counters
echo "counters that never moved: $(awk '$3 == 0 { printf "%s ", $2 }' $OUT/counters)"
ktap_totals
