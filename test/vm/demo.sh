# SPDX-License-Identifier: GPL-2.0
# make demo: the LDD3 scenario on a real kernel, then the pair across a
# network namespace, with the counters.
IP=/opt/bin/ip ETHTOOL=/opt/bin/ethtool
say() { echo; echo "### $*"; }
run() { echo "# $*"; "$@"; }
say "kernel $(uname -r); loading snull (snull mode, NAPI)"
run insmod /lib/modules/snull.ko
dmesg | grep 'snull:' | tail -n 1
run $IP addr add 192.168.2.8/24 dev sn0
run $IP addr add 192.168.3.9/24 dev sn1
run $IP link set sn0 up
run $IP link set sn1 up
sleep 1
say "ping the 'remote' address of sn0: answered by sn1 after the third-octet flip"
run ping -c 3 192.168.2.9
say "and the other way"
run ping -c 3 192.168.3.8
say "counters"
run $IP -s link show sn0
run $ETHTOOL -S sn1
run rmmod snull
say "pair mode: sn1 in namespace 'b', ARP, ping"
run insmod /lib/modules/snull.ko mode=pair
run $IP netns add b
run $IP link set sn1 netns b
run $IP addr add 10.0.0.1/24 dev sn0
run $IP link set sn0 up
run $IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
run $IP netns exec b $IP link set sn1 up
sleep 1
run ping -c 3 10.0.0.2
run $IP neigh show dev sn0
run $ETHTOOL -i sn0
run rmmod snull
$IP netns del b

say "the main job: the kernel log streamed over sn0 to a UDP listener in namespace b"
dmesg -n 8
echo 1 > /sys/module/netpoll/parameters/carrier_timeout
run insmod /lib/modules/snull.ko mode=pair "netconsole=+r6665@10.0.0.1/sn0,6666@10.0.0.2/"
run $IP netns add b
run $IP link set sn1 netns b
run $IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
run $IP netns exec b $IP link set sn1 up
run $IP link set sn0 up
echo "# (sn0 has no IP address; the client answers ARP for 10.0.0.1 itself)"
$IP netns exec b /opt/bin/sntool listen 6666 3000 > /tmp/demo-listen &
sleep 1
for i in 1 2 3; do echo "<6>hello from the guest kernel log, line $i" > /dev/kmsg; sleep 0.3; done
echo "<4>$(cat /proc/version)" > /dev/kmsg
wait
echo "# what the listener in namespace b received:"
sed 's/^DGRAM [0-9]* /  /' /tmp/demo-listen | grep -v '^ready'
run mkdir /sys/kernel/config/snull_netconsole/cmdline0
run cat /sys/kernel/config/snull_netconsole/cmdline0/stats
run cat /sys/kernel/config/snull_netconsole/cmdline0/remote_mac
rmdir /sys/kernel/config/snull_netconsole/cmdline0
dmesg -n 4
run rmmod snull
