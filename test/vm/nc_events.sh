# SPDX-License-Identifier: GPL-2.0
# In-VM tests of the client against device events and concurrent
# configuration: renames and unregistration, resume against rmdir, and the
# torture and race tests.  Sourced by suite.sh after nc.sh (its helpers).

# Rename, unregister and re-register of the target's device.
t_nc_rename_unregister() {
	nc_setup || return
	extra_pair foo
	T=$NCFS/r1
	mkdir $T; echo foo > $T/dev_name; echo 10.0.1.1 > $T/local_ip; echo 10.0.1.2 > $T/remote_ip
	echo 6690 > $T/remote_port; echo 1 > $T/enabled
	$IP link set foo down; $IP link set foo name bar; $IP link set bar up
	expect "dev_name follows the rename" [ "$(cat $T/dev_name)" = bar ]
	delivers /tmp/r1 6690 2500 "after-rename-$$" "still delivering after rename"
	$IP link del bar
	sleep 0.5
	expect "disabled when the device unregistered" [ "$(cat $T/enabled)" = 0 ]
	expect "logged the stop" sh -c "dmesg | grep -q 'target r1: network logging stopped on bar as it unregistered'"
	extra_pair bar
	sleep 2
	expect "re-enabled when the device came back" [ "$(cat $T/enabled)" = 1 ]
	delivers /tmp/r2 6690 2500 "after-return-$$" "delivering again"
	echo 0 > $T/enabled; rmdir $T
}

t_nc_torture() {
	nc_setup "netconsole=+@10.0.0.1/sn0,6695@10.0.0.2/" || return
	$IP netns add c
	renames=0 moves=0
	(i=0; while [ $i -lt 300 ]; do echo "<6>torture-a-$i" > /dev/kmsg; i=$((i + 1)); done) &
	(i=0; while [ $i -lt 300 ]; do echo "<6>torture-b-$i" > /dev/kmsg; i=$((i + 1)); done) &
	i=0
	while [ $i -lt 40 ]; do
		T=$NCFS/x$i
		mkdir $T && echo sn0 > $T/dev_name && echo 10.0.0.1 > $T/local_ip &&
			echo 10.0.0.2 > $T/remote_ip && echo 1 > $T/enabled
		[ $((i % 3)) = 0 ] && { $IP link set sn0 down; $IP link set sn0 up; }
		echo 0 > $T/enabled 2>/dev/null; echo 1 > $T/enabled 2>/dev/null
		[ $((i % 5)) = 0 ] && $IP netns exec b $IP link set sn1 down && $IP netns exec b $IP link set sn1 up
		if [ $((i % 4)) = 1 ]; then
			# rename under the targets (they follow) and back
			$IP link set sn0 down; $IP link set sn0 name sntort
			$IP link set sntort up; echo "<6>torture-renamed-$i" > /dev/kmsg
			$IP link set sntort down; $IP link set sntort name sn0; $IP link set sn0 up
			renames=$((renames + 1))
		fi
		if [ $((i % 4)) = 3 ]; then
			# the peer leaves for namespace c and comes back
			$IP netns exec b $IP link set sn1 netns c
			$IP netns exec c $IP link set sn1 netns b
			$IP netns exec b $IP addr add 10.0.0.2/24 dev sn1 2>/dev/null
			$IP netns exec b $IP link set sn1 up
			moves=$((moves + 1))
		fi
		echo 0 > $T/enabled 2>/dev/null; rmdir $T
		i=$((i + 1))
	done
	wait
	expect "sn0 back under its name" [ -e /sys/class/net/sn0 ]
	expect "sn1 back in namespace b" sh -c "$IP netns exec b $IP link show sn1 > /dev/null"
	expect "module unloads after torture" rmmod snull
	log "40 target create/enable/delete cycles, 14 device bounces, $renames renames, $moves namespace round trips of sn1, 600 records from two writers"
}

# Configuration against device events, at once, for 25 s: one task
# creates, configures, enables, disables and removes targets bound to snr0
# by name; another adds that pair and deletes it -- by name, after renames,
# after moving it to a namespace it then deletes; a third floods the log;
# a fourth tries rmmod halfway (refused while targets exist; if it goes,
# the module comes back).  Every operation returns, nothing is reported,
# nothing is left: no snr device, and the module unloads at the end.
t_nc_race() {
	local end
	nc_setup || return
	end=$(( $(date +%s) + 25 ))
	(n=0
	while [ "$(date +%s)" -lt $end ]; do
		T=$NCFS/r$((n % 3))
		mkdir $T
		echo snr0 > $T/dev_name; echo 10.0.9.1 > $T/local_ip
		echo 10.0.9.2 > $T/remote_ip; echo $((n % 2)) > $T/extended
		mkdir $T/userdata/k; echo v$n > $T/userdata/k/value
		echo $((n % 2)) > $T/userdata/cpu_nr_enabled
		echo 1 > $T/enabled; echo "<6>race-enabled-$n" > /dev/kmsg
		echo 0 > $T/enabled
		if [ $((n % 2)) = 0 ]; then rmdir $T/userdata/k; rmdir $T; fi
		n=$((n + 1))
	done > /dev/null 2>&1
	echo "$n" > /tmp/race.cfg) &
	(n=0
	while [ "$(date +%s)" -lt $end ]; do
		$IP link add snr0 type snull && $IP link set snr0 up
		case $((n % 4)) in
		0) $IP link del snr0 ;;
		1) $IP link set snr0 down; $IP link set snr0 name snr0x
		   $IP link set snr0x up; $IP link del snr0x ;;
		2) $IP netns add d; $IP link set snr0 netns d; $IP netns del d ;;
		3) $IP link set snr0 down; $IP link set snr0 up; $IP link del snr0 ;;
		esac
		n=$((n + 1))
	done > /dev/null 2>&1
	echo "$n" > /tmp/race.dev) &
	(n=0
	while [ "$(date +%s)" -lt $end ]; do
		echo "<6>race-flood-$n" > /dev/kmsg; n=$((n + 1))
	done
	echo "$n" > /tmp/race.log) &
	(sleep 12
	if rmmod snull 2> /tmp/race.rmmod; then
		echo unloaded >> /tmp/race.rmmod
		sleep 1; insmod $MOD mode=pair
	fi) &
	wait
	log "25 s: $(cat /tmp/race.cfg) configuration rounds, $(cat /tmp/race.dev) pair lifetimes, $(cat /tmp/race.log) records; rmmod halfway: $(tr '\n' ' ' < /tmp/race.rmmod)"
	for T in $NCFS/r*; do
		[ -d "$T" ] || continue
		echo 0 > $T/enabled 2>/dev/null; rmdir $T/userdata/k 2>/dev/null; rmdir $T
	done
	$IP link del snr0 2>/dev/null; $IP link del snr0x 2>/dev/null
	$IP netns del d 2>/dev/null
	expect "every task finished its rounds" [ -s /tmp/race.cfg -a -s /tmp/race.dev -a -s /tmp/race.log ]
	expect "no snr device left" sh -c "! $IP -o link show | grep -q snr"
	expect "module unloads after the race" rmmod snull
}

# rmdir of a target whose resume work is waiting for the configuration
# mutex: target ra is stopped by its device's unregistration; target hb's
# enable holds the mutex while netpoll waits for hb's carrier; rmdir ra
# queues for the mutex, then a new device named ra queues ra's resume work
# behind it.  rmdir must not wait for that work while it holds the mutex.
t_nc_resume_rmdir() {
	nc_setup || return
	A=$NCFS/ra B=$NCFS/hb
	$IP link add ra type snull
	pa=$($IP -o link show | sed -n 's/^[0-9]*: \(sn[0-9]*\)@ra.*/\1/p')
	$IP link set "$pa" up; $IP link set ra up
	mkdir $A && echo ra > $A/dev_name && echo 10.9.0.1 > $A/local_ip &&
		echo 10.9.0.2 > $A/remote_ip && echo 1 > $A/enabled || { fail "target ra"; return; }
	$IP link del ra
	sleep 0.5
	expect "ra stopped by the unregistration" [ "$(cat $A/enabled)" = 0 ]
	# hb stays down, its peer too: enabling hb opens it and waits the
	# whole carrier timeout, holding the mutex
	$IP link add hb type snull
	echo 6 > /sys/module/netpoll/parameters/carrier_timeout
	mkdir $B && echo hb > $B/dev_name && echo 10.8.0.1 > $B/local_ip &&
		echo 10.8.0.2 > $B/remote_ip || { fail "target hb"; return; }
	t0=$(date +%s)
	echo 1 > $B/enabled &
	hbpid=$!
	sleep 1
	rmdir $A &
	rmpid=$!
	sleep 1
	$IP link add ra type snull
	i=0
	while kill -0 $rmpid 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 $rmpid 2>/dev/null; then
		fail "rmdir ra still waiting 30 s after the carrier wait ended: it waits for ra's resume work, which waits for the mutex rmdir holds"
		return
	fi
	wait $rmpid; rc=$?
	wait $hbpid
	log "rmdir ra returned $rc after $(( $(date +%s) - t0 )) s; hb enabled=$(cat $B/enabled)"
	expect "rmdir ra succeeded" [ "$rc" = 0 -a ! -e $A ]
	expect "ra was not resumed after its rmdir" sh -c "! dmesg | grep -q 'target ra: network logging resumed'"
	echo 1 > /sys/module/netpoll/parameters/carrier_timeout
	echo 0 > $B/enabled; rmdir $B
	$IP link del ra; $IP link del hb
}
