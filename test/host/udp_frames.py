#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Listen on 127.0.0.1:PORT where QEMU's -netdev socket,udp= delivers each
guest Ethernet frame as one datagram; write the UDP payloads sent to
DPORT (the netconsole stream), one per line, to OUT until IDLE seconds
pass, or, after SIGUSR1 (the guest has exited), until one quiet second.
Frames this host dropped before the listener read them (a full socket
buffer) are counted with SO_RXQ_OVFL and written to OUT.hostdrops, so a
lost line is never blamed on the guest when it was lost here."""
import signal
import socket
import struct
import sys

SO_RXQ_OVFL = getattr(socket, "SO_RXQ_OVFL", 40)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)
RCVBUF = 64 << 20

port, dport, idle, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    # root: past net.core.rmem_max, so a flood from the guest fits
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, RCVBUF)
except OSError:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF)
s.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
s.bind(("127.0.0.1", port))
s.settimeout(0.5)
stop = []
signal.signal(signal.SIGUSR1, lambda *_: stop.append(1))
drops = 0
quiet = 0.0
with open(out, "wb") as f:
    while True:
        try:
            frame, anc, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(4))
        except socket.timeout:
            quiet += 0.5
            if quiet >= (1.0 if stop else idle):
                break
            continue
        quiet = 0.0
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == SO_RXQ_OVFL and len(data) >= 4:
                drops = struct.unpack("=I", data[:4])[0]
        if len(frame) < 42 or frame[12:14] != b"\x08\x00":
            continue
        ihl = (frame[14] & 15) * 4
        if frame[23] != 17:
            continue
        udp = 14 + ihl
        if struct.unpack("!H", frame[udp + 2:udp + 4])[0] != dport:
            continue
        ulen = struct.unpack("!H", frame[udp + 4:udp + 6])[0]
        f.write(frame[udp + 8:udp + ulen])
with open(out + ".hostdrops", "w") as f:
    f.write("%d\n" % drops)
