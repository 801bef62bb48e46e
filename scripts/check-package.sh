#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-package: the .deb end to end on a real Debian 12 system.
#  1. make deb (lintian), contents
#  2. debootstrap'd bookworm root with systemd + the 6.1 cloud kernel and
#     headers: apt install the .deb (DKMS builds), then install the 6.12
#     kernel and headers (DKMS builds again, unasked)
#  3. boot that root under QEMU with each kernel: modules-load.d loads snull,
#     modprobe.d parameters apply, and the netconsole target of modprobe.d
#     streams the boot log to a listener across the pair, inside the guest
#  4. apt remove / purge: modules gone, conffiles gone on purge
# Prints PASS/FAIL lines and step timings.  Cache: $SNULL_CACHE/pkgtest.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cache=${SNULL_CACHE:-/var/cache/snull}/pkgtest
mapfile -t kvers < "${SNULL_CACHE:-/var/cache/snull}/kvers"
k61=${kvers[0]} k612=${kvers[1]}
work=$top/build/pkgtest
root=$work/root
ver=$(dpkg-parsechangelog -S Version)
deb=build/snull-dkms_${ver}_all.deb
mkdir -p "$cache/archives/partial" "$work"
npass=0 nfail=0
pass() { npass=$((npass + 1)); echo "PASS package/$1${2:+: $2}"; }
fail() { nfail=$((nfail + 1)); echo "FAIL package/$1${2:+: $2}"; }
t0=$(date +%s)
step() { echo "TIME $1 $(( $(date +%s) - t0 )) s"; t0=$(date +%s); }

umount_all() {
	for m in var/cache/apt/archives dev/pts dev proc sys; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
	done
	return 0
}
trap umount_all EXIT
in_root() { chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive "$@"; }
apt_root() { in_root apt-get -o DPkg::Lock::Timeout=600 -q -y --no-install-recommends "$@"; }

# 1. the package
if scripts/deb.sh > "$work/deb.log" 2>&1; then
	pass deb "$(grep -m1 lintian "$work/deb.log")"
else
	fail deb "$(tail -n 3 "$work/deb.log" | tr '\n' ' ')"; echo "$npass passed, $nfail failed"; exit 1
fi
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
if echo "$contents" | grep -q "usr/src/snull-$ver/src/snull_main.c" &&
   echo "$contents" | grep -q "usr/src/snull-$ver/dkms.conf" &&
   echo "$contents" | grep -q "etc/modules-load.d/snull.conf" &&
   ! echo "$contents" | grep -Eq '\.(o|ko|cmd|mod)$|Module.symvers|/test/|/debian/'; then
	pass contents "$(echo "$contents" | grep -c 'usr/src/.*[^/]$') source files, conffiles: $(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | tr '\n' ' ')"
else
	fail contents "unexpected file list"
fi
step deb

# 2. the root: debootstrap base cached as a tarball
if [ ! -f "$cache/base.tar" ]; then
	rm -rf "$work/base"
	debootstrap --variant=minbase --include=systemd-sysv,kmod,udev,iproute2,ca-certificates \
		--cache-dir="$cache/archives" bookworm "$work/base" http://deb.debian.org/debian \
		> "$work/debootstrap.log" 2>&1 || { fail debootstrap "$(tail -n 2 "$work/debootstrap.log")"; exit 1; }
	tar -C "$work/base" -cf "$cache/base.tar" .
	rm -rf "$work/base"
	step debootstrap
fi
umount_all
rm -rf "$root"; mkdir -p "$root"
tar -C "$root" -xf "$cache/base.tar"
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
mount --bind /proc "$root/proc"; mount --bind /sys "$root/sys"
mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
apt_root update > "$work/apt.log" 2>&1
step root

if apt_root install initramfs-tools "linux-image-$k61" "linux-headers-$k61" >> "$work/apt.log" 2>&1; then
	pass kernel-6.1 "linux-image-$k61 and headers installed"
else
	fail kernel-6.1 "$(tail -n 2 "$work/apt.log")"
fi
step kernel-6.1
cp "$deb" "$root/tmp/"
if apt_root install "/tmp/$(basename "$deb")" > "$work/install.log" 2>&1 &&
   ls "$root/lib/modules/$k61/updates/dkms/"snull.ko* > /dev/null 2>&1; then
	pass install "apt install built $(cd "$root" && ls lib/modules/$k61/updates/dkms/snull.ko*)"
else
	fail install "$(tail -n 5 "$work/install.log" | tr '\n' ' ')"
fi
step install
if apt_root install "linux-image-$k612" "linux-headers-$k612" > "$work/newkernel.log" 2>&1 &&
   ls "$root/lib/modules/$k612/updates/dkms/"snull.ko* > /dev/null 2>&1; then
	pass new-kernel-rebuild "DKMS built $(cd "$root" && ls lib/modules/$k612/updates/dkms/snull.ko*) unasked"
else
	fail new-kernel-rebuild "$(grep -i -m3 'dkms\|error' "$work/newkernel.log" | tr '\n' ' ')"
fi
step kernel-6.12
st=$(in_root dkms status snull 2>/dev/null)
echo "$st" | sed 's/^/    dkms status: /'
if echo "$st" | grep -q "$k61.*installed" && echo "$st" | grep -q "$k612.*installed"; then
	pass dkms-status "installed for both kernels"
else
	fail dkms-status "$st"
fi

# 3. boot it: parameters from modprobe.d, a report service, a listener
cat > "$root/etc/modprobe.d/snull.conf" <<'EOC'
# set by check-package: pair mode and a netconsole target on sn0
options snull mode=pair netconsole=+r6665@10.0.0.1/sn0,6666@10.0.0.2/
EOC
gcc -O2 -static -o "$root/usr/local/bin/sntool" test/guest/sntool.c
cat > "$root/usr/local/sbin/snull-report" <<'EOS'
#!/bin/sh
# Runs once at boot, after systemd-modules-load: report and power off.
out=/dev/ttyS1
{
	echo "=== REPORT kernel=$(uname -r)"
	echo "modules-load: $(systemctl show -p Result --value systemd-modules-load.service)"
	grep '^snull ' /proc/modules
	echo "mode=$(cat /sys/module/snull/parameters/mode)"
	ip -br link show sn0; ip -br link show sn1
	dmesg -n 8
	ip netns add b
	ip link set sn1 netns b
	ip netns exec b ip addr add 10.0.0.2/24 dev sn1
	ip netns exec b ip link set sn1 up
	ip link set sn0 up
	ip netns exec b /usr/local/bin/sntool listen 6666 4000 > /run/listen.txt &
	sleep 1
	echo "<6>snull-package-marker $(uname -r)" > /dev/kmsg
	# more boot-time log: journald's restart is logged by systemd to kmsg
	systemctl restart systemd-journald 2>/dev/null
	wait
	echo "received $(grep -c DGRAM /run/listen.txt) datagrams"
	grep -E 'snull-package-marker|systemd' /run/listen.txt | head -n 5
	echo "=== END"
} > $out 2>&1
systemctl poweroff --no-block
EOS
chmod +x "$root/usr/local/sbin/snull-report"
cat > "$root/etc/systemd/system/snull-report.service" <<'EOS'
[Unit]
Description=snull package test report
After=systemd-modules-load.service multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/snull-report
[Install]
WantedBy=multi-user.target
EOS
ln -sf /etc/systemd/system/snull-report.service "$root/etc/systemd/system/multi-user.target.wants/snull-report.service"
echo "root:snull" | in_root chpasswd 2>/dev/null
umount_all
for kv in "$k61" "$k612"; do
	img=$work/disk.img
	rm -f "$img"; truncate -s 3G "$img"
	mkfs.ext4 -q -F -d "$root" "$img"
	: > "$work/boot-$kv.out"
	timeout 300 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 -nic none \
		-display none -monitor none -no-reboot \
		-kernel "$root/boot/vmlinuz-$kv" -initrd "$root/boot/initrd.img-$kv" \
		-drive "file=$img,format=raw,if=virtio" \
		-serial "file:$work/boot-$kv.console" -serial "file:$work/boot-$kv.out" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 loglevel=4" > /dev/null 2>&1
	sed -i 's/\r$//' "$work/boot-$kv.out"
	sed 's/^/    /' "$work/boot-$kv.out" | head -n 20
	o=$work/boot-$kv.out
	if grep -q 'modules-load: success' "$o" && grep -q '^snull ' "$o"; then
		pass "boot-$kv/modules-load" "snull loaded at boot by systemd-modules-load"
	else
		fail "boot-$kv/modules-load" "$(head -c 300 "$o" | tr '\n' ' ')"
	fi
	if grep -q '^mode=pair' "$o" && grep -q '^sn1@sn0 ' "$o"; then
		pass "boot-$kv/modprobe.d" "mode=pair from /etc/modprobe.d/snull.conf, sn0/sn1 present"
	else
		fail "boot-$kv/modprobe.d" "mode or devices missing"
	fi
	if grep -q "snull-package-marker $kv" "$o"; then
		pass "boot-$kv/netconsole" "$(grep -m1 '^received' "$o"); $(grep -m1 'snull-package-marker' "$o" | cut -c1-90)"
	else
		fail "boot-$kv/netconsole" "marker not received across the pair"
	fi
	step "boot-$kv"
done

# 4. remove and purge
mount --bind /proc "$root/proc"; mount --bind /sys "$root/sys"
mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
apt_root remove snull-dkms > "$work/remove.log" 2>&1
left=$(cd "$root" && ls lib/modules/*/updates/dkms/snull.ko* 2>/dev/null)
if [ -z "$left" ] && [ -f "$root/etc/modprobe.d/snull.conf" ] && [ -z "$(in_root dkms status snull 2>/dev/null)" ]; then
	pass remove "modules gone from every kernel, dkms status empty, conffiles kept"
else
	fail remove "left: $left; dkms: $(in_root dkms status snull 2>/dev/null)"
fi
apt_root purge snull-dkms > "$work/purge.log" 2>&1
if [ ! -e "$root/etc/modprobe.d/snull.conf" ] && [ ! -e "$root/etc/modules-load.d/snull.conf" ] &&
   [ ! -d "$root/usr/src/snull-$ver" ]; then
	pass purge "conffiles and /usr/src/snull-$ver removed"
else
	fail purge "leftovers: $(ls "$root"/etc/modprobe.d/snull.conf "$root"/etc/modules-load.d/snull.conf 2>/dev/null)"
fi
step remove-purge
umount_all
echo "package: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
