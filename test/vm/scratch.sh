. /snull/lib.sh
echo "kernel $(uname -r)"
PG=/proc/net/pktgen
for m in $(cat /lib/modules/veth.order /lib/modules/pktgen.order); do insmod /lib/modules/$m.ko 2>/dev/null; done
pg() { echo "$2" > "$PG/$1"; }
TR=/sys/kernel/tracing
mount -t tracefs none $TR
prof() { # dev ns rx fn
	mac=$($IP netns exec $2 cat /sys/class/net/$3/address)
	echo 0 > $TR/tracing_on
	echo $4 > $TR/set_graph_function
	echo 3 > $TR/max_graph_depth
	echo function_graph > $TR/current_tracer
	echo 65536 > $TR/buffer_size_kb
	echo > $TR/trace
	pg kpktgend_0 "rem_device_all"; pg kpktgend_0 "add_device $1"
	pg $1 "count 3000"; pg $1 "pkt_size 64"; pg $1 "delay 0"; pg $1 "dst 10.0.0.2"; pg $1 "dst_mac $mac"; pg $1 "udp_dst_min 9"; pg $1 "udp_dst_max 9"
	r0=$($IP netns exec $2 cat /sys/class/net/$3/statistics/rx_packets)
	echo 1 > $TR/tracing_on
	echo start > $PG/pgctrl
	echo 0 > $TR/tracing_on
	r1=$($IP netns exec $2 cat /sys/class/net/$3/statistics/rx_packets)
	echo "== $4: frames $((r1 - r0))"
	# sum per function at depth 1 and 2 (indent)
	grep -E '\|' $TR/trace | awk -F'|' -v n=$((r1 - r0)) '
	{ t=0; if (match($1, /[0-9.]+ us/)) t=substr($1, RSTART, RLENGTH-3)+0; else next;
	  rest=$2; ind=match(rest, /[^ ]/); fn=rest; gsub(/^ +/, "", fn); sub(/[({;].*/, "", fn);
	  if (fn == "}") next;
	  key=sprintf("%02d %s", ind, fn); s[key]+=t; c[key]++ }
	END { for (k in s) printf "%s calls %d ns/frame %.0f\n", k, c[k], s[k]*1000/n }' | sort | head -40
	grep -c 'us' $TR/trace
	echo nop > $TR/current_tracer
}
insmod $MOD mode=pair
$IP netns add b; $IP link set sn1 netns b
$IP addr add 10.0.0.1/24 dev sn0; $IP netns exec b $IP addr add 10.0.0.2/24 dev sn1
$IP link set sn0 up; $IP netns exec b $IP link set sn1 up; wait_carrier sn0
prof sn0 b sn1 snull_poll
rmmod snull; $IP netns del b
$IP netns add b
$IP link add ve0 type veth peer name ve1; $IP link set ve1 netns b
$IP addr add 10.0.0.1/24 dev ve0; $IP netns exec b $IP addr add 10.0.0.2/24 dev ve1
$IP link set ve0 up; $IP netns exec b $IP link set ve1 up
sleep 1
prof ve0 b ve1 process_backlog
