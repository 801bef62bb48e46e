#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-package: the .deb end to end on Debian 12, Debian 13 and sid.
#  1. make deb (bookworm's lintian), contents; in the background, a trixie
#     root runs trixie's lintian on the same .changes and builds the source
#     with trixie's debhelper and dh-dkms (lintian-clean too)
#  2. per release a debootstrap'd root with systemd and that release's own
#     archive (dkms from it):
#     bookworm: the 6.1 cloud kernel and headers, apt install the .deb (DKMS
#               builds), then the 6.12 kernel and headers (DKMS builds again,
#               unasked)
#     trixie, sid: the kernel that release's linux-headers-cloud-amd64 meta
#               package names (6.12.*+deb13 on trixie, the newest on sid),
#               then apt install the .deb (DKMS builds); then a kernel
#               installed after it (DKMS builds again, unasked): trixie's
#               rt flavour, and on sid experimental's newest cloud kernel
#               (apt -t experimental) while it is ahead of sid's
#     each module must be built by the kernel's own compiler (gcc-12, gcc-14,
#     gcc-16: read from the .ko's .comment and the kernel's .config)
#  3. boot each root under QEMU with each of its kernels (the releases run
#     side by side): modules-load.d loads
#     snull, modprobe.d parameters apply, and the netconsole target of
#     modprobe.d streams the boot log to a listener across the pair, inside
#     the guest
#  4. apt remove / purge: modules gone, conffiles gone on purge
# Prints PASS/FAIL lines and step timings, last line "package: N passed, N
# failed".  Cache: $SNULL_CACHE/pkgtest/<release>/{base.tar,archives}.
# SNULL_PKG_RELEASES="bookworm trixie sid" (the default) picks the releases.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/lib.sh"
scache=$snull_cache
cache=$scache/pkgtest
mapfile -t kvers < "$scache/kvers"
k61=${kvers[0]} k612=${kvers[1]}
# the kernels installed after the package on trixie and sid (deps.sh)
krt=$(grep -m1 -- '+deb13-rt-amd64$' "$scache/kvers.rt" 2> /dev/null)
kexp=$(head -n 1 "$scache/kvers.experimental" 2> /dev/null)
read -r -a releases <<< "${SNULL_PKG_RELEASES:-bookworm trixie sid}"
mirror=http://deb.debian.org/debian
work=$top/build/pkgtest
ver=$(dpkg-parsechangelog -S Version)
deb=build/snull-dkms_${ver}_all.deb
mkdir -p "$work"
t0=$(date +%s)
step() { echo "TIME $1 $(( $(date +%s) - t0 )) s"; t0=$(date +%s); }
oneline() { tr '\n' ' ' | cut -c1-"${1:-300}"; }

# Per release: the compiler its kernels are built with (the module must be
# built by the same one), and how old its cached base may get (days).
declare -A cc_major=([bookworm]=12 [trixie]=14 [sid]=16)
declare -A base_days=([bookworm]=30 [trixie]=30 [sid]=7)

# The release whose root the functions below act on: set_release NAME [ROOT
# [ARCHIVES]] sets $rel, $root, $arch (its apt archive cache), $wdir (logs)
# and $aptopt.
set_release() {
	rel=$1
	root=${2:-$work/$rel/root}
	arch=${3:-$cache/$rel/archives}
	wdir=$(dirname "$root")
	aptopt=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-unsafe-io)
	# sid's Release file may be past its Valid-Until date
	[ "$rel" = sid ] && aptopt+=(-o Acquire::Check-Valid-Until=false)
	mkdir -p "$arch/partial" "$wdir"
}
apt_root() { in_root apt-get "${aptopt[@]}" -q -y --no-install-recommends "$@"; }
mount_root() {
	mount --bind /proc "$root/proc"; mount --bind /sys "$root/sys"
	mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
	mount --bind "$arch" "$root/var/cache/apt/archives"
}
umount_root() {
	local r=${1:-$root} m
	for m in var/cache/apt/archives dev/pts dev proc sys; do
		mountpoint -q "$r/$m" 2>/dev/null && umount -l "$r/$m"
	done
	return 0
}
# rm -rf a root only when nothing is mounted below it any more
remove_root() {
	umount_root "$1"
	if grep -q " $1/" /proc/mounts; then
		echo "check-package: $1 still has mounts, not removing it" >&2
		return 1
	fi
	rm -rf "$1"
}
lintpid=
cleanup() {
	# the background lintian job is a process group of its own
	[ -n "$lintpid" ] && kill -- -"$lintpid" 2> /dev/null && wait "$lintpid" 2> /dev/null
	local r
	for r in "$work"/*/root; do umount_root "$r"; done
	return 0
}
trap cleanup EXIT
# The first of the given paths that is a file inside the root, symlinks
# resolved inside the root; prints it as a path in the root.
file_in_root() {
	in_root sh -c 'for f; do [ -f "$f" ] && { readlink -f "$f"; exit 0; }; done; exit 1' sh "$@"
}
modfile() { in_root find "/lib/modules/$1/" -name 'snull.ko*' 2> /dev/null | head -n 1; }

# The debootstrap base of $rel, cached as a tarball (rebuilt after
# ${base_days[$rel]} days, so that sid's base follows sid).
base_fresh() {
	[ -f "$cache/$rel/base.tar" ] &&
		[ -z "$(find "$cache/$rel/base.tar" -mtime +"${base_days[$rel]}")" ]
}
make_base() {
	local b=$work/$rel/base
	base_fresh && return 0
	remove_root "$b" || return 1
	debootstrap --variant=minbase --include=systemd-sysv,kmod,udev,iproute2,ca-certificates \
		--cache-dir="$arch" "$rel" "$b" "$mirror" > "$work/$rel/debootstrap.log" 2>&1 &&
		tar -C "$b" -cf "$cache/$rel/base.tar.tmp" . &&
		mv "$cache/$rel/base.tar.tmp" "$cache/$rel/base.tar"
	local rc=$?
	rm -rf "$b"
	return $rc
}
# A fresh root from the base: that release's archive only, no daemons
# started, apt lists fetched.
setup_root() {
	remove_root "$root" || return 1
	mkdir -p "$root"
	tar -C "$root" -xf "$cache/$rel/base.tar" || return 1
	rm -f "$root/etc/apt/sources.list"
	{
		echo "Types: deb"
		echo "URIs: $mirror"
		# sid's root also sees experimental, whose packages apt takes
		# only when asked (-t experimental)
		if [ "$rel" = sid ]; then echo "Suites: sid experimental"; else echo "Suites: $rel $rel-updates"; fi
		echo "Components: main"
		echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
		if [ "$rel" != sid ]; then
			echo
			echo "Types: deb"
			echo "URIs: $mirror-security"
			echo "Suites: $rel-security"
			echo "Components: main"
			echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
		fi
	} > "$root/etc/apt/sources.list.d/debian.sources"
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod +x "$root/usr/sbin/policy-rc.d"
	mount_root
	apt_root update > "$wdir/apt.log" 2>&1
}

# $rel's kernel release: the one its linux-headers-cloud-amd64 names
resolve_kernel() {
	in_root apt-cache depends linux-headers-cloud-amd64 2> /dev/null |
		sed -n 's/^ *Depends: linux-headers-\([0-9].*-cloud-amd64\)$/\1/p' | head -n 1
}
# the kernel's compiler, from its .config: "x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0"
kernel_cc() {
	in_root sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "/lib/modules/$1/build/.config" 2> /dev/null
}
# image, headers (and their compiler) and initramfs of kernel $1
install_kernel() {
	local kv=$1 log=$wdir/kernel-$1.log cc pk
	if apt_root install initramfs-tools "linux-image-$kv" "linux-headers-$kv" > "$log" 2>&1 &&
	   [ "$(in_root dpkg-query -W -f '${Status}' "linux-image-$kv" "linux-headers-$kv")" = \
	     "install ok installedinstall ok installed" ] &&
	   in_root test -d "/lib/modules/$kv/kernel" -a -f "/lib/modules/$kv/build/.config" &&
	   cc=$(kernel_cc "$kv") && [ -n "$cc" ] && in_root sh -c "command -v ${cc%% *}" > /dev/null; then
		pk=$(in_root dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' "linux-*$kv*" | awk '/^ii/ {print $2}' | oneline 200)
		ok "package/$rel/kernel-$kv" "installed: $pk; compiler ${cc%% *}"
	else
		ko "package/$rel/kernel-$kv" "$(grep -E -i 'error|unmet|broken' "$log" | tail -n 3 | oneline)"
		return 1
	fi
}
# the module DKMS built for $1 was compiled by the kernel's own compiler
check_compiler() {
	local kv=$1 mod cc gccs ko=$wdir/snull-$1.ko
	mod=$(modfile "$kv")
	cc=$(kernel_cc "$kv")
	case $mod in
	*.xz) xz -dc "$root$mod" ;;
	*.zst) zstd -q -dc "$root$mod" ;;
	*.gz) gzip -dc "$root$mod" ;;
	?*) cat "$root$mod" ;;
	esac > "$ko" 2> /dev/null
	gccs=$(readelf -p .comment "$ko" 2> /dev/null | sed -n 's/^ *\[ *[0-9a-f]*\] *GCC: //p' | sort -u)
	# the same gcc release; the Debian revision may be newer than the
	# kernel's (experimental's kernel was built by an older gcc-16
	# package than the one sid now has)
	if [ -n "$mod" ] && [ -n "$gccs" ] && [ "${gccs##* }" = "${cc##* }" ] &&
	   [[ ${cc%% *} == *gcc-${cc_major[$rel]} ]]; then
		ok "package/$rel/compiler-$kv" "${mod##*/} built by ${cc%% *} $gccs, the kernel's compiler (the kernel: ${cc#* })"
	else
		ko "package/$rel/compiler-$kv" "module ${mod:-missing}: '$(echo "$gccs" | oneline 120)'; kernel: '$cc'; expected gcc-${cc_major[$rel]}"
	fi
}
# dkms (pulled in by the .deb) came from $rel's own archive
check_dkms_origin() {
	local v
	v=$(in_root dpkg-query -W -f '${Version}' dkms 2> /dev/null)
	# madison: " dkms | 3.2.2-1 | http://deb.debian.org/debian sid/main amd64 Packages"
	if [ -n "$v" ] && in_root apt-cache madison dkms 2> /dev/null |
	   awk -F' *[|] *' -v v="$v" -v m="$mirror" -v r="$rel" '
		$2 == v && ($3 ~ "^" m " " r "(-updates)?/main " || $3 ~ "^" m "-security " r "-security/main ") { ok = 1 }
		END { exit !ok }'; then
		ok "package/$rel/dkms" "dkms $v from $rel's archive"
	else
		ko "package/$rel/dkms" "dkms '${v:-not installed}' is not $rel's: $(in_root apt-cache madison dkms 2>&1 | oneline 200)"
	fi
}

# The guest side of a boot (test/package/): parameters from modprobe.d, a
# report service that writes to the second serial port and powers off, a
# listener in a namespace across the pair.
install_report() {
	install -m 0644 "$top/test/package/snull.conf" "$root/etc/modprobe.d/snull.conf"
	cp "$work/sntool" "$root/usr/local/bin/sntool"
	install -m 0755 "$top/test/package/snull-report" "$root/usr/local/sbin/snull-report"
	install -m 0644 "$top/test/package/snull-report.service" "$root/etc/systemd/system/snull-report.service"
	mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
	ln -sf /etc/systemd/system/snull-report.service "$root/etc/systemd/system/multi-user.target.wants/snull-report.service"
	echo "root:snull" | in_root chpasswd 2> /dev/null
}
# Boot the root (unmounted) with kernel $1 under QEMU and judge the report.
boot_test() {
	local kv=$1 t=$rel/boot-$1 img=$wdir/disk.img o=$wdir/boot-$1.out vmlinuz initrd
	vmlinuz=$(file_in_root "/boot/vmlinuz-$kv" "/usr/lib/modules/$kv/vmlinuz" "/usr/lib/modules/$kv/vmlinuz.unsigned")
	initrd=$(file_in_root "/boot/initrd.img-$kv" "/usr/lib/modules/$kv/initrd.img" "/usr/lib/modules/$kv/initrd")
	if [ -z "$vmlinuz" ] || [ -z "$initrd" ]; then
		ko "package/$t/modules-load" "no kernel image or initrd for $kv: '$vmlinuz' '$initrd'"
		return 1
	fi
	echo "    $rel $kv: kernel $vmlinuz, initrd $initrd"
	# A guest whose kernel died before anything of snull ran (TCG has
	# been seen to trip over the kernel patching its own text in early
	# boot: an int3 Oops with no module loaded) is booted once more, on
	# a fresh image; any other failure counts.
	local try
	for try in 1 2; do
		rm -f "$img"; truncate -s 3G "$img"
		mkfs.ext4 -q -F -d "$root" "$img"
		: > "$o"
		timeout 900 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 -nic none \
			-display none -monitor none -no-reboot \
			-kernel "$root$vmlinuz" -initrd "$root$initrd" \
			-drive "file=$img,format=raw,if=virtio" \
			-serial "file:$wdir/boot-$kv.console" -serial "file:$o" \
			-append "root=/dev/vda rw console=ttyS0 panic=-1 loglevel=4" > /dev/null 2>&1
		rm -f "$img"
		if [ "$try" = 1 ] && ! grep -q '=== REPORT' "$o" &&
		   grep -aq 'Kernel panic' "$wdir/boot-$kv.console" &&
		   grep -aq 'Modules linked in:[[:space:]]*$' "$wdir/boot-$kv.console" &&
		   ! grep -aq snull "$wdir/boot-$kv.console"; then
			echo "RETRY package/$t: the kernel died before any module loaded: $(grep -am1 -E 'Oops|BUG:' "$wdir/boot-$kv.console" | oneline 120)"
			cp "$wdir/boot-$kv.console" "$wdir/boot-$kv.console.1"
			continue
		fi
		break
	done
	sed -i 's/\r$//' "$o"
	sed 's/^/    /' "$o" | head -n 20
	if grep -q "^=== REPORT kernel=$kv\$" "$o" && grep -q 'modules-load: success' "$o" && grep -q '^snull ' "$o"; then
		ok "package/$t/modules-load" "snull loaded at boot by systemd-modules-load"
	else
		ko "package/$t/modules-load" "$(head -c 300 "$o" | oneline) (console: $(grep -v '^\s*$' "$wdir/boot-$kv.console" | tail -n 3 | oneline 200))"
	fi
	if grep -q '^mode=pair' "$o" && grep -q '^sn1@sn0 ' "$o"; then
		ok "package/$t/modprobe.d" "mode=pair from /etc/modprobe.d/snull.conf, sn0/sn1 present"
	else
		ko "package/$t/modprobe.d" "mode or devices missing"
	fi
	if grep -q "snull-package-marker $kv" "$o"; then
		ok "package/$t/netconsole" "$(grep -m1 '^received' "$o"); $(grep -m1 'snull-package-marker' "$o" | cut -c1-90)"
	else
		ko "package/$t/netconsole" "marker not received across the pair"
	fi
}
# apt remove, then purge: nothing of snull left
remove_purge() {
	local left
	apt_root remove snull-dkms > "$wdir/remove.log" 2>&1
	left=$(in_root find /lib/modules/ -name 'snull.ko*' 2> /dev/null | oneline)
	if [ -z "$left" ] && [ -f "$root/etc/modprobe.d/snull.conf" ] &&
	   [ -z "$(in_root dkms status snull 2> /dev/null)" ] && [ ! -e "$root/var/lib/dkms/snull" ] &&
	   [ ! -e "$root/usr/src/snull-$ver" ]; then
		ok "package/$rel/remove" "modules gone from every kernel, dkms status empty, /usr/src/snull-$ver gone, conffiles kept"
	else
		ko "package/$rel/remove" "left: $left $(ls -d "$root/var/lib/dkms/snull" "$root/usr/src/snull-$ver" 2> /dev/null); dkms: $(in_root dkms status snull 2> /dev/null)"
	fi
	apt_root purge snull-dkms > "$wdir/purge.log" 2>&1
	left=$(cd "$root" && ls -d etc/modprobe.d/snull.conf etc/modules-load.d/snull.conf "usr/src/snull-$ver" \
		var/lib/dkms/snull usr/share/doc/snull-dkms 2> /dev/null | oneline)
	if [ -z "$left" ] && [ -z "$(in_root dpkg-query -W -f '${Status}' snull-dkms 2> /dev/null | grep -v not-installed)" ]; then
		ok "package/$rel/purge" "conffiles, docs and /usr/src/snull-$ver removed, package unknown to dpkg"
	else
		ko "package/$rel/purge" "leftovers: $left $(in_root dpkg-query -W -f '${Status}' snull-dkms 2> /dev/null)"
	fi
}

# A kernel snull's build fails for (one it was never proven on: simulated
# by the same package with an #error in its compat header, so every file
# fails at once): apt install reports DKMS's error and the make.log, the
# package is configured, not left half-configured, and purges cleanly.
broken_build() {
	local b=$work/$rel/broken rc st
	rm -rf "$b"
	dpkg-deb -R "$deb" "$b" &&
	sed -i '1i #error "simulated: a kernel API snull uses changed"' "$b/usr/src/snull-$ver/include/snull_compat.h" &&
	dpkg-deb -b "$b" "$root/tmp/snull-broken.deb" > /dev/null || {
		ko "package/$rel/failed-build" "could not make the broken package"; return; }
	apt_root install /tmp/snull-broken.deb > "$wdir/broken.log" 2>&1
	rc=$?
	st=$(in_root dpkg-query -W -f '${Status}' snull-dkms 2> /dev/null)
	if [ "$rc" = 0 ] && [ "$st" = "install ok installed" ] &&
	   grep -q "Bad return status for module build" "$wdir/broken.log" &&
	   grep -q "snull-dkms: DKMS could not build snull $ver" "$wdir/broken.log" &&
	   grep -q "/var/lib/dkms/snull/$ver/build/make.log" "$wdir/broken.log"; then
		ok "package/$rel/failed-build" "a build failing on every kernel: apt exit 0, '$st', DKMS's error and the make.log named"
	else
		ko "package/$rel/failed-build" "apt exit $rc, status '$st': $(grep -E 'Error|snull-dkms:|dpkg:' "$wdir/broken.log" | oneline)"
	fi
	apt_root purge snull-dkms > "$wdir/broken-purge.log" 2>&1
	if [ -z "$(in_root dpkg-query -W -f '${Status}' snull-dkms 2> /dev/null | grep -v not-installed)" ] &&
	   [ ! -e "$root/var/lib/dkms/snull" ]; then
		ok "package/$rel/failed-build-purge" "purged, nothing left in DKMS"
	else
		ko "package/$rel/failed-build-purge" "$(tail -n 3 "$wdir/broken-purge.log" | oneline)"
	fi
	rm -f "$root/tmp/snull-broken.deb"
}

# One release, end to end.
release_flow() {
	local kv pre=() post=() all t
	set_release "$1"
	if ! setup_root; then
		ko "package/$rel/root" "$(tail -n 3 "$wdir/apt.log" 2> /dev/null | oneline)"
		return 1
	fi
	step "$rel/root"
	if [ "$rel" = bookworm ]; then
		pre=("$k61") post=("$k612")
	else
		kv=$(resolve_kernel)
		case $rel:$kv in
		trixie:6.12.*+deb13-cloud-amd64 | sid:*-cloud-amd64)
			if in_root apt-cache depends linux-image-cloud-amd64 2> /dev/null | grep -q "Depends: linux-image-$kv\$"; then
				ok "package/$rel/kernel-resolve" "linux-headers-cloud-amd64 and linux-image-cloud-amd64 name $kv"
				pre=("$kv")
			else
				ko "package/$rel/kernel-resolve" "linux-image-cloud-amd64 does not name $kv"
			fi ;;
		*)	ko "package/$rel/kernel-resolve" "linux-headers-cloud-amd64 of $rel names '$kv'" ;;
		esac
		[ "$rel" = trixie ] && [ -n "$krt" ] && post=("$krt")
		[ "$rel" = sid ] && [ -n "$kexp" ] && post=("$kexp")
	fi
	[ ${#pre[@]} -gt 0 ] || return 1
	for kv in "${pre[@]}"; do install_kernel "$kv"; step "$rel/kernel-$kv"; done

	cp "$deb" "$root/tmp/"
	local ok=1
	if apt_root install "/tmp/$(basename "$deb")" > "$wdir/install.log" 2>&1 &&
	   [ "$(in_root dpkg-query -W -f '${Status}' snull-dkms)" = "install ok installed" ]; then
		for kv in "${pre[@]}"; do [ -n "$(modfile "$kv")" ] || ok=0; done
	else
		ok=0
	fi
	if [ $ok = 1 ]; then
		ok "package/$rel/install" "apt install built $(for kv in "${pre[@]}"; do modfile "$kv"; done | oneline)"
	else
		ko "package/$rel/install" "$(grep -E -i 'error|warning: |bad return' "$wdir/install.log" | head -n 4 | oneline 400)"
		in_root sh -c 'cat /var/lib/dkms/snull/*/*/*/log/make.log /var/lib/dkms/snull/*/build/make.log' 2> /dev/null |
			grep -E -m 8 'error|Error' | sed 's/^/    make.log: /'
	fi
	check_dkms_origin
	step "$rel/install"
	for kv in "${post[@]}"; do
		# experimental's packages only when asked for
		local tgt=()
		[ "$rel" = sid ] && tgt=(-t experimental)
		if apt_root "${tgt[@]}" install "linux-image-$kv" "linux-headers-$kv" > "$wdir/newkernel.log" 2>&1 &&
		   [ -n "$(modfile "$kv")" ]; then
			ok "package/$rel/new-kernel-rebuild" "DKMS built $(modfile "$kv") unasked"
		else
			ko "package/$rel/new-kernel-rebuild" "$(grep -i -m3 'dkms\|error' "$wdir/newkernel.log" | oneline)"
		fi
		step "$rel/kernel-$kv"
	done
	all=("${pre[@]}" "${post[@]}")
	local st
	st=$(in_root dkms status snull 2> /dev/null)
	echo "$st" | sed 's/^/    dkms status: /'
	ok=1
	for kv in "${all[@]}"; do echo "$st" | grep -q "$kv.*: installed" || ok=0; done
	if [ $ok = 1 ]; then
		ok "package/$rel/dkms-status" "installed for ${all[*]}"
	else
		ko "package/$rel/dkms-status" "$(echo "$st" | oneline)"
	fi
	for kv in "${all[@]}"; do check_compiler "$kv"; done

	install_report
	umount_root
	for kv in "${all[@]}"; do boot_test "$kv"; step "$rel/boot-$kv"; done

	mount_root
	remove_purge
	case $rel in bookworm|trixie) broken_build ;; esac
	apt_root autoclean > /dev/null 2>&1
	umount_root
	step "$rel/remove-purge"
}

# In the background: trixie's lintian on the .changes built above, and the
# source built with trixie's debhelper and dh-dkms, linted the same way.
# Results go to $work/lint.results, printed at the end.
lint_job() {
	set_release trixie "$work/trixie-lint/root" "$cache/trixie/archives-lint"
	local out=$work/lint.results t=$SECONDS ch
	: > "$out"
	res() { echo "$*" >> "$out"; }
	lintian_in_root() {  # .changes in the root -> lines E:/W:/I:/P:/N: in $2
		in_root lintian --pedantic -I -E --tag-display-limit 0 "$1" > "$2" 2>&1 &&
			! grep -E '^[EW]: ' "$2" > /dev/null
	}
	if ! setup_root || ! apt_root install lintian debhelper dh-dkms build-essential > "$wdir/lint-apt.log" 2>&1; then
		res "FAIL trixie/lintian could not install lintian: $(tail -n 3 "$wdir/lint-apt.log" "$wdir/apt.log" 2> /dev/null | oneline)"
		umount_root; return
	fi
	local lv dv
	lv=$(in_root dpkg-query -W -f '${Version}' lintian)
	dv="debhelper $(in_root dpkg-query -W -f '${Version}' debhelper), dh-dkms $(in_root dpkg-query -W -f '${Version}' dh-dkms)"
	cp -a "$work/lint-input" "$root/tmp/bookworm"
	if lintian_in_root "/tmp/bookworm/$(cd "$work/lint-input" && ls ./*.changes)" "$wdir/lintian-bookworm-deb.log"; then
		res "PASS trixie/lintian lintian $lv on the .changes/.deb of make deb: no errors, no warnings ($(grep -c "^[A-Z]: " "$wdir/lintian-bookworm-deb.log") info/pedantic tags)"
	else
		res "FAIL trixie/lintian lintian $lv: $(grep -E '^[EW]: ' "$wdir/lintian-bookworm-deb.log" | oneline 400) $(tail -n 2 "$wdir/lintian-bookworm-deb.log" | oneline 200)"
	fi
	sed 's/^/    trixie lintian: /' "$wdir/lintian-bookworm-deb.log" >> "$out"
	mkdir -p "$root/tmp/src"
	mv "$root/tmp/bookworm/snull" "$root/tmp/src/"
	if in_root sh -c 'cd /tmp/src/snull && dpkg-buildpackage -us -uc -b' > "$wdir/build.log" 2>&1 &&
	   ch=$(cd "$root" && ls tmp/src/snull_*.changes) &&
	   lintian_in_root "/$ch" "$wdir/lintian-trixie-deb.log"; then
		res "PASS trixie/build dpkg-buildpackage with trixie's $dv: $(dpkg-deb -f "$root"/tmp/src/snull-dkms_*.deb Depends), lintian $lv: no errors, no warnings"
	else
		res "FAIL trixie/build $(grep -E '^[EW]: |error' "$wdir/build.log" "$wdir/lintian-trixie-deb.log" 2> /dev/null | oneline 400)"
	fi
	sed 's/^/    trixie lintian (trixie build): /' "$wdir/lintian-trixie-deb.log" >> "$out" 2> /dev/null
	umount_root
	res "TIME trixie/lintian $((SECONDS - t)) s"
}

# 1. the package
if scripts/deb.sh > "$work/deb.log" 2>&1; then
	ok package/deb "$(grep -m1 'deb: lintian' "$work/deb.log" | sed 's/^deb: lintian/bookworm lintian/')"
else
	ko package/deb "$(tail -n 3 "$work/deb.log" | oneline)"; summary package; exit 1
fi
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
if echo "$contents" | grep -q "usr/src/snull-$ver/src/snull_main.c" &&
   echo "$contents" | grep -q "usr/src/snull-$ver/dkms.conf" &&
   echo "$contents" | grep -q "etc/modules-load.d/snull.conf" &&
   ! echo "$contents" | grep -Eq '\.(o|ko|cmd|mod)$|Module.symvers|/test/|/debian/'; then
	ok package/contents "$(echo "$contents" | grep -c 'usr/src/.*[^/]$') source files, conffiles: $(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | oneline)"
else
	ko package/contents "unexpected file list"
fi
gcc -O2 -static -o "$work/sntool" test/guest/sntool*.c test/guest/guest.c
step deb

# 2. the debootstrap bases, cached as tarballs (the old single bookworm
# cache moves to pkgtest/bookworm)
if [ -f "$cache/base.tar" ] && [ ! -e "$cache/bookworm" ]; then
	mkdir -p "$cache/bookworm"
	mv "$cache/base.tar" "$cache/bookworm/base.tar"
	[ -d "$cache/archives" ] && mv "$cache/archives" "$cache/bookworm/archives"
fi
need=()
for r in "${releases[@]}"; do
	set_release "$r"; base_fresh || need+=("$r")
done
if [ ${#need[@]} -gt 0 ]; then
	for r in "${need[@]}"; do (set_release "$r"; make_base) & done
	wait
	for r in "${need[@]}"; do
		set_release "$r"
		if base_fresh; then
			ok "package/$r/debootstrap" "$(grep -c '^I: Validating ' "$work/$r/debootstrap.log") packages, $(du -sh "$cache/$r/base.tar" | cut -f1) base cached"
		else
			ko "package/$r/debootstrap" "$(tail -n 2 "$work/$r/debootstrap.log" | oneline)"
		fi
	done
	step debootstrap
fi
for r in "${releases[@]}"; do
	if [ "$r" = trixie ] && [ -f "$cache/trixie/base.tar" ]; then
		# what make deb built, before anything else rebuilds build/deb
		rm -rf "$work/lint-input"; mkdir -p "$work/lint-input"
		cp -a build/deb/*.changes build/deb/*.deb build/deb/*.buildinfo build/deb/snull "$work/lint-input/"
		set -m
		lint_job < /dev/null > "$work/lint.job.log" 2>&1 &
		lintpid=$!
		set +m
	fi
done

# The releases side by side, each in its own root; their lines are printed
# (and counted) release by release once all are done.  Their systemd
# boots may overlap (three guests: each boot took 80-100 s instead of
# 40-60; with eight guests of make check's VM phases beside it, trixie's
# systemd-modules-load timed out, so make check runs this after them).
flows=()
for r in "${releases[@]}"; do
	[ -f "$cache/$r/base.tar" ] || continue
	( t0=$(date +%s); release_flow "$r" ) < /dev/null > "$work/$r.flow" 2>&1 &
	flows+=("$r:$!")
done
for f in "${flows[@]}"; do
	wait "${f#*:}"
	while IFS= read -r line; do
		case $line in
		"PASS package/"*) pass=$((pass + 1)) ;;
		"FAIL package/"*) fail=$((fail + 1)); failed+=("${line#FAIL }") ;;
		esac
		echo "$line"
	done < "$work/${f%%:*}.flow"
done

if [ -n "$lintpid" ]; then
	wait "$lintpid"
	lintpid=
	step trixie/lintian-wait
	while IFS= read -r line; do
		rest=${line#* }
		case $line in
		PASS\ *) ok "package/${rest%% *}" "${rest#* }" ;;
		FAIL\ *) ko "package/${rest%% *}" "${rest#* }" ;;
		*) echo "$line" ;;
		esac
	done < "$work/lint.results"
	[ -s "$work/lint.results" ] || ko package/trixie/lintian "no result: $(tail -n 3 "$work/lint.job.log" | oneline)"
fi
summary package
