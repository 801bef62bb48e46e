# SPDX-License-Identifier: GPL-2.0
# In-VM tests of the netconsole client: its parameters, configfs, wire
# formats against the in-tree client's, sysdata and userdata, rate limit;
# and the helpers of nc_neigh.sh, nc_events.sh and nc_contexts.sh.  Sourced
# by suite.sh.
NCFS=/sys/kernel/config/snull_netconsole
REL=$(uname -r | sed 's/[.+]/\\&/g')	# for grep -E

# delivers FILE PORT IDLE_MS TAG DESC: a record carrying TAG, logged while a
# listener in b takes PORT's datagrams into FILE, arrives there
delivers() {
	start_recv b "$1" listen "$2" "$3"
	kmsg "$4"
	wait
	expect "$5" grep -q "$4" "$1"
}

# extra_pair NAME: a pair NAME and p<NAME>, p<NAME> in b as 10.0.1.2/24, both
# up (the peer renamed: its automatic name may clash with sn1 in b)
extra_pair() {
	local peer
	$IP link add "$1" type snull
	peer=$($IP -o link show | sed -n "s/^[0-9]*: \(sn[0-9]*\)@$1.*/\1/p")
	$IP link set "$peer" name "p$1"
	$IP link set "p$1" netns b
	$IP netns exec b $IP addr add 10.0.1.2/24 dev "p$1"
	$IP netns exec b $IP link set "p$1" up
	$IP link set "$1" up
}

# Pair mode with sn1 in namespace b (10.0.0.2) and NO address on sn0; the
# client's targets are given with netconsole=.
nc_setup() {
	# netconsole only sends records below the console loglevel
	dmesg -n 8
	# /dev/kmsg writers are rate-limited (10 per 5 s) unless this is on
	# (the debug kernel limited nc_sysdata's run to its first 10 records)
	echo on > /proc/sys/kernel/printk_devkmsg
	echo 1 > /sys/module/netpoll/parameters/carrier_timeout
	insmod $MOD mode=pair "$@" || { fail "insmod $*"; return 1; }
	$IP netns add b
	$IP link set sn1 netns b
	$IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
	$IP netns exec b $IP link set sn1 up
	$IP netns exec b $IP link set lo up
	$IP link set sn0 up
	wait_carrier sn0 || fail "no carrier"
}

# a record for the kernel log; the receivers are told it is coming first
kmsg() { kick_recv; echo "<6>$*" > /dev/kmsg; }

# wait until DEV has sent nothing for a second (an in-tree parameter target
# replays the whole log buffer when it starts; on a loaded debug kernel that
# outlasts a listener's idle timeout)
wait_quiet() {
	local a b i=0
	b=$(stat_of $1 tx_packets)
	while [ $i -lt 120 ]; do
		sleep 1
		a=$b; b=$(stat_of $1 tx_packets)
		[ "$a" = "$b" ] && return 0
		i=$((i + 1))
	done
	log "($1 still sending after 120 s)"
}

t_nc_param_targets() {
	nc_setup "netconsole=6665@10.0.0.1/sn0,6666@10.0.0.2/;+r6667@10.0.0.1/sn0,6668@10.0.0.2/;bogus@x/,@1.2.3.4/;+6669@10.0.0.1/sn0,6670@10.0.0.2/02:53:4e:00:00:01" || return
	log "bad target: $(dmesg | grep 'netconsole target 2' | head -n 1)"
	expect "bad target refused with field and text named" \
		sh -c "dmesg | grep 'netconsole target 2' | grep -q \"src-port: 'bogus' is not valid\""
	expect "good targets started despite the bad one" [ "$(dmesg | grep -c 'network logging started on sn0')" = 3 ]
	expect "cmdline0 adopted through configfs" mkdir $NCFS/cmdline0
	sent=$(sed -n 's/^sent //p' $NCFS/cmdline0/stats)
	log "cmdline0 sent $sent records at load (log buffer replay)"
	expect "log buffer replayed" [ "$sent" -gt 50 ]
	expect "no IP on sn0" sh -c "! $IP -4 addr show dev sn0 | grep -q inet"
	start_recv b /tmp/l1 listen 6666 2500
	start_recv b /tmp/l2 listen 6668 2500
	m="nc-param-$$"
	kmsg "$m"
	wait
	log "plain: $(grep "$m" /tmp/l1)"
	log "extended+release: $(grep "$m" /tmp/l2)"
	expect "plain line received" grep -Eq "^DGRAM [0-9]+ \[ *[0-9]+\.[0-9]+\] $m\$" /tmp/l1
	expect "extended line with release received" \
		grep -Eq "^DGRAM [0-9]+ $REL,14,[0-9]+,[0-9]+,-;$m\$" /tmp/l2
	mac=$(cat $NCFS/cmdline0/remote_mac)
	res=$(sed -n 's/^arp_resolutions //p' $NCFS/cmdline0/stats)
	log "cmdline0 remote_mac=$mac arp_resolutions=$res"
	expect "remote MAC resolved by ARP" [ "$mac" = 02:53:4e:00:00:01 -a "$res" -ge 1 ]
	# arping the client's address: answered though sn0 has no address (with
	# -w, arping stops at the third reply; a starved guest overran -w 4)
	$IP netns exec b arping -c 3 -w 30 -I sn1 10.0.0.1 > /tmp/arping 2>&1
	log "$(grep -E 'reply|Received' /tmp/arping | head -n 2 | tr '\n' ' ')"
	expect "arping answered by the client" grep -q 'Unicast reply from 10.0.0.1 \[02:53:4e:00:00:00\]' /tmp/arping
	expect "one reply per request" [ "$(grep -c 'Unicast reply' /tmp/arping)" = 3 ]
	rep=$(sed -n 's/^arp_replies //p' $NCFS/cmdline0/stats)
	expect "arp_replies counted ($rep)" [ "$rep" -ge 3 ]
	rmdir $NCFS/cmdline0
}

t_nc_configfs_formats() {
	nc_setup || return
	T=$NCFS/t1
	mkdir $T || { fail "mkdir target"; return; }
	expect "new target disabled" [ "$(cat $T/enabled)" = 0 ]
	expect "defaults: ports 6665/6666" [ "$(cat $T/local_port)/$(cat $T/remote_port)" = 6665/6666 ]
	echo sn0 > $T/dev_name
	echo 10.0.0.1 > $T/local_ip
	echo 10.0.0.2 > $T/remote_ip
	echo 6671 > $T/remote_port
	echo 1 > $T/extended
	echo 1 > $T/release
	# bad writes: refused, nothing changed
	for w in "local_ip:1.2.3" "remote_ip:fd00::1::2" "remote_mac:zz:00:00:00:00:00" "remote_mac:02:53:4e:00:00:01x" \
		 "local_port:70000" "remote_port:-1" "dev_name:abcdefghijklmnopq" "extended:maybe"; do
		a=${w%%:*} v=${w#*:}
		before=$(cat $T/$a)
		if echo "$v" > $T/$a 2>/dev/null; then fail "write '$v' to $a accepted"; fi
		[ "$(cat $T/$a)" = "$before" ] || fail "$a changed by a refused write"
	done
	log "bad writes to local_ip, remote_ip, remote_mac, ports, dev_name, extended refused"
	mkdir $T/userdata/key1 && echo value1 > $T/userdata/key1/value
	long=$(printf 'k%.0s' $(seq 1 54))
	expect "54-character key refused" sh -c "! mkdir $T/userdata/$long 2>/dev/null"
	ok53=$(printf 'k%.0s' $(seq 1 53))
	expect "53-character key accepted" mkdir $T/userdata/$ok53
	rmdir $T/userdata/$ok53
	big=$(printf 'v%.0s' $(seq 1 199))
	expect "199-byte value (+newline: 200 written) refused, as in-tree" sh -c "! echo $big > $T/userdata/key1/value 2>/dev/null"
	expect "198-byte value (+newline) accepted" sh -c "echo ${big%v} > $T/userdata/key1/value"
	echo value1 > $T/userdata/key1/value
	expect "value unchanged" [ "$(cat $T/userdata/key1/value)" = value1 ]
	i=2; while [ $i -le 256 ]; do mkdir $T/userdata/k$i; i=$((i + 1)); done
	expect "256 keys accepted, the 257th refused" sh -c "[ \$(ls $T/userdata | grep -c '^k') = 256 ] && ! mkdir $T/userdata/k257 2>/dev/null"
	i=2; while [ $i -le 256 ]; do rmdir $T/userdata/k$i; i=$((i + 1)); done
	expect "no console registered while no target is enabled" sh -c "! grep -q '^snullcon' /proc/consoles"
	expect "enable" sh -c "echo 1 > $T/enabled"
	log "consoles: $(grep '^snullcon' /proc/consoles | tr -s ' ' | tr '\n' ';')"
	expect "an extended target registers the extended console only" \
		sh -c "grep -Eq '^snullcon_ext[0-9]* ' /proc/consoles && ! grep -Eq '^snullcon[0-9]* ' /proc/consoles"
	expect "enabling twice refused" sh -c "! echo 1 > $T/enabled 2>/dev/null"
	expect "changes while enabled refused" sh -c "! echo 7000 > $T/remote_port 2>/dev/null"
	expect "local_mac is sn0's" [ "$(cat $T/local_mac)" = 02:53:4e:00:00:00 ]
	start_recv b /tmp/l3 ncreasm 6671 2500
	m="nc-cfg-$$"
	kmsg "$m"
	# a record long enough that message + release + userdata > 1000 bytes
	long=$(printf 'L%.0s' $(seq 1 950))
	kmsg "frag-$m-$long-end"
	wait
	sed 's/^/  /' /tmp/l3 | cut -c1-160
	expect "extended+release+userdata line" \
		grep -Eq "^MSG $REL,14,[0-9]+,[0-9]+,-;$m\\\\n key1=value1\\\\n\$" /tmp/l3
	expect "fragmented message reassembled with userdata" \
		grep -Eq "^FRAGMSG 2 frag-$m-L{950}-end\\\\n key1=value1\\\\n\$" /tmp/l3
	expect "fragments at most 1000 bytes" sh -c "! awk '/^DGRAM/ && \$2 > 1000' /tmp/l3 | grep -q ."
	expect "disable" sh -c "echo 0 > $T/enabled"
	rmdir $T/userdata/key1
	rmdir $T
}

# cmp_records CAPTURE TAG PORT...: listeners /tmp/cPORT (in b) and a
# capture of sn1 into CAPTURE, then three records "TAG-1 ", "TAG-2 ",
# "TAG-3 " a second apart (m=TAG, for cmp_pairs)
cmp_records() {
	local cap=$1 p i
	m=$2
	shift 2
	for p; do start_recv b /tmp/c$p listen $p 4000 hex; done
	start_recv b $cap capture sn1 4000
	for i in 1 2 3; do kmsg "$m-$i plain and extended"; sleep 1; done
	wait
}

# cmp_pairs CAPTURE LABEL IT:OURS:KIND...: the listeners /tmp/cIT and
# /tmp/cOURS got the records "$m-1 ", "$m-2 ", "$m-3 " from the in-tree
# client and ours: the first one both delivered is compared, its payload
# and its frames' headers in CAPTURE (on a loaded debug kernel the in-tree
# plain console has been seen to miss one)
cmp_pairs() {
	local cap=$1 label=$2 pair a b kind rest
	shift 2
	for pair; do
		a=${pair%%:*} rest=${pair#*:}; b=${rest%%:*} kind=${rest#*:}
		alike "$label$kind payload identical to in-tree" \
			dgcmp -1 /tmp/c$a /tmp/c$b "$m-1 " "$m-2 " "$m-3 "
		alike "$label$kind frame headers as in-tree's, checksums valid" \
			framecmp $cap $a $b "$m-1 " "$m-2 " "$m-3 "
	done
}

# cmp_sysdata IT OURS TAG: with every sysdata field on in both configfs
# targets (extended, release, userdata owner and rack), the same records
# give the same bytes; msgid is compared as a sequence (each client counts
# the messages it sent since msgid was switched on, and a kernel message
# between the two switches would count for one only)
cmp_sysdata() {
	local I=$1 T=$2 m=$3 d f a b k i v
	for d in $I $T; do
		for f in cpu_nr taskname release msgid; do echo 1 > $d/userdata/${f}_enabled; done
	done
	start_recv b /tmp/s6686 listen 6686 2500 hex
	start_recv b /tmp/s6687 listen 6687 2500 hex
	# pinned, so that cpu= is known; the task is sntool
	SNTOOL_CPU=1 $SNTOOL kmsg 3 60 "sy$$" > /dev/null
	SNTOOL_CPU=0 $SNTOOL kmsg 1 900 "sf$$" > /dev/null
	wait
	alike "cpu, taskname, release, msgid records identical to in-tree but for msgid's value, msgid steps alike" \
		dgcmp -m /tmp/s6686 /tmp/s6687 "sy$$ 0 " "sy$$ 1 " "sy$$ 2 "
	alike "fragmented message with userdata and sysdata identical to in-tree" \
		dgcmp -f -m -n 2 /tmp/s6686 /tmp/s6687 "sf$$ 0 "
	# 256 userdata entries: owner, rack and 254 more, 150-byte values
	v=$(printf 'u%.0s' $(seq 1 150))
	for d in $I $T; do
		i=3
		while [ $i -le 256 ]; do
			k=$(printf 'key%050d' $i)
			mkdir $d/userdata/$k && echo "$v" > $d/userdata/$k/value
			i=$((i + 1))
		done
	done
	start_recv b /tmp/s6686 listen 6686 4000 hex
	start_recv b /tmp/s6687 listen 6687 4000 hex
	SNTOOL_CPU=1 $SNTOOL kmsg 1 60 "su$$" > /dev/null
	wait
	alike "256 userdata entries with sysdata: every fragment identical to in-tree" \
		dgcmp -f -m -n 40 /tmp/s6686 /tmp/s6687 "su$$ 0 "
	for d in $I $T; do
		for k in $d/userdata/key*; do rmdir $k; done
	done
}

# The same records through the in-tree netconsole and ours, on sn0.
t_nc_bytes_vs_intree() {
	nc_setup || return
	$IP addr add 10.0.0.1/24 dev sn0
	mac1=$($IP netns exec b cat /sys/class/net/sn1/address)
	insmod /lib/modules/netconsole.ko "netconsole=6700@10.0.0.1/sn0,6680@10.0.0.2/$mac1;+6701@10.0.0.1/sn0,6682@10.0.0.2/$mac1" ||
		{ fail "in-tree netconsole"; return; }
	for p in 6681:0 6683:1; do
		T=$NCFS/cmp${p#*:}
		mkdir $T
		echo sn0 > $T/dev_name; echo 10.0.0.2 > $T/remote_ip; echo ${p%:*} > $T/remote_port
		echo ${p#*:} > $T/extended; echo 1 > $T/enabled
	done
	wait_quiet sn0
	cmp_records /tmp/cap "nc-compare-$$" 6680 6681 6682 6683
	# On the loaded debug kernel the capture has twice seen no frame at
	# all while the listeners behind the same sn1 got every datagram: an
	# instrument that saw nothing gets one more go, with the same records
	# again (the listeners' copies are compared as they are).
	if ! grep -q '^FRAME' /tmp/cap; then
		log "(the capture on sn1 saw no frame while the listeners got theirs: $(grep -v '^FRAME' /tmp/cap | tr '\n' ' '); capturing again)"
		cmp_records /tmp/cap "$m"
	fi
	cmp_pairs /tmp/cap "" 6680:6681:plain 6682:6683:extended
	# where a record of ours went, if a listener missed one
	for i in 0 1; do log "ours cmp$i: $(tr '\n' ' ' < $NCFS/cmp$i/stats)"; done
	log "sn0: tx_dropped $(stat_of sn0 tx_dropped); $($ETHTOOL -S sn0 | grep -E 'drop|busy' | grep -v ': 0$' | tr -s ' \n' ' ')"
	log "b: Udp InErrors $(snmp b Udp InErrors) RcvbufErrors $(snmp b Udp RcvbufErrors) NoPorts $(snmp b Udp NoPorts)"
	rmmod netconsole
	for i in 0 1; do echo 0 > $NCFS/cmp$i/enabled; rmdir $NCFS/cmp$i; done
	# release prefix: the in-tree client has it since 6.5 only
	if insmod /lib/modules/netconsole.ko "netconsole=+r6702@10.0.0.1/sn0,6684@10.0.0.2/$mac1" 2>/dev/null; then
		T=$NCFS/cmpr
		mkdir $T
		echo sn0 > $T/dev_name; echo 10.0.0.2 > $T/remote_ip; echo 6685 > $T/remote_port
		echo 1 > $T/extended; echo 1 > $T/release; echo 1 > $T/enabled
		wait_quiet sn0
		start_recv b /tmp/c6684 listen 6684 2500 hex
		start_recv b /tmp/c6685 listen 6685 2500 hex
		# (the in-tree client replays the log buffer: match this record only)
		kmsg "$m-release"
		wait
		alike "extended+release payload identical to in-tree" \
			dgcmp /tmp/c6684 /tmp/c6685 "$m-release"
		# userdata and ncfrag fragments, configfs targets on both sides
		I=/sys/kernel/config/netconsole/it
		if mkdir $I 2>/dev/null && [ -d $I/userdata ]; then
			for d in $I $T; do
				[ "$(cat $d/enabled)" = 1 ] && echo 0 > $d/enabled
				echo sn0 > $d/dev_name; echo 10.0.0.1 > $d/local_ip
				echo 10.0.0.2 > $d/remote_ip; echo $mac1 > $d/remote_mac
				echo 1 > $d/extended; echo 1 > $d/release
				mkdir $d/userdata/owner $d/userdata/rack
				echo snull-ci > $d/userdata/owner/value
				printf 'r%.0s' $(seq 1 150) > $d/userdata/rack/value
			done
			echo 6686 > $I/remote_port; echo 6687 > $T/remote_port
			echo 1 > $I/enabled; echo 1 > $T/enabled
			start_recv b /tmp/c6686 listen 6686 2500 hex
			start_recv b /tmp/c6687 listen 6687 2500 hex
			start_recv b /tmp/capf capture sn1 2500
			kmsg "$m-frag-$(printf 'F%.0s' $(seq 1 900))"
			wait
			# as above: a capture that saw no frame gets one more go
			# (the listeners' copies of the first record are compared)
			if ! grep -q '^FRAME' /tmp/capf; then
				log "(the fragment capture saw no frame: $(grep -v '^FRAME' /tmp/capf | tr '\n' ' '); capturing again)"
				start_recv b /tmp/capf capture sn1 2500
				kmsg "$m-frag-$(printf 'F%.0s' $(seq 1 900))"
				wait
			fi
			alike "fragmented extended+release+userdata datagrams identical to in-tree" \
				dgcmp -f -n 2 /tmp/c6686 /tmp/c6687 "$m-frag"
			alike "first fragment's frame headers as in-tree's (all but IP id and ports), checksums valid" \
				framecmp /tmp/capf 6686 6687 "$m-frag"
			# 7.2: sysdata and 256 userdata entries (6.15-6.19)
			if [ -e $I/userdata/msgid_enabled ]; then
				cmp_sysdata $I $T "$m"
			else
				log "in-tree netconsole of $(uname -r) has no sysdata: compared by unit test and nc_sysdata only"
			fi
			echo 0 > $I/enabled
			rmdir $I/userdata/owner $I/userdata/rack $I
			echo 0 > $T/enabled
			rmdir $T/userdata/owner $T/userdata/rack
		else
			echo 0 > $T/enabled
		fi
		rmmod netconsole
		rmdir $T
	else
		log "in-tree netconsole of $(uname -r) has no release flag: release compared by unit test only"
	fi
}

# netconsole_configfs=1: the directory is named like the in-tree one.
t_nc_configfs_name() {
	nc_setup netconsole_configfs=1 || return
	expect "configfs directory is netconsole" [ -d /sys/kernel/config/netconsole -a ! -d $NCFS ]
	T=/sys/kernel/config/netconsole/tool
	mkdir $T; echo sn0 > $T/dev_name; echo 10.0.0.1 > $T/local_ip
	echo 10.0.0.2 > $T/remote_ip; echo 1 > $T/enabled
	delivers /tmp/n1 6666 2500 "named-netconsole-$$" "target made through /sys/kernel/config/netconsole delivers"
	echo 0 > $T/enabled; rmdir $T
}

t_nc_snull_mode() {
	dmesg -n 8
	echo 1 > /sys/module/netpoll/parameters/carrier_timeout
	setup_snull "netconsole=@192.168.2.8/sn0,6696@192.168.2.9/02:53:4e:00:00:01" || return
	start_recv "" /tmp/s1 listen 6696 2500
	kmsg "snull-mode-$$"
	wait
	log "$(grep snull-mode /tmp/s1)"
	expect "delivered across the address flip" grep -q "snull-mode-$$" /tmp/s1
	csumerr=$(awk '/^Udp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "InCsumErrors") c = i } else print $c }' /proc/net/snmp)
	expect "UDP checksum fixed by the rewrite (InCsumErrors=$csumerr)" [ "$csumerr" = 0 ]
}

# sysdata: every field, after userdata, in the in-tree order; the CPU and
# task of the writer; one msgid per message, continuous over a long run of
# mixed sizes, many of them fragmented (userdata makes them long); the
# counter survives switching msgid off and on, as in-tree.
t_nc_sysdata() {
	nc_setup || return
	mac1=$($IP netns exec b cat /sys/class/net/sn1/address)
	T=$NCFS/sd
	mkdir $T; echo sn0 > $T/dev_name; echo 10.0.0.1 > $T/local_ip
	echo 10.0.0.2 > $T/remote_ip; echo 6710 > $T/remote_port
	echo $mac1 > $T/remote_mac; echo 1 > $T/extended
	mkdir $T/userdata/owner; echo ci > $T/userdata/owner/value
	for f in cpu_nr taskname release msgid; do
		expect "$f off by default" [ "$(cat $T/userdata/${f}_enabled)" = 0 ]
	done
	echo 1 > $T/enabled
	# switched on while enabled (in-tree allows it)
	for f in cpu_nr taskname release msgid; do
		expect "${f}_enabled set while enabled" sh -c "echo 1 > $T/userdata/${f}_enabled && [ \$(cat $T/userdata/${f}_enabled) = 1 ]"
	done
	start_recv b /tmp/sd1 ncreasm 6710 2500 msgid
	SNTOOL_CPU=1 $SNTOOL kmsg 1 40 sdone > /dev/null
	wait
	line=$(grep 'sdone 0 ' /tmp/sd1 | head -n 1)
	log "$line"
	id1=$(echo "$line" | sed -n 's/.*msgid=\([0-9]*\).*/\1/p')
	tail=$(echo "$line" | sed 's/^MSG [0-9]*,[0-9]*,[0-9]*,-;sdone 0 k*//')
	# the printk caller's CPU and task: where the kernel records them (7.x),
	# or where the caller runs the console itself (6.1's legacy consoles,
	# and 6.12's, where such a target is sent by a legacy console of its
	# own); 6.12-rt records neither and runs every console in a thread
	cpu=1 task=sntool
	if [ "${KVER%%.*}" -lt 7 ] && grep -q '^snullcon_ext.*N' /proc/consoles; then
		if grep -q PREEMPT_RT /proc/version; then
			cpu=$(echo "$line" | sed -n 's/.* cpu=\([0-9]*\).*/\1/p') task=pr/snullcon_ext
		else
			log "consoles: $(grep snullcon /proc/consoles | tr -s ' ' | tr '\n' ';')"
			expect "sent by the caller's console, snullcon_ctx (6.12)" grep -q '^snullcon_ctx' /proc/consoles
		fi
	fi
	want="\\n owner=ci\\n cpu=$cpu\\n taskname=$task\\n release=$(uname -r)\\n msgid=$id1\\n"
	log "expected after the record: $want"
	expect "record, userdata, then cpu, taskname, release, msgid" [ -n "$id1" -a -n "$cpu" -a "$tail" = "$want" ]
	# a long run: 400 records of 32-985 bytes, three 150-byte values
	for k in a b c; do
		mkdir $T/userdata/$k; printf "$k%.0s" $(seq 1 150) > $T/userdata/$k/value
	done
	start_recv b /tmp/sd2 ncreasm 6710 4000 msgid
	$SNTOOL kmsg 400 mix sdmix > /dev/null
	wait
	sum=$(grep '^MSGIDS' /tmp/sd2)
	log "$sum; $(grep -c 'sdmix ' /tmp/sd2) of 400 records"
	grep MSGID-GAP /tmp/sd2 | head -n 3 | sed 's/^/  /'
	n=$(field with_msgid /tmp/sd2) fr=$(field fragmented_with_msgid /tmp/sd2)
	expect "all 400 records received" [ "$(grep -c 'sdmix [0-9]* k' /tmp/sd2)" = 400 ]
	expect "msgid continuous: no gap, no repeat" [ "$(field gaps /tmp/sd2)" = 0 -a "$(field repeats /tmp/sd2)" = 0 ]
	expect "every message carried one ($n), fragmented ones too ($fr)" [ "$n" -ge 400 -a "$fr" -ge 100 -a "$n" = "$(field messages /tmp/sd2)" ]
	expect "the run follows the first record's msgid" [ "$(field first /tmp/sd2)" -gt "$id1" ]
	# msgid off: no line; on again: the count goes on where it stopped
	last=$(field last /tmp/sd2)
	echo 0 > $T/userdata/msgid_enabled
	start_recv b /tmp/sd3 ncreasm 6710 2500
	$SNTOOL kmsg 1 40 sdoff > /dev/null
	wait
	echo 1 > $T/userdata/msgid_enabled
	start_recv b /tmp/sd4 ncreasm 6710 2500 msgid
	$SNTOOL kmsg 1 40 sdon > /dev/null
	wait
	off=$(grep 'sdoff 0 ' /tmp/sd3)
	log "$(echo "$off" | cut -c1-40)...$(echo "$off" | sed 's/.*owner=/owner=/')"
	expect "msgid off: the other sysdata, no msgid" sh -c "echo '$off' | grep -q 'release=' && ! echo '$off' | grep -q msgid="
	on=$(grep 'sdon 0 ' /tmp/sd4 | sed -n 's/.*msgid=\([0-9]*\).*/\1/p')
	log "last msgid of the run $last, after off/on $on"
	expect "msgid resumes after the last one sent" [ -n "$on" ] && [ "$on" -gt "$last" ]
	# cpu and taskname off while enabled: sent on, without them (on 6.12
	# by the extended console again)
	echo 0 > $T/userdata/cpu_nr_enabled; echo 0 > $T/userdata/taskname_enabled
	start_recv b /tmp/sd5 ncreasm 6710 2500
	$SNTOOL kmsg 1 40 sdnoctx > /dev/null
	wait
	off=$(grep 'sdnoctx 0 ' /tmp/sd5)
	log "$(echo "$off" | sed 's/.*owner=/owner=/')"
	expect "cpu and taskname off: the record and the rest, without them" \
		sh -c "echo '$off' | grep -q 'owner=ci.* release=.* msgid=' && ! echo '$off' | grep -q 'cpu=\\|taskname='"
	echo 0 > $T/enabled
	for k in owner a b c; do rmdir $T/userdata/$k; done
	rmdir $T
}

# 256 userdata entries (53-character keys, 199-byte values) with sysdata:
# every entry arrives, in order, in one fragmented message.
t_nc_userdata256() {
	nc_setup || return
	T=$NCFS/u256
	mkdir $T; echo sn0 > $T/dev_name; echo 10.0.0.1 > $T/local_ip
	echo 10.0.0.2 > $T/remote_ip; echo 6711 > $T/remote_port; echo 1 > $T/extended
	v=$(printf 'v%.0s' $(seq 1 198))
	i=1
	while [ $i -le 256 ]; do
		k=$(printf 'k%052d' $i)
		mkdir $T/userdata/$k && printf '%s%s' "$(printf '%03d' $((i % 1000)))" "${v#vvv}" > $T/userdata/$k/value
		i=$((i + 1))
	done
	echo 1 > $T/userdata/msgid_enabled
	echo 1 > $T/enabled
	start_recv b /tmp/u1 ncreasm 6711 4000
	kmsg "ud256-$$"
	wait
	msg=$(grep -A1 '^HDR' /tmp/u1 | grep "FRAGMSG.*ud256-$$")
	nf=$(echo "$msg" | cut -d' ' -f2)
	log "one message in $nf fragments, $(echo "$msg" | wc -c) bytes escaped"
	echo "$msg" | sed 's/\\n/\n/g' | grep -E '^ k[0-9]{52}=' > /tmp/u1.keys
	expect "all 256 entries, in creation order" sh -c "[ \$(wc -l < /tmp/u1.keys) = 256 ] && [ \"\$(sed -n '1p;256p' /tmp/u1.keys | cut -c2-54 | tr '\n' ' ')\" = '$(printf 'k%052d' 1) $(printf 'k%052d' 256) ' ]"
	expect "each value 198 bytes" sh -c "! awk -F= 'length(\$2) != 198' /tmp/u1.keys | grep -q ."
	expect "msgid after the userdata" [ -n "$(echo "$msg" | sed -n 's/.*vv\\n msgid=[0-9]*\\n$/x/p')" ]
	expect "at least 65 fragments of at most 1000 bytes" sh -c "[ '$nf' -ge 65 ] && ! awk '/^DGRAM/ && \$2 > 1000' /tmp/u1 | grep -q ."
	echo 0 > $T/enabled
	for d in $T/userdata/k*; do rmdir $d; done
	rmdir $T
}

# transmit_errors counts what the in-tree client counts: a datagram netpoll
# refused or that had no skb.  A target whose device is down is skipped, as
# in-tree: nothing sent, nothing counted (the no-skb case is counted in the
# fault-injection lane, test/vm/faults.sh).
t_nc_transmit_errors() {
	nc_setup || return
	mac1=$($IP netns exec b cat /sys/class/net/sn1/address)
	T=$NCFS/te
	mkdir $T; echo sn0 > $T/dev_name; echo 10.0.0.1 > $T/local_ip
	echo 10.0.0.2 > $T/remote_ip; echo 6712 > $T/remote_port; echo $mac1 > $T/remote_mac
	echo 1 > $T/enabled
	I=
	# (6.1's in-tree client has no cmdline adoption: there the mkdir makes
	# a new, empty target, which must go again or netconsole cannot unload)
	if insmod /lib/modules/netconsole.ko "netconsole=6713@10.0.0.1/sn0,6714@10.0.0.2/$mac1" 2>/dev/null &&
	   mkdir /sys/kernel/config/netconsole/cmdline0 2>/dev/null; then
		if [ -e /sys/kernel/config/netconsole/cmdline0/transmit_errors ]; then
			I=/sys/kernel/config/netconsole/cmdline0
		else
			rmdir /sys/kernel/config/netconsole/cmdline0
		fi
	fi
	wait_quiet sn0
	expect "transmit_errors 0 while the device is up" [ "$(cat $T/transmit_errors)" = 0 ]
	te0=$(cat $T/transmit_errors) f0=$(sed -n 's/^fragments //p' $T/stats)
	[ -n "$I" ] && it0=$(cat $I/transmit_errors)
	$IP link set sn0 down
	for i in 1 2 3 4 5; do echo "<6>te-$$-$i" > /dev/kmsg; done
	te1=$(cat $T/transmit_errors) f1=$(sed -n 's/^fragments //p' $T/stats)
	[ -n "$I" ] && it1=$(cat $I/transmit_errors)
	$IP link set sn0 up
	log "sn0 down: ours transmit_errors +$((te1 - te0)), datagrams +$((f1 - f0))${I:+; in-tree transmit_errors +$((it1 - it0))}"
	expect "device down: nothing sent, nothing counted" [ $((te1 - te0)) = 0 -a $((f1 - f0)) = 0 ]
	if [ -n "$I" ]; then
		expect "as the in-tree client (+$((it1 - it0)))" [ $((te1 - te0)) = $((it1 - it0)) ]
		rmdir $I
	else
		log "(the in-tree netconsole of $(uname -r) has no transmit_errors)"
	fi
	expect "in-tree netconsole unloads" sh -c "! grep -q '^netconsole ' /proc/modules || rmmod netconsole"
	wait_carrier sn0
	delivers /tmp/te 6712 2500 "te-after-$$" "delivering again once the device is up"
	expect "no error counted while up" [ "$(cat $T/transmit_errors)" = "$te1" ]
	echo 0 > $T/enabled; rmdir $T
}

# oops_only (writable at run time, as in-tree): nothing but an oops is sent.
t_nc_oops_only() {
	nc_setup "netconsole=@10.0.0.1/sn0,6715@10.0.0.2/" || return
	P=/sys/module/snull/parameters/oops_only
	expect "oops_only is 0 by default, mode 0600" sh -c "[ \$(cat $P) = N ] && [ \$(stat -c %a $P) = 600 ]"
	wait_quiet sn0
	start_recv b /tmp/oo listen 6715 2500
	mkdir $NCFS/cmdline0
	echo Y > $P
	kmsg "oops-only-held-$$"
	# an nbcon console sends from its thread, later: oops_only is read
	# then (as in-tree), so wait for the record to be held back
	i=0
	while [ "$(sed -n 's/^oops_only_skipped //p' $NCFS/cmdline0/stats)" != 1 ] && [ $i -lt 600 ]; do
		sleep 0.1; i=$((i + 1))
	done
	echo N > $P
	log "cmdline0: $(tr '\n' ' ' < $NCFS/cmdline0/stats)"
	expect "the record under oops_only=1 counted as held back" [ "$(sed -n 's/^oops_only_skipped //p' $NCFS/cmdline0/stats)" = 1 ]
	kmsg "oops-only-sent-$$"
	wait
	expect "the record after oops_only=0 arrived" grep -q "oops-only-sent-$$" /tmp/oo
	expect "the record under oops_only=1 did not (delivery is in order)" sh -c "! grep -q 'oops-only-held-$$' /tmp/oo"
	rmdir $NCFS/cmdline0
}

# The in-tree netconsole's 7.4 rules, on every kernel: an unset address
# reads back empty, a target with no remote_ip cannot be enabled, a
# target mixing IPv4 and IPv6 addresses is refused.
t_nc_addr_rules() {
	nc_setup || return
	T=$NCFS/ar
	mkdir $T && echo sn0 > $T/dev_name || { fail "target"; return; }
	expect "unset local_ip reads back empty" [ -z "$(cat $T/local_ip)" ]
	expect "unset remote_ip reads back empty" [ -z "$(cat $T/remote_ip)" ]
	expect "enabling with no remote_ip refused" sh -c "! echo 1 > $T/enabled"
	expect "and says why" sh -c "dmesg | grep -q 'target ar: remote_ip is not set'"
	expect "still disabled" [ "$(cat $T/enabled)" = 0 ]
	echo fd00::1 > $T/local_ip; echo 10.0.0.2 > $T/remote_ip
	expect "an IPv6 local_ip with an IPv4 remote_ip refused" sh -c "! echo 1 > $T/enabled"
	expect "and says why" sh -c "dmesg | grep -q 'target ar: local_ip is IPv6 but remote_ip is IPv4'"
	echo 10.0.0.1 > $T/local_ip
	expect "IPv4 on both sides enabled" sh -c "echo 1 > $T/enabled"
	log "enabled: local_ip '$(cat $T/local_ip)' remote_ip '$(cat $T/remote_ip)'"
	expect "addresses read back" [ "$(cat $T/local_ip)/$(cat $T/remote_ip)" = 10.0.0.1/10.0.0.2 ]
	echo 0 > $T/enabled; rmdir $T
}

# The per-target rate limit: 50 records with burst 5 in a 60 s window
# deliver 5, count 45; interval 0 delivers again, after a notice of the 45.
# The limit is set once the target is up, so that the window opens at the
# first of the 50 (the "started" line is not one of them).
t_nc_ratelimit() {
	nc_setup || return
	T=$NCFS/rl
	mkdir $T && echo sn0 > $T/dev_name && echo 10.0.0.1 > $T/local_ip &&
		echo 10.0.0.2 > $T/remote_ip && echo 6750 > $T/remote_port ||
		{ fail "target"; return; }
	expect "defaults: interval 0, burst 10" [ "$(cat $T/ratelimit_interval_ms)/$(cat $T/ratelimit_burst)" = 0/10 ]
	expect "burst 0 refused" sh -c "! echo 0 > $T/ratelimit_burst"
	expect "an interval over a day refused" sh -c "! echo 86400001 > $T/ratelimit_interval_ms"
	expect "and says why" sh -c "dmesg | grep -q 'target rl: ratelimit_interval_ms must be a number from 0 to 86400000'"
	echo 1 > $T/enabled || { fail "enable"; return; }
	start_recv b /tmp/rl listen 6750 4000
	kmsg "rlim-before end"
	sleep 1
	echo 5 > $T/ratelimit_burst; echo 60000 > $T/ratelimit_interval_ms
	i=1
	while [ $i -le 50 ]; do
		kmsg "rlim-$i end"
		i=$((i + 1))
	done
	sleep 1
	rl=$(sed -n 's/^ratelimited //p' $T/stats)
	# records of others in the window (a TCG guest may print a stall
	# warning) are limited too: F of them
	f=$(( $(dmesg | sed -n '/rlim-1 end/,$p' | wc -l) - 50 ))
	echo 0 > $T/ratelimit_interval_ms
	kmsg "rlim-after end"
	wait $RECV_PID
	got=$(grep -c 'rlim-[0-9]* end' /tmp/rl)
	log "received $got of the 50 ($(grep -o 'rlim-[0-9]*' /tmp/rl | tr '\n' ' ')), ratelimited $rl, other records in the window $f; $(grep -m1 'dropped by rate limit' /tmp/rl)"
	expect "before the limit: delivered" grep -q 'rlim-before end' /tmp/rl
	if [ "$f" = 0 ]; then
		expect "5 of the 50 delivered (burst 5 in 60 s)" [ "$got" = 5 ]
		expect "the first five" sh -c "grep -o 'rlim-[0-9]* end' /tmp/rl | tr '\n' ' ' | grep -q '^rlim-1 end rlim-2 end rlim-3 end rlim-4 end rlim-5 end $'"
	else
		expect "at most 5 of the 50 delivered (burst 5 in 60 s, $f other records)" [ "$got" -le 5 ]
	fi
	expect "the others counted in stats (45 + $f)" [ "$rl" = $((45 + f)) ]
	expect "interval 0: delivered again" grep -q 'rlim-after end' /tmp/rl
	expect "after the notice of the $((45 + f))" sh -c "grep -A1 'netconsole: $((45 + f)) messages dropped by rate limit' /tmp/rl | grep -q 'rlim-after end'"
	echo 0 > $T/enabled; rmdir $T
}

# The rate limit in the netconsole= syntax: ",ratelimit=<ms>[:<burst>]"
# after the target MAC, shown by the target when configfs adopts it.
t_nc_ratelimit_param() {
	nc_setup "netconsole=@10.0.0.1/sn0,6751@10.0.0.2/,ratelimit=60000:3" || return
	T=$NCFS/cmdline0
	mkdir $T || { fail "cmdline0 not adopted"; return; }
	expect "interval and burst from the parameter" [ "$(cat $T/ratelimit_interval_ms)/$(cat $T/ratelimit_burst)" = 60000/3 ]
	expect "the target is enabled" [ "$(cat $T/enabled)" = 1 ]
	echo 0 > $T/enabled; rmdir $T
}
