# SPDX-License-Identifier: GPL-2.0
# The bad-input corpus of test/badinput/ (sourced by suite.sh): every case
# must get its expected clear error or counted drop, and the kernel keeps
# running.  Lines: fields separated by " | ", '#' comments.
CORPUS=/snull/badinput

# corpus FILE: the data lines, fields split on " | " into $f1 $f2 ...
corpus() { grep -v '^#' "$CORPUS/$1" | grep -v '^ *$'; }
fld() { echo "$1" | awk -F '|' -v n="$2" '{ v = $n; sub(/^ +/, "", v); sub(/ +$/, "", v); print v }'; }

t_bad_params() {
	local n=0 line p msg res
	while IFS= read -r line; do
		p=$(fld "$line" 1) msg=$(fld "$line" 2) res=$(fld "$line" 3)
		dmesg -c > /dev/null
		if insmod $MOD "$p" 2>/dev/null; then
			[ "$res" = loads ] || fail "'$p' was accepted"
			rmmod snull
		else
			[ "$res" = refused ] || fail "'$p' was refused"
		fi
		dmesg | grep -qF "$msg" || fail "'$p': no '$msg' in the kernel log: $(dmesg | grep snull | head -n 1)"
		[ "$res" = refused ] && [ -e /sys/class/net/sn0 ] && fail "'$p': sn0 left behind"
		n=$((n + 1))
	done <<EOC
$(corpus params.txt)
EOC
	log "$n module parameter cases"
	expect "module loads normally after the corpus" insmod $MOD
}

t_bad_netconsole() {
	local n=0 line tgt msg good=6680@10.0.0.1/sn0,6681@10.0.0.2/
	dmesg -n 8
	while IFS= read -r line; do
		tgt=$(fld "$line" 1) msg=$(fld "$line" 2)
		dmesg -c > /dev/null
		insmod $MOD mode=pair "netconsole=$tgt;$good" || { fail "insmod with '$tgt' failed"; continue; }
		l=$(dmesg | grep -F "$msg" | head -n 1)
		[ -n "$l" ] || fail "'$tgt': no '$msg' in the kernel log: $(dmesg | grep -i 'snull.*target' | head -n 1)"
		[ "$(dmesg | grep -c 'network logging started on sn0')" = 1 ] ||
			fail "'$tgt': the good target did not start alone"
		[ $n -lt 3 ] && log "$l"
		rmmod snull || fail "rmmod after '$tgt'"
		n=$((n + 1))
	done <<EOC
$(corpus netconsole.txt)
EOC
	log "$n netconsole= cases, each refused with its field, the good target up"
}

# the attribute's value, or the listing of a directory for mkdir cases
NL='
'
t_bad_configfs() {
	local n=0 line a v e st T before after r
	nc_setup || return
	while IFS= read -r line; do
		a=$(fld "$line" 1) v=$(fld "$line" 2) e=$(fld "$line" 3) st=$(fld "$line" 4)
		T=$NCFS/bad$n
		mkdir $T && echo sn0 > $T/dev_name && echo 10.0.0.1 > $T/local_ip &&
			echo 10.0.0.2 > $T/remote_ip || { fail "target setup for $a"; continue; }
		[ "$st" = enabled ] && { echo 1 > $T/enabled || fail "enable for $a"; }
		[ "$st" = release-only ] && { echo 1 > $T/release || fail "release=1 for $a"; }
		case $a in
		mkdir257:*)
			i=1; while [ $i -le 256 ]; do mkdir $T/userdata/k$i; i=$((i + 1)); done
			before=$(ls $T/userdata | tr '\n' ' ')
			r=$($SNTOOL failnth 0 mkdir $T/userdata/k257)
			after=$(ls $T/userdata | tr '\n' ' ') ;;
		mkdir:*)
			before=$(ls $T/userdata | tr '\n' ' ')
			r=$($SNTOOL failnth 0 mkdir "$T/${a#mkdir:}")
			after=$(ls $T/userdata | tr '\n' ' ') ;;
		*)
			case $a in userdata/*/value) d=${a%/value}; mkdir "$T/$d" ;; esac
			before=$(cat "$T/$a")
			# written as echo writes it, newline included
			r=$($SNTOOL failnth 0 write "$T/$a" "$v$NL")
			after=$(cat "$T/$a") ;;
		esac
		[ "${r% left*}" = "rc $e injected 0" ] || fail "$a='$(echo "$v" | cut -c1-20)' ($st): $r, expected $e"
		[ "$before" = "$after" ] || fail "$a changed by a refused write: '$before' -> '$after'"
		[ $n -lt 3 ] && log "$a <- '$v' ($st): ${r% left*}"
		[ "$(cat $T/enabled)" = 1 ] && echo 0 > $T/enabled
		for u in $T/userdata/*; do [ -d "$u" ] && rmdir "$u"; done
		rmdir $T || fail "rmdir after $a"
		n=$((n + 1))
	done <<EOC
$(corpus configfs.txt)
EOC
	log "$n configfs write cases refused with their errno, nothing changed"
}

# Regression case of the in-kernel fuzzer's second finding: a refused
# address and the target's name (a configfs directory name, any byte but
# '/') went to the kernel log as written, terminal escapes included.  Now
# the client escapes them (%*pE): no byte the user wrote below 0x20 shows.
t_bad_configfs_escape() {
	local esc T
	nc_setup || return
	esc=$(printf '\033')
	T="$NCFS/e${esc}[2Jx"
	mkdir "$T" || { fail "mkdir of a target name holding an escape byte"; return; }
	dmesg -c > /dev/null
	r=$($SNTOOL failnth 0 write "$T/remote_ip" "$(printf '1\033[2J\001')")
	expect "the address with control bytes refused (${r% left*})" [ "${r% left*}" = "rc EINVAL injected 0" ]
	echo sn0 > "$T/dev_name"; echo 10.0.0.1 > "$T/local_ip"; echo 10.0.0.2 > "$T/remote_ip"
	echo 1 > "$T/enabled" || fail "enabling the target"
	dmesg > /tmp/esc.log
	log "kernel log: $(grep -a 'neither\|logging started' /tmp/esc.log | tr '\n' '|')"
	expect "the refused address shown escaped" grep -aqF "'1\\e[2J\\001' is neither" /tmp/esc.log
	expect "the target's name shown escaped" grep -aqF "target e\\e[2Jx: network logging started" /tmp/esc.log
	if grep -aq "$esc" /tmp/esc.log; then
		fail "an escape byte from the user in the log: $(grep -a "$esc" /tmp/esc.log | head -n 3 | sed "s/$esc/<ESC>/g" | tr '\n' '|')"
	else
		log "ok: no escape byte from the user in the log"
	fi
	echo 0 > "$T/enabled"
	rmdir "$T" || fail "rmdir"
}

# frame_counters NAME...: " NAME=value" for each, read at once (one
# snapshot of every source: a read per counter and frame made this test
# take six minutes on the debug kernel)
frame_counters() {
	{
		sed 's/^/nc4 /' $NCFS/cmdline0/stats
		sed 's/^/nc6 /' $NCFS/cmdline1/stats
		$ETHTOOL -S sn0 | sed 's/^ */eth /; s/: / /'
		cat /proc/net/snmp /proc/net/netstat
	} | awk -v want="$*" '
		$1 == "nc4" && $2 ~ /^arp_/ { m[$2] = $3; next }
		$1 == "nc6" && $2 ~ /^ndp_/ { m[$2] = $3; next }
		$1 == "eth" { m[$2] = $3; next }
		$1 == "Ip:" || $1 == "IpExt:" {
			if (!($1 in hdr)) {
				hdr[$1] = 1
				for (i = 2; i <= NF; i++) h[$1, i] = $i
			} else {
				for (i = 2; i <= NF; i++) m[h[$1, i]] = $i
			}
		}
		END { n = split(want, w, " "); for (i = 1; i <= n; i++) printf " %s=%s", w[i], m[w[i]] }'
}

t_bad_frames() {
	local n=0 line name exp hex c cnt out before after
	local counters="arp_bad arp_replies arp_resolutions ndp_bad ndp_replies ndp_resolutions rx_drop_oversize InHdrErrors InTruncatedPkts"
	nc_setup "netconsole=@10.0.0.1/sn0,6697@10.0.0.2/02:53:4e:00:00:01;@fd00::1/sn0,6698@fd00::2/02:53:4e:00:00:01" || return
	mkdir $NCFS/cmdline0 $NCFS/cmdline1
	expect "the IPv6 target is up" [ "$(cat $NCFS/cmdline1/enabled)" = 1 ]
	# b answers the records with ICMP port unreachable, and re-resolved
	# 10.0.0.1 whenever its neighbour entry went stale: the client's
	# answer moved arp_replies in the middle of an unrelated case (CI,
	# debug kernel, 265 s into the corpus).  Only the corpus may ask.
	$IP netns exec b $IP neigh replace 10.0.0.1 lladdr "$(cat /sys/class/net/sn0/address)" nud permanent dev sn1
	$IP netns exec b $IP neigh replace fd00::1 lladdr "$(cat /sys/class/net/sn0/address)" nud permanent dev sn1 2>/dev/null
	$IP netns exec b $IP link set sn1 mtu 9000
	while IFS= read -r line; do
		name=$(fld "$line" 1) exp=$(fld "$line" 2) hex=$(fld "$line" 3)
		before=$(frame_counters $counters)
		out=$($SNTOOL -n b rawsend sn1 "$hex")
		sleep 0.3
		after=$(frame_counters $counters)
		case $exp in
		send:*)
			echo "$out" | grep -q ": ${exp#send:}\$" || fail "$name: sender got '$out', expected ${exp#send:}"
			[ "$before" = "$after" ] || fail "$name: counters moved:$before ->$after" ;;
		none)
			echo "$out" | grep -q ': ok$' || fail "$name: not sent: $out"
			[ "$before" = "$after" ] || fail "$name: counters moved:$before ->$after" ;;
		*)
			echo "$out" | grep -q ': ok$' || fail "$name: not sent: $out"
			cnt=${exp%+*}
			want=""
			for c in $counters; do
				v=$(echo "$before" | sed -n "s/.* $c=\([0-9]*\).*/\1/p")
				[ "$c" = "$cnt" ] && v=$((v + ${exp#*+}))
				want="$want $c=$v"
			done
			[ "$want" = "$after" ] || fail "$name: expected $exp:$before ->$after" ;;
		esac
		[ $n -lt 2 ] && log "$name: $out,$after"
		n=$((n + 1))
	done <<EOC
$(corpus frames.txt)
EOC
	log "$n injected frames, each with its expected counted drop or refusal"
	log "sn0 after the corpus: $(cat $NCFS/cmdline0/stats | tr '\n' ' ')"
	log "IPv6 target after the corpus: $(cat $NCFS/cmdline1/stats | tr '\n' ' ')"
	rmdir $NCFS/cmdline0 $NCFS/cmdline1
	expect "module unloads after the corpus" rmmod snull
}
