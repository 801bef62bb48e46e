# SPDX-License-Identifier: GPL-2.0
# The in-VM test suite: runs the tests of pair.sh, datapath.sh, nc*.sh and
# badinput.sh (a test's function is t_<its name>).  Each test prints what
# it observed and ends in one KTAP result line (lib.sh's ktap_result).
. /snull/lib.sh
echo "kernel $(uname -r)"
dmesg -n 4
kmemleak_start

. /snull/pair.sh
run_test params
run_test basics
run_test snull_napi
run_test snull_regular
run_test regular_backlog_drop
run_test pair_netns
run_test inorder_threaded
run_test exact_counters
run_test pool_flood
run_test ringparam
run_test link_add_del
run_test multiqueue
run_test multiqueue_regular
# the netdev netlink family's queues, NAPIs and qstats: 6.12 and later
if $SNTOOL netdev queues lo > /dev/null 2>&1; then
	run_test netdev_nl
else
	echo "  (netdev_nl not run: this kernel has no netdev netlink queues)"
fi
run_test xdp_native
run_test xdp_metadata
run_test rmmod_traffic
run_test netconsole_intree
. /snull/datapath.sh
run_test tcp_pair
run_test gro_tcp
run_test tcp_snull_forwarded
run_test tap_unmodified
run_test pktgen_clone_skb
run_test pool_noqueue
run_test del_inflight
# Both need what Debian's kernels have and the debug kernel's small config
# leaves out: kprobe events, and cgroup v2's memory controller.
T=/sys/kernel/tracing
[ -e $T/kprobe_events ] || mount -t tracefs none $T 2> /dev/null
if [ -e $T/kprobe_events ]; then
	run_test nc_replay_no_retry
else
	echo "  (nc_replay_no_retry not run: this kernel has no kprobe events)"
fi
grep -q " /sys/fs/cgroup cgroup2" /proc/mounts || mount -t cgroup2 none /sys/fs/cgroup 2> /dev/null
if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2> /dev/null; then
	run_test userns_memcg
else
	echo "  (userns_memcg not run: this kernel has no cgroup v2 memory controller)"
fi
. /snull/nc.sh
. /snull/nc_neigh.sh
. /snull/nc_events.sh
. /snull/nc_contexts.sh
run_test nc_param_targets
run_test nc_configfs_formats
run_test nc_bytes_vs_intree
run_test nc_rename_unregister
run_test nc_resume_rmdir
run_test nc_gateway
run_test nc_configfs_name
run_test nc_addr_rules
run_test nc_ratelimit
run_test nc_ratelimit_param
run_test nc_snull_mode
run_test nc_bad_arp
run_test nc_torture
run_test nc_race
run_test nc_sysdata
run_test nc_userdata256
run_test nc_transmit_errors
run_test nc_oops_only
run_test nc_ipv6_ndp
run_test nc_ipv6_vs_intree
run_test nc_flood_cpus
# the watchdog's report of the stopped queue is expected here
run_test nc_stalled_queue 'NETDEV WATCHDOG|WARNING: CPU: [0-9]+ PID: [0-9]+ at net/sched/sch_generic.c|dev_watchdog|Call Trace|^\[ *[0-9.]+\]  [<?a-z_]'
# sysrq l prints backtraces (Call Trace) by design
run_test nc_printk_contexts 'Call Trace|NMI backtrace|^\[ *[0-9.]+\]  [<?a-z_]'
# the module's own WARNs (6.x: "WARNING: CPU: N PID: N at <file>", 7.x:
# "WARNING: <file>:<line> at <function> [snull_hostile]"), and sysrq l's
# backtraces, are expected
run_test nc_hostile 'WARNING: .*snull_hostile|Call Trace|NMI backtrace|^\[ *[0-9.]+\]  [<?a-z_]'
. /snull/badinput.sh
run_test bad_params
run_test bad_netconsole
run_test bad_configfs
run_test bad_configfs_escape
run_test bad_frames
# Last: on 6.1 the watchdog's first report is a WARN_ONCE splat, which the
# test allows (and only this test).
run_test lockup 'NETDEV WATCHDOG|WARNING: CPU: [0-9]+ PID: [0-9]+ at net/sched/sch_generic.c|dev_watchdog|Call Trace|^\[ *[0-9.]+\]  [<?a-z_]'
[ -e $KMEMLEAK ] && run_test kmemleak
ktap_totals
