#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Crafted VXLAN packets for selftests/tunnel_drops.sh, and with --geneve
crafted Geneve packets for selftests/geneve_drops.sh.

Runs in the underlay neighbour's namespace, which holds 10.0.0.2 (a peer of
network blue, VNI 100), 10.0.0.3 (a peer of red, VNI 200) and 10.0.0.4 (no
peer).  Sends from plain UDP sockets bound to those addresses, to the
switch at 10.0.0.1:4789 (VXLAN) or 10.0.0.1:6081 (Geneve).  One process for
the whole test: it prints "ready", then for each case name read on
standard input sends that case's packets and prints "sent N".
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


def geneve(vni, opts=b'', ver=0, flags=0, proto=0x6558, rsvd=0, opt_len=None):
    """The Geneve header (RFC 8926, 3.4): version and option length (in
    4-byte words, that of OPTS unless given), flags (O 0x80, C 0x40, six
    reserved bits), protocol type, VNI, a reserved byte; then OPTS."""
    if opt_len is None:
        opt_len = len(opts) // 4
    return struct.pack('!BBH3sB', (ver << 6) | opt_len, flags, proto,
                       vni.to_bytes(3, 'big'), rsvd) + opts


def gopt(cls, typ, data=b'', length=None):
    """A Geneve option (RFC 8926, 3.5): class, type (0x80: critical), data
    length in 4-byte words (that of DATA unless given), data."""
    if length is None:
        length = len(data) // 4
    return struct.pack('!HBB', cls, typ, length) + data


def ours(port, length=None):
    """ovx's option: class 0xff58, type 1 (not critical), the port id."""
    return gopt(0xff58, 0x01, struct.pack('!I', port), length)


UNKNOWN = gopt(0x0102, 0x05, bytes(8))          # not critical: skipped
CRIT = gopt(0x0102, 0x85, bytes(4))             # critical: drop
C = 0x40                                        # the critical-options flag

# What geneve_drops.sh expects of each is in its name and there.
GENEVE_CASES = {
    # fewer than 8 bytes of Geneve header
    'short-geneve': [('10.0.0.2', b''), ('10.0.0.2', bytes(4)),
                     ('10.0.0.2', geneve(100)[:7])],
    # whole options, but no (whole) inner Ethernet header
    'short-inner': [('10.0.0.2', geneve(100, ours(5))),
                    ('10.0.0.2', geneve(100, ours(5)) + eth(VM1, src(1))[:13])],
    # opt_len says more than the packet holds
    'opt-len-overruns-packet': [
        ('10.0.0.2', geneve(100, ours(5), opt_len=63) + eth(VM1, src(2))),
        ('10.0.0.2', geneve(100, opt_len=4) + bytes(8))],
    'version': [('10.0.0.2', geneve(100, ours(5), ver=v) + eth(VM1, src(3)))
                for v in (1, 2, 3)],
    'oam': [('10.0.0.2', geneve(100, ours(5), flags=0x80) + eth(VM1, src(4))),
            ('10.0.0.2', geneve(100, flags=0x80) + eth(VM1, src(4)))],
    'not-ethernet': [('10.0.0.2', geneve(100, ours(5), proto=p) + eth(VM1, src(5)))
                     for p in (0x0800, 0x86dd, 0x8100)],
    # an unknown critical option, alone, after ours, after an unknown one;
    # and ovx's class and type with the critical bit
    'critical-option': [
        ('10.0.0.2', geneve(100, CRIT, flags=C) + eth(VM1, src(6))),
        ('10.0.0.2', geneve(100, ours(5) + CRIT, flags=C) + eth(VM1, src(6))),
        ('10.0.0.2', geneve(100, UNKNOWN + CRIT, flags=C) + eth(VM1, src(6))),
        ('10.0.0.2', geneve(100, gopt(0xff58, 0x81, bytes(4)), flags=C) +
         eth(VM1, src(6)))],
    # an option whose data runs past opt_len
    'option-overruns-opt-len': [
        ('10.0.0.2', geneve(100, gopt(0x0102, 0x05, bytes(4), length=4)) +
         eth(VM1, src(7))),
        ('10.0.0.2', geneve(100, ours(5) + gopt(0x0102, 0x05, length=2)) +
         eth(VM1, src(7)))],
    # ovx's option with other than 4 bytes of data
    'ours-bad-length': [('10.0.0.2', geneve(100, gopt(0xff58, 0x01)) + eth(VM1, src(8))),
                        ('10.0.0.2', geneve(100, gopt(0xff58, 0x01, bytes(8))) +
                         eth(VM1, src(8)))],
    # well-formed: one frame each, from the right peer for the VNI
    'good': [('10.0.0.2', geneve(100, ours(7)) + eth(VM1, '02:00:00:bb:00:01'))],
    'unknown-non-critical': [
        ('10.0.0.2', geneve(100, UNKNOWN + ours(9) + gopt(0xffff, 0x7f)) +
         eth(VM1, '02:00:00:bb:00:02'))],
    'unknown-only': [('10.0.0.3', geneve(200, UNKNOWN) + eth(VM2, '02:00:00:bb:00:03'))],
    'no-options': [('10.0.0.2', geneve(100) + eth(VM1, '02:00:00:bb:00:04'))],
    # reserved bits MUST be ignored on receipt (RFC 8926, 3.4)
    'reserved-bits': [('10.0.0.2', geneve(100, ours(11), flags=0x3f, rsvd=0xff) +
                       eth(VM1, '02:00:00:bb:00:05'))],
}


def main():
    global SWITCH, CASES
    if sys.argv[1:] == ['--geneve']:
        SWITCH = ('10.0.0.1', 6081)
        CASES = GENEVE_CASES
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
