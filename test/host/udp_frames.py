#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Listen on 127.0.0.1:PORT where QEMU's -netdev socket,udp= delivers each
guest Ethernet frame as one datagram; print the UDP payloads sent to
DPORT (the netconsole stream), one per line, until IDLE seconds pass."""
import socket
import struct
import sys

port, dport, idle, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
s.settimeout(idle)
with open(out, "wb") as f:
    while True:
        try:
            frame = s.recv(65536)
        except socket.timeout:
            break
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
        f.flush()
