#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Guest frames for the services test, sent on a raw socket of a VM.

  svc_send.py dhcp-flood IFACE COUNT
      COUNT DHCPDISCOVERs from IFACE's MAC, as fast as they go.
  svc_send.py fuzz IFACE COUNT SEED SERVER_IP SERVER_MAC
      COUNT frames that reach ovxd's parsers: valid DHCP and DNS requests,
      then truncated, with random bytes flipped or random lengths, inside
      well-formed Ethernet/IPv4/UDP headers (the kernel hands up by port,
      it does not look further).  Prints how many were sent.
"""
import random
import socket
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def udp4(src_mac, dst_mac, src, dst, sport, dport, payload):
    ulen = 8 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 0, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    pseudo = ip[12:20] + struct.pack("!BBH", 0, 17, ulen)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
    c = csum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    return dst_mac + src_mac + b"\x08\x00" + ip + udp


def discover(mac, xid):
    msg = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0,
                      0x8000, b"\0" * 4, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                      mac + b"\0" * 10, b"", b"")
    return msg + b"\x63\x82\x53\x63" + b"\x35\x01\x01" + \
        b"\x37\x03\x01\x03\x06" + b"\xff"


def query(qid, name, qtype=1):
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack("!HH", qtype, 1)


def mac_of(iface):
    with open("/sys/class/net/%s/address" % iface) as f:
        return bytes(int(x, 16) for x in f.read().strip().split(":"))


def mutate(rng, msg):
    kind = rng.randrange(4)
    if kind == 0:
        return msg[:rng.randrange(len(msg))]
    if kind == 1:
        b = bytearray(msg)
        for _ in range(rng.randrange(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 2:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 600)))
    # A name of pointers that loop, or a long option run.
    if rng.randrange(2):
        return struct.pack("!HHHHHH", 7, 0x0100, 1, 0, 0, 0) + \
            b"\xc0\x0c" * rng.randrange(1, 40)
    return msg[:240] + bytes([rng.randrange(256), 255]) * 40


def main():
    cmd, iface = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3])
    mac = mac_of(iface)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    bcast = b"\xff" * 6
    if cmd == "dhcp-flood":
        for i in range(count):
            s.send(udp4(mac, bcast, "0.0.0.0", "255.255.255.255", 68, 67,
                        discover(mac, i + 1)))
        print(count)
        return 0
    if cmd == "fuzz":
        rng = random.Random(int(sys.argv[4]))
        server = sys.argv[5]
        smac = bytes(int(x, 16) for x in sys.argv[6].split(":"))
        sent = 0
        for i in range(count):
            if i % 2:
                msg = mutate(rng, discover(mac, i))
                frame = udp4(mac, bcast, "0.0.0.0", "255.255.255.255", 68,
                             67, msg)
            else:
                msg = mutate(rng, query(i & 0xFFFF, "web%d.blue.internal" % i))
                frame = udp4(mac, smac, "10.1.0.11", server, 40000 + i % 1000,
                             53, msg)
            try:
                s.send(frame)
                sent += 1
            except OSError:
                pass
        print(sent)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
