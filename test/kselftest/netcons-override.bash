# SPDX-License-Identifier: GPL-2.0
# Sourced into each netcons_*.sh of the kernel's selftests right after it
# has sourced drivers/net/lib/sh/lib_netcons.sh (see netcons-env.bash):
# redefines the library's device helpers only, so that an snull pair
# stands in for the two netdevsim ports the upstream helpers create (Debian
# kernels have no netdevsim).  Every other function, and every assertion,
# stays upstream's.
#
# The stand-in: the snull pair sn0 (the "source" port, SRCIF) and sn1 (the
# "destination" port, DSTIF), wired back to back like the two linked
# netdevsim ports.  snull is loaded with mode=pair (plain L2 crossover) and
# netconsole_configfs=1 by test/vm/kselftest.sh, which creates the pair
# sn0/sn1 at load; once that pair is deleted, create_ifaces makes a new one
# (ip link add ... type snull), as netdevsim's new_device would, with the
# new addresses snull gives each new pair (02:53:4e:00:00:02/03, ...).
# shellcheck shell=bash disable=SC2034 # globals of lib_netcons.sh

# netdevsim new_device x2 -> an snull pair (reused if it is still there)
create_ifaces() {
	if [ ! -e /sys/class/net/sn0 ] || [ ! -e /sys/class/net/sn1 ]; then
		# the peer is auto-named: registered first, it takes sn0
		ip link add sn1 type snull
	fi
	udevadm settle 2> /dev/null || true

	# These are global variables
	SRCIF=sn0
	DSTIF=sn1
}

# netdevsim link_device -> nothing to link: an snull pair is wired from
# birth; only the move of the destination into the namespace is kept.
link_ifaces() {
	# Bind the dst interface to namespace
	ip link set "${DSTIF}" netns "${NAMESPACE}"
}

# every snull device left, in this namespace and in each of the tests':
# deleting one end of a pair deletes both
__snull_del_pairs() {
	local ns dev
	for dev in $(ip -o link show type snull 2> /dev/null |
		     sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'); do
		ip link del "$dev" 2> /dev/null || true
	done
	for ns in $(ip netns list 2> /dev/null | cut -d' ' -f1); do
		for dev in $(ip -n "$ns" -o link show type snull 2> /dev/null |
			     sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'); do
			ip -n "$ns" link del "$dev" 2> /dev/null || true
		done
	done
}

# netdevsim del_device x2 -> delete the snull pair(s); the rest as upstream
function do_cleanup() {
	# Delete the stand-in devices
	__snull_del_pairs

	# this is coming from lib.sh
	cleanup_all_ns

	# Restoring printk configurations
	echo "${DEFAULT_PRINTK_VALUES}" > /proc/sys/kernel/printk
}

# check_for_dependencies asks for netdevsim's sysfs file: the override above
# stands in for it (everything else that function checks is kept)
NSIM_DEV_SYS_NEW=/sys/module/snull/parameters/mode
