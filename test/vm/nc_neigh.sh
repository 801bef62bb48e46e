# SPDX-License-Identifier: GPL-2.0
# In-VM tests of the client's neighbours: a gateway's MAC resolved, bad ARP
# frames counted, IPv6 with NDP, and IPv6 frames against in-tree's.
# Sourced by suite.sh after nc.sh (its helpers).

# Off-subnet remote: the client ARPs for the gateway, not the remote.
t_nc_gateway() {
	nc_setup || return
	$IP addr add 10.0.0.1/24 dev sn0
	$IP route add 10.9.9.0/24 via 10.0.0.2
	$IP netns exec b $IP addr add 10.9.9.9/32 dev lo
	T=$NCFS/gw
	mkdir $T; echo sn0 > $T/dev_name; echo 10.9.9.9 > $T/remote_ip; echo 6698 > $T/remote_port
	echo 1 > $T/enabled
	sleep 2
	mac=$(cat $T/remote_mac) res=$(sed -n 's/^arp_resolutions //p' $T/stats)
	log "remote 10.9.9.9 via 10.0.0.2: remote_mac=$mac arp_resolutions=$res"
	expect "gateway's MAC resolved" [ "$mac" = 02:53:4e:00:00:01 -a "$res" = 1 ]
	delivers /tmp/g1 6698 2500 "via-gateway-$$" "delivered to the off-subnet address"
	echo 0 > $T/enabled; rmdir $T
}

t_nc_bad_arp() {
	nc_setup "netconsole=@10.0.0.1/sn0,6697@10.0.0.2/" || return
	mkdir $NCFS/cmdline0
	$SNTOOL -n b badarp sn1 > /tmp/ba 2>&1
	log "$(cat /tmp/ba)"
	bad=$(sed -n 's/^arp_bad //p' $NCFS/cmdline0/stats)
	log "arp_bad=$bad"
	expect "malformed ARP frames dropped and counted" [ "$bad" -ge 4 ]
	rmdir $NCFS/cmdline0
	# only a reply from the address asked about is learnt (10.0.0.3: nobody)
	T=$NCFS/asked
	mkdir $T; echo sn0 > $T/dev_name; echo 10.0.0.1 > $T/local_ip
	echo 10.0.0.3 > $T/remote_ip; echo 1 > $T/enabled
	$SNTOOL -n b arpreply sn1 02:00:00:00:00:77 10.0.0.77 10.0.0.1 > /dev/null
	sleep 0.5
	expect "reply from another address ignored" [ "$(cat $T/remote_mac)" = ff:ff:ff:ff:ff:ff ]
	$SNTOOL -n b arpreply sn1 02:00:00:00:00:03 10.0.0.3 10.0.0.1 > /dev/null
	sleep 0.5
	log "after the right reply: remote_mac=$(cat $T/remote_mac)"
	expect "reply from the asked address learnt" [ "$(cat $T/remote_mac)" = 02:00:00:00:00:03 ]
	echo 0 > $T/enabled; rmdir $T
}

# IPv6 target over sn0 with no IPv6 address on it: the client answers
# ndisc6's solicitation for its local address, learns the remote's MAC with
# its own NS, and streams to a listener on an IPv6 socket; off-link, it
# resolves the router (the only one answering); an unsolicited or forged NA
# changes nothing, the one answer it asked for is taken.
nc6_stat() { sed -n "s/^$2 //p" $NCFS/$1/stats; }
nc6_target() { # nc6_target NAME LOCAL REMOTE PORT [extended]
	local T=$NCFS/$1
	mkdir $T && echo sn0 > $T/dev_name && echo $2 > $T/local_ip &&
		echo $3 > $T/remote_ip && echo $4 > $T/remote_port &&
		echo ${5:-0} > $T/extended && echo 1 > $T/enabled
}
nc6_setup() {
	nc_setup "$@" || return 1
	echo 1 > /proc/sys/net/ipv6/conf/sn0/addr_gen_mode
	$IP -6 addr flush dev sn0
	$IP netns exec b $IP -6 addr add fd00::2/64 dev sn1 nodad
	expect "no IPv6 address on sn0" sh -c "! $IP -6 addr show dev sn0 | grep -q inet6"
}
t_nc_ipv6_ndp() {
	nc6_setup || return
	T=$NCFS/v6
	mkdir $T; echo sn0 > $T/dev_name; echo 10.0.0.1 > $T/local_ip; echo fd00::2 > $T/remote_ip
	expect "enable refused: local_ip IPv4, remote_ip IPv6" sh -c "! echo 1 > $T/enabled 2>/dev/null"
	log "$(dmesg | grep 'local_ip is IPv4 but remote_ip is IPv6' | tail -n 1)"
	rmdir $T
	nc6_target v6 fd00::1 fd00::2 6720 1 || { fail "IPv6 target"; return; }
	log "v6: local_ip $(cat $T/local_ip) remote_ip $(cat $T/remote_ip)"
	expect "addresses shown as in-tree (%pI6c)" [ "$(cat $T/local_ip)/$(cat $T/remote_ip)" = fd00::1/fd00::2 ]
	i=0; while [ "$(nc6_stat v6 ndp_resolutions)" != 1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	mac1=$($IP netns exec b cat /sys/class/net/sn1/address)
	log "v6 after enable: remote_mac $(cat $T/remote_mac); $(tr '\n' ' ' < $T/stats)"
	expect "remote MAC learnt by the client's own NS" \
		[ "$(nc6_stat v6 ndp_resolutions)" = 1 -a "$(cat $T/remote_mac)" = "$mac1" ]
	$IP netns exec b /opt/bin/ndisc6 -1 -r 3 -w 1000 fd00::1 sn1 > /tmp/nd6 2>&1
	log "ndisc6 fd00::1 sn1: $(grep -i 'link-layer\|timed out' /tmp/nd6 | tr '\n' ' ')"
	expect "ndisc6's solicitation answered with sn0's MAC" \
		grep -qi 'Target link-layer address: 02:53:4e:00:00:00' /tmp/nd6
	expect "the answer counted" [ "$(nc6_stat v6 ndp_replies)" -ge 1 ]
	start_recv b /tmp/v6 listen 6720 2500
	m="nc-ipv6-$$"
	kmsg "$m"
	wait
	log "listener (IPv6 socket): $(grep "$m" /tmp/v6 | cut -c1-100)"
	expect "the record reached the IPv6 listener" grep -Eq "^DGRAM [0-9]+ [0-9]+,[0-9]+,[0-9]+,-;$m\$" /tmp/v6

	# off-link: fd01::5 (on b's lo, so nobody answers an NS for it) via
	# router fd00::2
	$IP -6 route add fd01::/64 via fd00::2 dev sn0 onlink
	$IP netns exec b $IP -6 addr add fd01::5/128 dev lo
	nc6_target v6r fd00::1 fd01::5 6721 || { fail "off-link target"; return; }
	i=0; while [ "$(nc6_stat v6r ndp_resolutions)" != 1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	log "v6r: remote_mac $(cat $NCFS/v6r/remote_mac); $(tr '\n' ' ' < $NCFS/v6r/stats)"
	expect "off-link: the router's MAC resolved and used" \
		[ "$(nc6_stat v6r ndp_resolutions)" = 1 -a "$(cat $NCFS/v6r/remote_mac)" = "$mac1" ]
	delivers /tmp/v6r 6721 2500 "$m-offlink" "the record reached fd01::5 through the router"

	# fd00::99 does not exist: unanswered until the injected NAs below
	nc6_target v6f fd00::1 fd00::99 6722 || { fail "unresolved target"; return; }
	sleep 1.5
	U=33330000000102000000009986dd6000000000203afffd000000000000000000000000000099ff020000000000000000000000000001880058d320000000fd0000000000000000000000000000990201020000000099
	W=02534e00000002000000009986dd6000000000203afffd000000000000000000000000000099fd00000000000000000000000000000188001ad660000000fd0000000000000000000000000000980201020000000099
	D=02534e00000002000000009986dd6000000000203afffd000000000000000000000000000099fd00000000000000000000000000000588001ad160000000fd0000000000000000000000000000990201020000000099
	G=02534e00000002000000009986dd6000000000203afffd000000000000000000000000000099fd00000000000000000000000000000188001ad560000000fd0000000000000000000000000000990201020000000099
	for f in "unsolicited:$U" "for another target:$W" "to another address:$D"; do
		$SNTOOL -n b rawsend sn1 "${f#*:}" > /dev/null
		sleep 0.3
		expect "NA ${f%%:*}: ignored (still broadcast, nothing learnt, nothing counted bad)" \
			[ "$(cat $NCFS/v6f/remote_mac)" = ff:ff:ff:ff:ff:ff -a "$(nc6_stat v6f ndp_resolutions)" = 0 -a "$(nc6_stat v6f ndp_bad)" = 0 ]
	done
	$SNTOOL -n b rawsend sn1 "$G" > /dev/null
	sleep 0.3
	log "v6f after the solicited NA: remote_mac $(cat $NCFS/v6f/remote_mac); $(tr '\n' ' ' < $NCFS/v6f/stats)"
	expect "the solicited NA for fd00::99 to fd00::1: learnt" \
		[ "$(cat $NCFS/v6f/remote_mac)" = 02:00:00:00:00:99 -a "$(nc6_stat v6f ndp_resolutions)" = 1 ]
	for t in v6 v6r v6f; do echo 0 > $NCFS/$t/enabled; rmdir $NCFS/$t; done
	expect "module unloads" rmmod snull
}

# IPv6 frames against the in-tree client's IPv6 target (it has had them
# since 3.9, with the remote MAC given): plain and extended payloads and
# the Ethernet/IPv6/UDP headers (hop limit, flow label, checksum) equal.
t_nc_ipv6_vs_intree() {
	nc6_setup || return
	mac1=$($IP netns exec b cat /sys/class/net/sn1/address)
	insmod /lib/modules/netconsole.ko "netconsole=6730@fd00::1/sn0,6690@fd00::2/$mac1;+6731@fd00::1/sn0,6692@fd00::2/$mac1" ||
		{ fail "in-tree netconsole with IPv6 targets"; return; }
	nc6_target c60 fd00::1 fd00::2 6691 0 || { fail "our plain IPv6 target"; return; }
	nc6_target c61 fd00::1 fd00::2 6693 1 || { fail "our extended IPv6 target"; return; }
	wait_quiet sn0
	cmp_records /tmp/cap6 "nc6-compare-$$" 6690 6691 6692 6693
	cmp_pairs /tmp/cap6 "IPv6 " 6690:6691:plain 6692:6693:extended
	rmmod netconsole
	for t in c60 c61; do echo 0 > $NCFS/$t/enabled; rmdir $NCFS/$t; done
}
