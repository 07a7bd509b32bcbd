#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Frames for selftests/fdb_hardening.sh.

    fdb_send.py vxlan SRCADDR VNI MAC [COUNT]
        COUNT (1) VXLAN packets from SRCADDR to the switch at 10.0.0.1:4789,
        each an Ethernet frame with source MAC (to a unicast nobody has).
    fdb_send.py flood IFNAME BASE COUNT DST
        COUNT frames out of IFNAME (a raw socket) from COUNT distinct
        sources BASE:00:00 onwards (BASE is 4 octets), to DST.
    fdb_send.py vxlan-flood SRCADDR VNI BASE COUNT
        the same sources, in VXLAN packets from SRCADDR.
    fdb_send.py refresh IFNAME MAC
        one frame from MAC out of IFNAME every 100 ms until killed.
"""

import socket
import struct
import sys
import time

SWITCH = ('10.0.0.1', 4789)
NOBODY = '02:00:00:ff:ff:01'


def mac(text):
    return bytes.fromhex(text.replace(':', ''))


def eth(dst, src):
    """A minimal frame with a local experimental EtherType."""
    return mac(dst) + mac(src) + b'\x88\xb5' + bytes(46)


def vxlan(vni):
    return struct.pack('!B3sI', 0x08, b'\0\0\0', vni << 8)


def sources(base, count):
    for i in range(count):
        yield f'{base}:{i >> 8:02x}:{i & 0xff:02x}'


def udp_from(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 0))
    return s


def raw_on(ifname):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    return s


def main(argv):
    cmd = argv[1]
    if cmd == 'vxlan':
        s = udp_from(argv[2])
        for _ in range(int(argv[5]) if len(argv) > 5 else 1):
            s.sendto(vxlan(int(argv[3])) + eth(NOBODY, argv[4]), SWITCH)
    elif cmd == 'vxlan-flood':
        s = udp_from(argv[2])
        for src in sources(argv[4], int(argv[5])):
            s.sendto(vxlan(int(argv[3])) + eth(NOBODY, src), SWITCH)
    elif cmd == 'flood':
        s = raw_on(argv[2])
        for src in sources(argv[3], int(argv[4])):
            s.send(eth(argv[5], src))
    elif cmd == 'refresh':
        s = raw_on(argv[2])
        print('ready', flush=True)
        while True:
            s.send(eth(NOBODY, argv[3]))
            time.sleep(0.1)
    else:
        sys.exit(f'unknown command {cmd}')


if __name__ == '__main__':
    main(sys.argv)
