#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The module tools (and udevadm) the kernel's netconsole selftests call, as
# the guest's stand-ins: installed as /opt/ksft/shim/{modprobe,rmmod,modinfo,
# udevadm}, first on the selftests' PATH (test/vm/kselftest.sh), and told
# apart by the name they are called by.  Each call is logged to
# /run/ksft/shim.log.
#
# snull.ko holds both the netconsole client and the device pair standing in
# for netdevsim, so:
#  modprobe netconsole [ARGS]  the client is "loaded" (/run/ksft/netconsole).
#     Already loaded: nothing, as modprobe.  Not loaded, no ARGS: the client
#     of the snull loaded for the script is it.  Not loaded, with ARGS
#     (netconsole=...): snull is reloaded as
#     "insmod snull.ko mode=pair netconsole_configfs=1 ARGS" so that the
#     client reads them at load as netconsole.ko would; the pair that the
#     reload recreates gets back its namespace, addresses, MAC and up state
#     (see reload), so that, seen from the script, only the client was
#     loaded.
#  rmmod netconsole   not loaded: fails, as rmmod.  Targets in configfs:
#     fails ("in use"), as rmmod of netconsole.ko.  Else snull is reloaded
#     without ARGS (the client without parameter targets), pair state kept.
#  modprobe netdevsim  snull is loaded already (the pair comes from
#     create_ifaces): nothing.
#  rmmod netdevsim     every snull pair is deleted, as removing netdevsim
#     removes its ports (the client sees them unregister).
#  modinfo netconsole  names snull.ko as the module file (not built in).
#  udevadm settle      no udev in the guest: waits 0.1 s.
# Control runs (snullksftclient=intree, /run/ksft/client): the kernel's own
# netconsole.ko is the client, snull (loaded without netconsole_configfs)
# only gives the pair, and modprobe/rmmod/modinfo netconsole are the real
# module's, through busybox.
# Anything else goes to busybox.
MOD=/lib/modules/snull.ko
IP=/opt/bin/ip
ST=/run/ksft
LOG=$ST/shim.log
mkdir -p $ST
me=${0##*/}
echo "$me $*" >> $LOG
note() { echo "  $*" >> $LOG; }

# the snull devices of namespace $1 ("" = this one), one name a line
snull_devs() {
	$IP ${1:+-n "$1"} -o link show type snull 2> /dev/null |
		sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'
}

# devmac NS DEV: its MAC
devmac() {
	$IP ${1:+-n "$1"} -o link show dev "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'
}

# snapshot: every snull device, one line each:
#   NS(- = this one) NAME MAC UP(0/1) ADDR/PLEN...
snapshot() {
	local ns dev n mac up addrs
	for ns in - $($IP netns list 2> /dev/null | cut -d' ' -f1); do
		n=$ns; [ "$ns" = - ] && n=
		for dev in $(snull_devs "$n"); do
			mac=$(devmac "$n" "$dev")
			up=0
			$IP ${n:+-n "$n"} -o link show dev "$dev" | grep -Eq '<([^>]*,)?UP[,>]' && up=1
			addrs=$($IP ${n:+-n "$n"} -o addr show dev "$dev" scope global |
				awk '{ print $4 }' | tr '\n' ' ')
			echo "$ns $dev $mac $up $addrs"
		done
	done
}

# restore FILE: after a reload (the new pair is sn0/sn1 in this namespace),
# give each device of the snapshot its namespace, MAC, addresses, up state
restore() {
	local ns dev mac up addrs n a rc=0
	while read -r ns dev mac up addrs; do
		if [ ! -e "/sys/class/net/$dev" ]; then
			note "cannot restore $dev (in ${ns}): the reload made sn0/sn1 only"
			rc=1
			continue
		fi
		n=$ns; [ "$ns" = - ] && n=
		[ -n "$n" ] && $IP link set "$dev" netns "$n"
		[ "$(devmac "$n" "$dev")" = "$mac" ] ||
			$IP ${n:+-n "$n"} link set "$dev" address "$mac"
		for a in $addrs; do
			case $a in
			*:*) $IP ${n:+-n "$n"} addr add "$a" dev "$dev" nodad ;;
			*) $IP ${n:+-n "$n"} addr add "$a" dev "$dev" ;;
			esac
		done
		[ "$up" = 1 ] && $IP ${n:+-n "$n"} link set "$dev" up
		note "restored $dev: netns ${ns} mac $mac up $up addrs $addrs"
	done < "$1"
	return $rc
}

# reload ARGS...: snull again with the client's ARGS, the pair kept
reload() {
	snapshot > $ST/pair
	note "pair before: $(tr '\n' ';' < $ST/pair)"
	if ! /bin/busybox rmmod snull 2>> $LOG; then
		echo "$me: snull (the netconsole client) is in use" >&2
		return 1
	fi
	# shellcheck disable=SC2068
	if ! /bin/busybox insmod $MOD mode=pair netconsole_configfs=1 "$@" 2>> $LOG; then
		echo "$me: insmod snull.ko $* failed" >&2
		return 1
	fi
	# no pair before it: keep the fresh sn0/sn1 (create_ifaces reuses them)
	[ -s $ST/pair ] || return 0
	restore $ST/pair
}

snull_loaded() { [ -d /sys/module/snull ]; }
targets() { ls /sys/kernel/config/netconsole 2> /dev/null; }

intree() { [ "$(cat $ST/client 2> /dev/null)" = intree ]; }
INTREE=/lib/modules/netconsole.ko

case $me in
modprobe)
	if [ "${1:-}" = netconsole ] && intree; then
		shift
		grep -q '^netconsole ' /proc/modules && exit 0
		exec /bin/busybox insmod $INTREE "$@"
	fi
	case $1 in
	netconsole)
		shift
		if [ -f $ST/netconsole ]; then
			note "client loaded already: nothing"
			exit 0
		fi
		if ! snull_loaded; then
			/bin/busybox insmod $MOD mode=pair netconsole_configfs=1 "$@" || exit 1
		elif [ $# -gt 0 ]; then
			reload "$@" || exit 1
		fi
		echo "$*" > $ST/netconsole
		;;
	netdevsim)
		snull_loaded || /bin/busybox insmod $MOD mode=pair netconsole_configfs=1 || exit 1
		;;
	*)	exec /bin/busybox modprobe "$@" ;;
	esac
	;;
rmmod)
	[ "${1:-}" = netconsole ] && intree && exec /bin/busybox rmmod netconsole
	case $1 in
	netconsole)
		if [ ! -f $ST/netconsole ]; then
			echo "rmmod: ERROR: Module netconsole is not currently loaded" >&2
			exit 1
		fi
		if [ -n "$(targets)" ]; then
			echo "rmmod: ERROR: Module netconsole is in use" >&2
			exit 1
		fi
		reload || exit 1
		rm -f $ST/netconsole
		;;
	netdevsim)
		for ns in "" $($IP netns list 2> /dev/null | cut -d' ' -f1); do
			for dev in $(snull_devs "$ns"); do
				$IP ${ns:+-n "$ns"} link del "$dev" 2> /dev/null && note "deleted $dev${ns:+ in $ns}"
			done
		done
		;;
	*)	exec /bin/busybox rmmod "$@" ;;
	esac
	;;
modinfo)
	case $1 in
	netconsole)
		if intree; then
			echo "filename:       $INTREE"
			exit 0
		fi
		echo "filename:       $MOD"
		echo "description:    snull's netconsole client (loaded with netconsole_configfs=1) stands in for netconsole.ko"
		;;
	*)	exec /bin/busybox modinfo "$@" ;;
	esac
	;;
udevadm)
	[ "${1:-}" = settle ] && sleep 0.1
	exit 0
	;;
*)
	echo "ksft shim: called as $me" >&2
	exit 1
	;;
esac
exit 0
