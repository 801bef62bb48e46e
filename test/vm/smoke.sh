. /snull/lib.sh
dmesg -n 8
echo 1 > /sys/module/netpoll/parameters/carrier_timeout
insmod $MOD mode=pair "netconsole=6665@10.0.0.1/sn0,6666@10.0.0.2/;+r6667@10.0.0.1/sn0,6668@10.0.0.2/;bogus@x"
dmesg | grep snull | tail
ls /sys/kernel/config/snull_netconsole/
mkdir /sys/kernel/config/snull_netconsole/cmdline0
cat /sys/kernel/config/snull_netconsole/cmdline0/stats
$IP netns add b
$IP link set sn1 netns b
$IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
$IP netns exec b $IP link set sn1 up
$IP netns exec b $IP link set lo up
$IP link set sn0 up
sleep 1
$IP netns exec b $SNTOOL listen 6666 3000 > /tmp/l1 &
$IP netns exec b $SNTOOL listen 6668 3000 > /tmp/l2 &
sleep 0.5
echo "<6>hello-smoke-1" > /dev/kmsg
sleep 1
echo "<6>hello-smoke-2" > /dev/kmsg
wait
cat /tmp/l1 /tmp/l2 | tail -6
for a in enabled dev_name local_ip remote_ip remote_mac local_mac stats; do echo "$a: $(cat /sys/kernel/config/snull_netconsole/cmdline0/$a)"; done
$IP netns exec b arping -c 2 -I sn1 10.0.0.1
rmdir /sys/kernel/config/snull_netconsole/cmdline0
rmmod snull
dmesg | tail -20
