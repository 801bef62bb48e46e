# SPDX-License-Identifier: GPL-2.0
# Guest side of the panic test: stream over a virtio-net NIC whose frames
# reach a listener on the host, then crash the kernel.
. /snull/lib.sh
for m in $(cat /lib/modules/virtio_pci.order /lib/modules/virtio_net.order); do
	insmod /lib/modules/$m.ko 2>/dev/null
done
sleep 1
nic=$(ls /sys/class/net | grep -v -e lo -e sn | head -n 1)
echo "nic=$nic"
$IP link set "$nic" up
dmesg -n 8
insmod $MOD "netconsole=6665@10.0.2.15/$nic,6666@10.0.2.2/52:54:00:00:00:02" || echo "insmod failed"
sleep 1
echo "<6>snull-panic-test: about to crash" > /dev/kmsg
# snullflood=1 (scripts/panicrate.sh): a writer per CPU floods the log
# with long records, so that a printer thread is mid-record, holding the
# client's lock, when the panic stops its CPU
if grep -q 'snullflood=1' /proc/cmdline; then
	echo on > /proc/sys/kernel/printk_devkmsg
	c=0
	while [ $c -lt "$(grep -c '^processor' /proc/cpuinfo)" ]; do
		SNTOOL_CPU=$c $SNTOOL kmsg 1000000 900 "flood$c" > /dev/null 2>&1 &
		c=$((c + 1))
	done
	sleep 3
	# what the client was doing, for a boot that loses the panic text
	mkdir /sys/kernel/config/snull_netconsole/cmdline0 2>/dev/null
	tr '\n' ' ' < /sys/kernel/config/snull_netconsole/cmdline0/stats
	echo
	for p in /proc/[0-9]*; do
		st=$(cut -d' ' -f3 $p/stat 2>/dev/null)
		case "$(cat $p/comm 2>/dev/null)/$st" in
		pr/*|*/R|*/D)
			echo "$(cat $p/comm) $st $(tr '\n' ' ' < $p/stack 2>/dev/null | cut -c1-300)";;
		esac
	done
	$IP -s link show "$nic" | tr '\n' ' '
	echo
fi
echo "PANIC-NOW"
echo c > /proc/sysrq-trigger
