# SPDX-License-Identifier: GPL-2.0
# The kernel's driver selftests (scripts/drvtest.sh): mounts their root
# (the guest's /dev/vda, a snapshot: nothing is written back), loads
# snull (pair mode), veth and the in-tree netconsole (netpoll_basic.py's
# client) and runs test/drvtest/run.sh chrooted there, which prints the
# KTAP results.  snulldrvtests= names the tests (default: all of run.sh's
# list from the host).
. /snull/lib.sh
echo "kernel $(uname -r)"
dmesg -n 4
tests=$(sed -n 's/.*snulldrvtests=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' ')
# virtio_pci and ext4 are modules on some kernels (6.1's cloud flavour,
# the rt flavour), and ext4 needs the crc32c it only names as a soft
# dependency
for m in $(cat /lib/modules/virtio_pci.order /lib/modules/virtio_blk.order \
	/lib/modules/crc32c_generic.order /lib/modules/ext4.order \
	2> /dev/null); do
	insmod /lib/modules/$m.ko 2> /dev/null
done
R=/drv
mkdir -p $R
i=0
while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if ! mount -t ext4 /dev/vda $R; then
	ktap_result "not ok" drvtest/root "cannot mount the selftests' root (/dev/vda)"
	echo "# Totals: pass:0 fail:1"
	exit 0
fi
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts && mount -t devpts devpts $R/dev/pts
# bash's process substitution reads /dev/fd
[ -e $R/dev/fd ] || ln -s /proc/self/fd $R/dev/fd
mount -t tmpfs tmpfs $R/tmp
mount -t tmpfs tmpfs $R/run
mkdir -p $R/run/netns
mount -t configfs none $R/sys/kernel/config
mount -t debugfs none $R/sys/kernel/debug
mount -t tracefs none $R/sys/kernel/tracing
mount -t bpf none $R/sys/fs/bpf
insmod $MOD mode=pair
# veth, netconsole (netpoll_basic.py), fq, prio, etf and fw (so_txtime.py:
# etf under prio, a mark filter), ingress, flower, matchall and skbedit
# (ring_reconfig.py)
for m in $(cat /lib/modules/veth.order /lib/modules/netconsole.order \
	/lib/modules/sch_fq.order /lib/modules/sch_prio.order \
	/lib/modules/sch_etf.order /lib/modules/cls_fw.order \
	/lib/modules/sch_ingress.order /lib/modules/cls_flower.order \
	/lib/modules/cls_matchall.order \
	/lib/modules/act_skbedit.order); do
	insmod /lib/modules/$m.ko 2> /dev/null
done
chroot $R /bin/bash /opt/drvtest/run.sh "$KVER" "$tests" snull veth
