#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Feature tests on the kernel headers for include/snull_compat.h.
# Usage: conftest.sh <kernel source or headers tree>; prints -D flags.
# Tests look at what the headers declare, never at the version number.
tree=$1
hdr() {
	# Debian splits headers into -common and the flavour tree; srctree
	# is the -common one for out-of-tree builds.
	for f in "$tree/include/$1" "$tree/../$(basename "$tree" | sed 's/-cloud-amd64$/-common/;s/-amd64$/-common/')/include/$1"; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
}
have() { # have FLAG HEADER REGEX
	f=$(hdr "$2")
	[ -n "$f" ] && grep -Eq "$3" "$f" && printf ' -D%s' "$1"
}
have SNULL_HAVE_KERNEL_ETHTOOL_TS_INFO linux/ethtool.h 'struct kernel_ethtool_ts_info \{'
have SNULL_HAVE_DO_NETPOLL_CLEANUP linux/netpoll.h 'void do_netpoll_cleanup\('
have SNULL_HAVE_RTNL_NEWLINK_PARAMS net/rtnetlink.h 'struct rtnl_newlink_params \{'
have SNULL_HAVE_DEV_LLTX linux/netdevice.h 'unsigned long[[:space:]]+lltx:1;'
# netpoll_setup() (6.1, 6.12, 7.2); 7.3 moved it into netconsole
have SNULL_HAVE_NETPOLL_SETUP linux/netpoll.h 'int netpoll_setup\(struct netpoll'
have SNULL_HAVE_NETPOLL_CARRIER_TIMEOUT linux/netpoll.h 'netpoll_get_carrier_timeout\('
# nbcon consoles with a printer thread (6.12, 7.2; not 6.1)
have SNULL_HAVE_NBCON linux/console.h 'void \(\*write_thread\)\(struct console'
# the printk caller's CPU and task in the write context (7.0, so 7.2)
have SNULL_HAVE_NBCON_EXEC_CTX linux/console.h 'char[[:space:]]+comm\[TASK_COMM_LEN\];'
# panic_on_this_cpu() (Debian's 6.12, 7.2, 7.3; not 6.1)
have SNULL_HAVE_PANIC_ON_THIS_CPU linux/panic.h 'bool panic_on_this_cpu\(void\)'
# netdev_stat_ops with tx stop/wake counts (6.12, 7.2, 7.3; not 6.1)
have SNULL_HAVE_NETDEV_STAT_OPS net/netdev_queues.h 'u64[[:space:]]+wake;'
# queues linked to NAPIs (6.12, 7.2, 7.3; not 6.1)
have SNULL_HAVE_QUEUE_SET_NAPI linux/netdevice.h 'void netif_queue_set_napi\('
# persistent per-NAPI configuration (7.2, 7.3; not 6.1, 6.12)
have SNULL_HAVE_NAPI_ADD_CONFIG linux/netdevice.h '^netif_napi_add_config\(struct net_device'
# native XDP: skbs copied into page_pool pages for XDP (6.12, 7.2, 7.3;
# not 6.1)
have SNULL_HAVE_SKB_PP_COW_DATA linux/skbuff.h 'int skb_pp_cow_data\('
# an xdp_frame names its memory by type only (7.2, 7.3; 6.12 keeps the
# whole mem info)
have SNULL_HAVE_XDP_FRAME_MEM_TYPE net/xdp.h 'enum xdp_mem_type[[:space:]]+mem_type:32;'
# a file test (sparse on Debian 12 has no __has_include)
[ -n "$(hdr linux/hex.h)" ] && printf ' -D%s' SNULL_HAVE_LINUX_HEX_H
echo
