# SPDX-License-Identifier: GPL-2.0
# BASH_ENV of the kernel's netconsole selftests in the guest
# (test/vm/kselftest.sh): bash reads this file before it runs a script.
#
# The scripts are run unmodified from the unpacked source package; each
# starts with "source .../lib/sh/lib_netcons.sh" and then calls the
# library's helpers.  To swap the netdevsim device helpers for snull ones
# after the library has defined them and before the script uses them, a
# DEBUG trap watches the top-level commands: the first one that runs once
# lib_netcons.sh has defined do_cleanup (its last device helper: the
# library only defines functions after it) sources netcons-override.bash,
# once (bash restores a DEBUG trap that its own handler removes, so the
# handler just returns after that).  The script's own later definitions (e.g.
# netcons_resume.sh's cleanup) still win, as upstream.  Commands inside
# functions never fire the trap (no functrace).
#
# KSFT_XTRACE=FILE: an xtrace of the whole script goes to FILE (not to its
# output), so that a failure can be told without changing the script.
if [ -n "${KSFT_XTRACE:-}" ]; then
	exec {__snull_xfd}>> "$KSFT_XTRACE"
	BASH_XTRACEFD=$__snull_xfd
	set -x
fi

__snull_ksft_done=
__snull_ksft_hook() {
	[ -z "$__snull_ksft_done" ] || return 0
	declare -F do_cleanup > /dev/null || return 0
	__snull_ksft_done=1
	# shellcheck source=netcons-override.bash
	source "${KSFT_OVERRIDE:-/snull/kselftest/netcons-override.bash}"
}
trap __snull_ksft_hook DEBUG
