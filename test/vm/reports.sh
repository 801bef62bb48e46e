# SPDX-License-Identifier: GPL-2.0
# Sourced by lib.sh in the guests and by scripts/check-debug.sh on the host.
#
# not_intree FILE OUT: FILE (a kernel log) without the reports that belong
# to the in-tree netconsole alone -- a report whose call trace runs through
# [netconsole] and never through [snull] (on PREEMPT_RT, its printer thread
# has netpoll queue a frame with IRQs off, taking a spinlock_t) -- on
# stdout; the first line of each such report is appended to OUT.  A report
# runs from its BUG:/WARNING:/INFO: line (or the "cut here" line before
# it) to the end of its trace.
not_intree() {
	awk -v out="$2" '
	function flush(   i) {
		if (!n)
			return
		if (intree && !ours)
			print head >> out
		else
			for (i = 1; i <= n; i++)
				print buf[i]
		n = 0; intree = 0; ours = 0; head = ""
	}
	/------------\[ cut here \]|(BUG|WARNING|INFO): / {
		if (n && head != "")
			flush()
	}
	/------------\[ cut here \]|(BUG|WARNING|INFO): / || n {
		buf[++n] = $0
		if (head == "" && $0 ~ /(BUG|WARNING|INFO): /)
			head = $0
		if ($0 ~ /\[netconsole\]/)
			intree = 1
		if ($0 ~ /\[snull\]/)
			ours = 1
		if ($0 ~ /<\/TASK>|---\[ end trace/ || n >= 300)
			flush()
		next
	}
	{ print }
	END { flush() }
	' "$1"
}
