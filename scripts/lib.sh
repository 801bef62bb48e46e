# SPDX-License-Identifier: GPL-2.0
# The host scripts' shared helpers; sourced, never run (scripts/*.sh).
#   results: ok NAME [DETAIL], ko NAME [WHY], summary [LABEL]
#   in_root CMD...: CMD in the release root $root (chroot)
#   snull_ktree KVER: where that kernel's tree is (kbuild, ktree, kroot)
snull_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
snull_cache=${SNULL_CACHE:-/var/cache/snull}

# ---- results: "PASS name", "FAIL name: why", and a summary that ends in
# "N passed, N failed" (CI shows the end of the output, so the summary
# repeats each failure with its reason, cut to 300 characters).  The
# script that owns a run's report (make check: build/check.tap) opens it
# with tap_open; every result then goes into it as TAP (version 13, each
# reason a comment line after its test line), and the summary's counts
# are read back from it. ----
pass=0 fail=0
failed=() retried=()
snull_start=$(date +%s)
snull_tap= snull_tapn=0
tap_open() {
	snull_tap=$1 snull_tapn=0
	mkdir -p "$(dirname "$snull_tap")"
	echo "TAP version 13" > "$snull_tap"
}
# tap_line ok|"not ok" NAME [WHY]
tap_line() {
	[ -n "$snull_tap" ] || return 0
	snull_tapn=$((snull_tapn + 1))
	echo "$1 $snull_tapn - $2" >> "$snull_tap"
	if [ -n "${3:-}" ]; then echo "$3" | sed 's/^/# /' >> "$snull_tap"; fi
}
ok() { pass=$((pass + 1)); echo "PASS $1${2:+: $2}"; tap_line ok "$1" "${2:-}"; }
# a pass not shown (the unit tests': their binary printed them already)
ok_quiet() { pass=$((pass + 1)); tap_line ok "$1"; }
ko() {
	local m="$1${2:+: $2}"
	fail=$((fail + 1)); failed+=("${m:0:300}"); echo "FAIL $m"
	tap_line "not ok" "$1" "${2:-}"
}
# summary [LABEL]: the failures and retries again, then the counts (after
# "LABEL: " when given; from the TAP report when there is one); its status
# is the run's
summary() {
	local f tp tf
	echo "== ${1:+$1 }summary ($(( $(date +%s) - snull_start )) s)"
	for f in "${failed[@]}"; do echo "  failed: $f"; done
	for f in "${retried[@]}"; do echo "  retried: $f"; done
	if [ -n "$snull_tap" ]; then
		echo "1..$snull_tapn" >> "$snull_tap"
		tp=$(grep -c '^ok ' "$snull_tap") tf=$(grep -c '^not ok ' "$snull_tap")
		echo "  report: $snull_tap (TAP, $snull_tapn tests)"
		# a result counted past the report is the harness's bug
		if [ "$tp" != "$pass" ] || [ "$tf" != "$fail" ]; then
			echo "  failed: the report counts $tp passed, $tf failed; the run $pass, $fail"
			tf=$((tf + 1))
		fi
		pass=$tp fail=$tf
	fi
	echo "${1:+$1: }$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# relay [NOTE]: a lane's output on stdin (check-package, check-debug,
# kselftest): its PASS and FAIL lines become results here (NOTE after each
# failure's reason), RETRY lines are noted, TIME and anything else shown
relay() {
	local st name rest
	while read -r st name rest; do
		case $st in
		PASS) ok "${name%:}" "$rest" ;;
		FAIL) ko "${name%:}" "$rest${1:+ $1}" ;;
		RETRY) retried+=("$name $rest"); echo "RETRY $name $rest" ;;
		TIME) echo "    time $name $rest" ;;
		*) echo "    $st $name $rest" ;;
		esac
	done
}

# ---- a guest's results (scripts/vmrun.sh: DIR/out.log, DIR/console.log) ----
# vm_ktap DIR: the guest's KTAP result lines (test/vm/lib.sh) as
# "ok|not ok<TAB>NAME<TAB>DIRECTIVE/WHY"
vm_ktap() {
	tr -d '\r' < "$1/out.log" |
		sed -nE 's/^(ok|not ok) [0-9]+ ([^#]*[^# ])( # (.*))?$/\1\t\2\t\4/p'
}
# vm_out DIR [N]: what the guest printed (at most N lines), without its
# results (the host reports them) and the harness's markers
vm_out() {
	tr -d '\r' < "$1/out.log" | grep -Ev '^(SNULL-|KTAP version |(not )?ok [0-9]+ )' |
		sed 's/^/    /' | grep -Ev '^    +ok: ' | head -n "${2:-400}"
}
# vm_results LABEL DIR: each KTAP result as the result LABEL/<test> (a
# skip counts as not passed: every test of a lane is meant to run), and
# LABEL/completed: whether the guest finished, and if not, why, from its
# last words and its console's
vm_results() {
	local label=$1 d=$2 st t why last
	while IFS=$'\t' read -r st t why; do
		case $st:$why in
		ok:SKIP*) ko "$label/$t" "$why" ;;
		ok:*) ok "$label/$t" ;;
		*) ko "$label/$t" "$why" ;;
		esac
	done < <(vm_ktap "$d")
	if grep -q SNULL-GUEST-DONE "$d/out.log"; then
		ok "$label/completed"
		return 0
	fi
	last=$(vm_out "$d" 100000 | tail -n 1 | cut -c5-104)
	ko "$label/completed" "guest did not finish$([ -f "$d/stalled" ] && echo ", $(cat "$d/stalled")"); last output: '${last:-none}'; console ends: $(tail -n 3 "$d/console.log" | cut -c1-100 | tr '\n' '|') (see $d/console.log)"
	tail -n 30 "$d/console.log" | sed 's/^/    console: /'
}

# ---- release roots (scripts/mkroot.sh) ----
in_root() {
	(cd / && chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@")
}

# snull_ktree KVER: sets kbuild (the tree's path as make -C takes it: inside
# kroot when that is set), ktree (the same tree's path on this host) and
# kroot (the release root it lives in, empty for this host's own).  The
# debug kernel of scripts/debug-kernel.sh first, then /lib/modules, then
# the roots (whose /lib/modules/KVER/build links are relative).  Status 1
# when no tree is found.
snull_ktree() {
	local kv=$1 r
	kroot= kbuild=/lib/modules/$kv/build ktree=
	if [ -f "$snull_cache/debug/kver" ] && [ "$(cat "$snull_cache/debug/kver")" = "$kv" ]; then
		kbuild=$snull_cache/debug/tree ktree=$kbuild
		return 0
	fi
	if [ -d "$kbuild" ]; then
		ktree=$kbuild
		return 0
	fi
	for r in "$snull_cache"/roots/*/; do
		r=${r%/}
		if [ -d "$r/lib/modules/$kv/build" ]; then
			kroot=$r ktree=$r/lib/modules/$kv/build
		fi
	done
	[ -n "$ktree" ]
}
