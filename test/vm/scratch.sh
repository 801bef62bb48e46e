. /snull/lib.sh
PG=/proc/net/pktgen
for m in $(cat /lib/modules/veth.order /lib/modules/pktgen.order); do insmod /lib/modules/$m.ko 2>/dev/null; done
pg() { echo "$2" > "$PG/$1"; }
run() {
	dev=$1 mac=$2
	pg kpktgend_0 "rem_device_all"; pg kpktgend_0 "add_device $dev"
	pg $dev "count 20000"; pg $dev "pkt_size 64"; pg $dev "delay 0"; pg $dev "clone_skb 0"
	pg $dev "dst 10.0.0.2"; pg $dev "dst_mac $mac"; pg $dev "udp_dst_min 9"; pg $dev "udp_dst_max 9"
	echo start > $PG/pgctrl
	sed -n 's/.*Result: OK: \([0-9]*\)(c.*/\1 us/p' $PG/$dev
}
insmod $MOD mode=pair
$IP netns add b; $IP link set sn1 netns b
$IP addr add 10.0.0.1/24 dev sn0; $IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
$IP link set sn0 up; $IP netns exec b $IP link set sn1 up; wait_carrier sn0
$SNTOOL -n b xdp sn1 tx
run sn0 02:53:4e:00:00:01
$IP netns exec b $ETHTOOL -S sn1 | grep -E "xdp|rx_queue_0_packets|pool|tx_queue_0_(packets|drops)|napi_polls|interrupts"
$ETHTOOL -S sn0 | grep -E "rx_queue_0_packets|rx_queue_0_xdp_alloc|napi_polls|rx_interrupts|pool"
$SNTOOL -n b xdp sn1 drop
run sn0 02:53:4e:00:00:01
$IP netns exec b $ETHTOOL -S sn1 | grep -E "xdp_drop|napi_polls"
rmmod snull; $IP netns del b
$IP netns add b
$IP link add ve0 type veth peer name ve1; $IP link set ve1 netns b
$IP addr add 10.0.0.1/24 dev ve0; $IP netns exec b $IP addr add 10.0.0.2/24 dev ve1
$IP link set ve0 up; $IP netns exec b $IP link set ve1 up; sleep 0.5
$ETHTOOL -K ve0 gro on
$SNTOOL -n b xdp ve1 tx
run ve0 $($IP netns exec b cat /sys/class/net/ve1/address)
$IP netns exec b $ETHTOOL -S ve1 | grep -E "xdp|rx_queue_0_packets"
$ETHTOOL -S ve0 | grep -E "rx_queue_._packets|xdp"
