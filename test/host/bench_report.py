#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the BENCH lines of each kernel's guest log into results.csv,
results.md (median, min-max, ratio to the in-kernel peer) and a gnuplot PNG
of packets/s against frame size.  Exit 1 if a run produced no data."""
import csv
import datetime
import os
import statistics
import subprocess
import sys

outdir, mode, kvers = sys.argv[1], sys.argv[2], sys.argv[3:]
rows, ok = [], True
for kv in kvers:
    path = os.path.join(outdir, "raw-%s.txt" % kv)
    text = open(path, errors="replace").read() if os.path.exists(path) else ""
    if "BENCH-DONE" not in text:
        print("bench: %s: guest did not finish" % kv)
        ok = False
    for line in text.splitlines():
        if line.startswith("BENCH,"):
            _, case, var, x, rep, val = line.split(",", 5)
            try:
                rows.append((kv, case, var, x, int(rep), float(val)))
            except ValueError:
                print("bench: %s: bad value in %r" % (kv, line))
                ok = False

with open(os.path.join(outdir, "results.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["kernel", "case", "variant", "x", "rep", "value"])
    w.writerows(rows)


def series(kv, case, var, x):
    return [r[5] for r in rows if r[:4] == (kv, case, var, str(x))]


def stat(v):
    return (statistics.median(v), min(v), max(v)) if v else None


lines = ["| kernel | case | ours | peer | ratio | ours min–max | peer min–max |",
         "|---|---|---|---|---|---|---|"]


def add(kv, label, ours, peer, unit="", prec=0):
    global ok
    o, p = stat(ours), stat(peer) if peer is not None else None
    if not o:
        ok = False
        return
    if p:
        ratio = "%.2f" % (o[0] / p[0]) if p[0] else "-"
        v = "%%.%df" % prec
        lines.append(("| %s | %s | " + v + "%s | " + v + "%s | %s | " + v + "–" + v + " | " + v + "–" + v + " |") % (
            kv, label, o[0], unit, p[0], unit, ratio, o[1], o[2], p[1], p[2]))
    else:
        lines.append("| %s | %s | %.1f%s | | | %.1f–%.1f | |" % (kv, label, o[0], unit, o[1], o[2]))


for kv in kvers:
    sizes = sorted({int(r[3]) for r in rows if r[0] == kv and r[1] == "fwd"})
    mc = stat(series(kv, "memcpy", "vm", 0))
    for s in sizes:
        veth = series(kv, "fwd", "veth", s)
        add(kv, "pps %dB pair mode vs veth" % s, series(kv, "fwd", "snull-pair", s), veth)
        add(kv, "pps %dB snull mode vs veth" % s, series(kv, "fwd", "snull-snull", s), veth)
        if mc and s >= 1500:
            pps = stat(series(kv, "fwd", "snull-pair", s))
            if pps:
                lines.append("| %s | %dB pair mode bytes/s as share of memcpy %.0f MB/s | %.1f%% | | | | |" % (
                    kv, s, mc[0], 100.0 * pps[0] * s / (mc[0] * 1e6)))
    for p in sorted({int(r[3]) for r in rows if r[0] == kv and r[1] == "pool"}):
        add(kv, "pps 64B pool_size=%d" % p, series(kv, "pool", "snull-pair", p), None)
    add(kv, "pps 64B NAPI vs regular irq", series(kv, "napi", "use_napi=1", 64),
        series(kv, "napi", "use_napi=0", 64))
    for prefix, link in (("stream", "sn0"), ("vstream", "virtio-net")):
        for size in ("80", "985", "3000"):
            case = prefix + size
            if not series(kv, case, "ours", "rate") and not series(kv, case, "intree", "rate"):
                continue  # not run on this kernel (3000: in-tree userdata is 6.9+)
            what = "%sB" % size if size != "3000" else "~3000B (985 + userdata)"
            add(kv, "log %s over %s records/s ours vs in-tree" % (what, link),
                series(kv, case, "ours", "rate"), series(kv, case, "intree", "rate"))
            add(kv, "log %s over %s received ours vs in-tree" % (what, link),
                series(kv, case, "ours", "received"), series(kv, case, "intree", "received"))
            # received can exceed sent (duplicates): loss is never negative
            add(kv, "log %s over %s lost ours (in-tree)" % (what, link),
                [max(0.0, v) for v in series(kv, case, "ours", "loss")],
                [max(0.0, v) for v in series(kv, case, "intree", "loss")])
    for fn, vfn, what in (("snull_start_xmit", "veth_xmit", "transmit"),
                          ("snull_poll", "process_backlog", "receive loop")):
        o = series(kv, "profile", "snull-pair-" + fn, "ns_per_frame")
        if o:
            add(kv, "ns per 64B frame in %s: %s vs %s (ftrace)" % (what, fn, vfn), o,
                series(kv, "profile", "veth-" + vfn, "ns_per_frame"))
    for case, what in (("tcp1", "TCP 1 stream"), ("tcp4", "TCP 4 streams")):
        for var, mlabel in (("snull-pair", "pair mode"), ("snull-snull", "snull mode")):
            if series(kv, case, var, "mbit"):
                add(kv, "iperf3 %s Mbit/s %s vs veth (goal >= 1.0)" % (what, mlabel),
                    series(kv, case, var, "mbit"), series(kv, case, "veth", "mbit"))
    for var, mlabel in (("snull-pair", "pair mode"), ("snull-snull", "snull mode")):
        if series(kv, "udp1472", var, "pps"):
            add(kv, "iperf3 UDP 1472B datagrams/s %s vs veth" % mlabel,
                series(kv, "udp1472", var, "pps"), series(kv, "udp1472", "veth", "pps"))
            add(kv, "iperf3 UDP 1472B loss %% %s (veth)" % mlabel,
                series(kv, "udp1472", var, "loss_pct"), series(kv, "udp1472", "veth", "loss_pct"), prec=2)
    for case, what in (("xdpdrop", "XDP_DROP"), ("xdptx", "XDP_TX (sent back)")):
        if series(kv, case, "snull-pair", 64):
            add(kv, "%s frames/s, 64B, native vs veth native (goal >= 1.0)" % what,
                series(kv, case, "snull-pair", 64), series(kv, case, "veth", 64))
    if series(kv, "mq2", "snull-pair", 64):
        add(kv, "pps 64B, 2 queues, 2 pktgen threads, pair mode vs veth (goal >= 1.0)",
            series(kv, "mq2", "snull-pair", 64), series(kv, "mq2", "veth", 64))
    for what in ("slab", "percpu", "total"):
        if series(kv, "paircost", "snull", what + "_bytes"):
            add(kv, "bytes per idle pair (%s) ours vs veth" % what,
                series(kv, "paircost", "snull", what + "_bytes"),
                series(kv, "paircost", "veth", what + "_bytes"))
    add(kv, "us per 80B printk: ours vs no target", series(kv, "stream80", "ours", "us_per_rec"),
        series(kv, "stream80", "none", "us_per_rec"))
    add(kv, "us per 80B printk: in-tree vs no target", series(kv, "stream80", "intree", "us_per_rec"),
        series(kv, "stream80", "none", "us_per_rec"))

stamp = datetime.date.today().isoformat()
md = ["# snull benchmarks (%s, mode %s, QEMU TCG 2 vCPUs: compare ratios, not absolute rates)" % (stamp, mode),
      "", "Median of %s repetitions; peer = veth for forwarding, the in-tree netconsole for logging." %
      ("1" if mode == "smoke" else "5"), ""] + lines
open(os.path.join(outdir, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))

# plot: packets/s vs frame size, one line per kernel and mode
dat = os.path.join(outdir, "pps.dat")
with open(dat, "w") as f:
    blocks = []
    for kv in kvers:
        for var in ("snull-pair", "snull-snull", "veth"):
            pts = sorted({int(r[3]) for r in rows if r[0] == kv and r[1] == "fwd" and r[2] == var})
            if not pts:
                continue
            f.write("# %s %s\n" % (kv, var))
            for s in pts:
                f.write("%d %.0f\n" % (s, stat(series(kv, "fwd", var, s))[0]))
            f.write("\n\n")
            blocks.append("%s %s" % (kv.split("-cloud")[0], var))
png = os.path.join(outdir, "pps_vs_size.png")
if blocks:
    plot = ", ".join('"%s" index %d using 1:2 with linespoints title "%s"' % (dat, i, b)
                     for i, b in enumerate(blocks))
    gp = ('set terminal png size 900,560; set output "%s"; set logscale x; '
          'set xlabel "frame size (bytes)"; set ylabel "packets/s at the receiver"; '
          'set title "pktgen into sn0 / ve0 (%s, TCG)"; set key outside; plot %s' % (png, stamp, plot))
    subprocess.run(["gnuplot", "-e", gp], check=False)
print("bench: wrote %s/results.md, results.csv, %s" % (outdir, os.path.basename(png)))
sys.exit(0 if ok else 1)
