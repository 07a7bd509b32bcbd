#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Crafted VXLAN packets for selftests/tunnel_drops.sh.

Runs in the underlay neighbour's namespace, which holds 10.0.0.2 (a peer of
network blue, VNI 100), 10.0.0.3 (a peer of red, VNI 200) and 10.0.0.4 (no
peer).  Sends from plain UDP sockets bound to those addresses, to the
switch at 10.0.0.1:4789.  One process for the whole test: it prints
"ready", then for each case name read on standard input sends that case's
packets and prints "sent N".
"""

import socket
import struct
import sys

SWITCH = ('10.0.0.1', 4789)
VM1 = '02:00:00:00:01:01'       # behind port vm1p, in blue
VM2 = '02:00:00:00:02:01'       # behind port vm2p, in red


def mac(text):
    return bytes.fromhex(text.replace(':', ''))


def src(n):
    """A valid unicast source address of its own for each case, so that a
    frame that got through would show up in the FDB."""
    return f'02:00:00:aa:00:{n:02x}'


def eth(dst, source, size=46):
    """An Ethernet frame with a local experimental EtherType."""
    return mac(dst) + mac(source) + b'\x88\xb5' + bytes(size)


def vxlan(vni, flags=0x08, reserved=b'\0\0\0', last=0):
    """The 8-byte VXLAN header: flags, 24 reserved bits, VNI, 8 reserved bits."""
    return struct.pack('!B3sI', flags, reserved, (vni << 8) | last)


# case: [(source address, UDP payload), ...]
CASES = {
    # fewer than 8 bytes of VXLAN header
    'short-vxlan': [('10.0.0.2', b''), ('10.0.0.2', b'\x08\0\0\0'),
                    ('10.0.0.2', vxlan(100)[:7])],
    # a whole VXLAN header, but no (whole) inner Ethernet header
    'short-inner': [('10.0.0.2', vxlan(100)),
                    ('10.0.0.2', vxlan(100) + eth(VM1, src(1))[:13])],
    'no-i-flag': [('10.0.0.2', vxlan(100, flags=0x00) + eth(VM1, src(2)))] * 3,
    'extra-flags': [('10.0.0.2', vxlan(100, flags=0x88) + eth(VM1, src(3))),
                    ('10.0.0.2', vxlan(100, flags=0x0c) + eth(VM1, src(3))),
                    ('10.0.0.2', vxlan(100, flags=0x09) + eth(VM1, src(3)))],
    'reserved-flag-bits': [('10.0.0.2', vxlan(100, reserved=b'\0\0\x01') + eth(VM1, src(4))),
                           ('10.0.0.2', vxlan(100, reserved=b'\x80\0\0') + eth(VM1, src(4)))],
    'reserved-vni-byte': [('10.0.0.2', vxlan(100, last=1) + eth(VM1, src(5)))] * 3,
    'unknown-vni': [('10.0.0.2', vxlan(999) + eth(VM1, src(6)))] * 3,
    'not-a-peer': [('10.0.0.4', vxlan(100) + eth(VM1, src(7)))] * 3,
    # 10.0.0.3 is a peer of red only: blue must not take its packets
    'peer-of-other-net': [('10.0.0.3', vxlan(100) + eth(VM1, src(8))),
                          ('10.0.0.3', vxlan(100) + eth('ff:ff:ff:ff:ff:ff', src(8))),
                          ('10.0.0.3', vxlan(100) + eth(VM2, src(8)))],
    'multicast-inner-source': [('10.0.0.2', vxlan(100) + eth(VM1, '01:00:5e:00:00:01')),
                               ('10.0.0.2', vxlan(100) + eth(VM1, '33:33:00:00:00:01')),
                               ('10.0.0.2', vxlan(100) + eth(VM1, 'ff:ff:ff:ff:ff:ff'))],
    'zero-inner-source': [('10.0.0.2', vxlan(100) + eth(VM1, '00:00:00:00:00:00'))] * 3,
    # well-formed: one frame each, from the right peer for the VNI
    'good-blue': [('10.0.0.2', vxlan(100) + eth(VM1, '02:00:00:bb:00:01'))],
    'good-red': [('10.0.0.3', vxlan(200) + eth(VM2, '02:00:00:bb:00:02'))],
}


def main():
    socks = {}
    for addr in ('10.0.0.2', '10.0.0.3', '10.0.0.4'):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((addr, 0))
        socks[addr] = s
    print('ready', flush=True)
    for line in sys.stdin:
        case = line.strip()
        if case not in CASES:
            print(f'unknown case {case}', flush=True)
            continue
        for addr, payload in CASES[case]:
            socks[addr].sendto(payload, SWITCH)
        print(f'sent {len(CASES[case])}', flush=True)


if __name__ == '__main__':
    main()
