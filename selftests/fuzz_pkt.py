#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Packet fuzzer for fuzz_pkt.sh: malformed and random frames from a guest
port, malformed and random VXLAN and Geneve packets from the underlay, and
the accounting of every one of them in ovx's counters.

    fuzz_pkt.py --vms NS --hv NS --und NS [--frames N] [--seconds S] [--seed S]

One process, which opens its sockets in the test's namespaces (setns) and
reads counters with "ovx -n HV -s -j" and "ip -n NS -s -j link" between
phases; fuzz_pkt.sh builds the topology drawn there.

Phase "guest": AF_PACKET frames from vms/a1 into port a1p of network blue
(Ethernet, VLAN and QinQ, ARP, IPv4 with options, IPv6 with extension
headers, random EtherTypes; cut anywhere; up to the port's MTU).  Each
frame's fate follows from its addresses: a multicast or zero source is a
counted drop; a destination that is a static FDB entry goes to that port
or peer; anything else is flooded to a2p and to the peer 10.0.0.2.
Checked: the port counted each frame in, the drops are counted by reason,
each copy reached its target or was counted as dropped on the way, and
nothing reached red, green, or their peers.

Phase "underlay": UDP packets from und (10.0.0.2, .3, .4) to ovx0 (VXLAN,
10.0.0.1) and ovx1 (Geneve, 10.0.0.5): random flags, reserved bits,
option lengths and options, VNIs, outer sources; the inner frame from the
same generator, its source address a marker (02:bb:switch:vni:source:nn)
of what the packet was sent as.  Checked: each switch counted every packet
as received or dropped by reason, the networks' and peers' counters add
up, and every frame that came out of a port carries the marker of a
packet its network may accept (its switch, VNI and peer).

Prints KTAP and "# " figures; exits 0 when it ran to its end.
"""

import argparse
import ctypes
import json
import os
import random
import select
import socket
import struct
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_STATISTICS = 6
PACKET_IGNORE_OUTGOING = 23
SO_RCVBUFFORCE = 33

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OVX = os.environ.get('OVX', os.path.join(TOP, 'cli', 'ovx'))

BCAST = b'\xff' * 6
D_PORT = bytes.fromhex('020000dd0001')    # static FDB entry of blue -> a2p
D_PEER = bytes.fromhex('020000dd0002')    # static FDB entry of blue -> 10.0.0.2
MTU = 1500

libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), f'setns {path}')
    finally:
        os.close(fd)


class InNs:
    """with InNs(name): sockets made inside belong to /run/netns/name."""

    home = None

    def __init__(self, ns):
        self.ns = ns
        if InNs.home is None:
            InNs.home = os.open('/proc/self/ns/net', os.O_RDONLY)

    def __enter__(self):
        setns(f'/run/netns/{self.ns}')

    def __exit__(self, *exc):
        if libc.setns(InNs.home, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), 'setns back')


def run_json(*cmd):
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


# --- frames ----------------------------------------------------------------------

class Gen:
    def __init__(self, rnd):
        self.r = rnd
        # A pool of random bytes to slice from: os.urandom per frame is slow.
        self.noise = bytearray(os.urandom(1 << 16))

    def rb(self, n):
        if n <= 0:
            return b''
        o = self.r.randrange(0, len(self.noise) - n) if n < len(self.noise) else 0
        return bytes(self.noise[o:o + n])

    def ipv4(self, room):
        r = self.r
        opts = b''
        x = r.random()
        if x < 0.3:
            # NOPs, EOL, record route, timestamp, router alert, random.
            parts = []
            for _ in range(r.randrange(1, 6)):
                k = r.randrange(6)
                if k == 0:
                    parts.append(b'\x01')
                elif k == 1:
                    parts.append(b'\x00')
                elif k == 2:
                    ln = r.choice([3, 7, 11, 39, 2, 0, 1])
                    parts.append(bytes([7, ln, 4]) + self.rb(max(0, ln - 3)))
                elif k == 3:
                    parts.append(b'\x94\x04\x00\x00')
                elif k == 4:
                    ln = r.randrange(0, 12)
                    parts.append(bytes([0x44, ln, 5, 0]) + self.rb(max(0, ln - 4)))
                else:
                    parts.append(self.rb(r.randrange(1, 8)))
            opts = b''.join(parts)[:40]
            opts += b'\0' * (-len(opts) % 4)
        ihl = 5 + len(opts) // 4
        if r.random() < 0.05:
            ihl = r.randrange(16)
        proto = r.choice([1, 6, 17, 47, 58, 4, 41, 50, 132, r.randrange(256)])
        l4 = self.l4(proto, room - 20 - len(opts))
        tot = 20 + len(opts) + len(l4)
        if r.random() < 0.1:
            tot = r.randrange(0, 65536)
        frag = 0
        if r.random() < 0.5:
            frag |= 0x4000      # DF
        if r.random() < 0.1:
            frag |= r.choice([0x2000, r.randrange(1, 0x2000)])
        ver = 4 if r.random() < 0.97 else r.randrange(16)
        hdr = struct.pack('!BBHHHBBH4s4s', (ver << 4) | (ihl & 15), r.randrange(256), tot,
                          r.randrange(65536), frag, r.choice([1, 64, 255, 0]), proto,
                          r.randrange(65536), self.addr4(), self.addr4())
        return 0x0800, hdr + opts + l4

    def addr4(self):
        r = self.r
        return r.choice([bytes([10, 1, 0, r.randrange(256)]), b'\xe0\x00\x00\x01',
                         b'\xff\xff\xff\xff', b'\0\0\0\0', self.rb(4)])

    def ipv6(self, room):
        r = self.r
        nh_first = None
        chain = b''
        nxt_types = [0, 43, 44, 60, 51, 50, 59, 135, 139]
        hdrs = []
        for _ in range(r.choice([0, 0, 1, 2, 3, 8])):
            hdrs.append(r.choice(nxt_types))
        final = r.choice([6, 17, 58, 59, r.randrange(256)])
        types = hdrs + [final]
        nh_first = types[0]
        for i, t in enumerate(hdrs):
            nxt = types[i + 1]
            if t == 44:         # fragment header: 8 bytes
                chain += struct.pack('!BBHI', nxt, 0, r.randrange(65536), r.getrandbits(32))
            elif t == 51:       # AH: length in 4-byte words minus 2
                ln = r.randrange(0, 6)
                chain += bytes([nxt, ln]) + self.rb((ln + 2) * 4 - 2)
            else:               # hop-by-hop, routing, destination options, ...
                ln = r.choice([0, 0, 1, 2, 255])
                body = self.rb((ln + 1) * 8 - 2)
                if t in (0, 60) and r.random() < 0.5:
                    # Pad1/PadN/jumbo/router alert options, maybe overrunning.
                    body = (bytes([r.choice([0, 1, 5, 0xc2, 0x04]), r.randrange(8)]) +
                            body)[:len(body)]
                chain += bytes([nxt, ln]) + body
        l4 = self.l4(final, room - 40 - len(chain))
        plen = len(chain) + len(l4)
        if r.random() < 0.1:
            plen = r.randrange(65536)
        ver = 6 if r.random() < 0.97 else r.randrange(16)
        src = r.choice([b'\xfe\x80' + bytes(13) + b'\x01', bytes(15) + b'\x01', self.rb(16),
                        b'\x20\x01\x0d\xb8' + bytes(11) + b'\x02'])
        dst = r.choice([b'\xff\x02' + bytes(13) + b'\x01', self.rb(16),
                        b'\x20\x01\x0d\xb8' + bytes(11) + b'\x03'])
        hdr = struct.pack('!IHBB', (ver << 28) | r.getrandbits(20), plen & 0xffff, nh_first,
                          r.choice([1, 64, 255])) + src + dst
        return 0x86dd, hdr + chain + l4

    def l4(self, proto, room):
        r = self.r
        room = max(0, room)
        n = r.choice([0, 4, 8, 20, 40, r.randrange(0, 200), room])
        n = min(n, room)
        if proto == 6 and n >= 20:
            off = r.choice([5, 5, 15, r.randrange(16)])
            return struct.pack('!HHIIBBHHH', r.randrange(65536), r.randrange(65536),
                               r.getrandbits(32), r.getrandbits(32), off << 4,
                               r.randrange(256), 65535, 0, 0) + self.rb(n - 20)
        if proto == 17 and n >= 8:
            return struct.pack('!HHHH', r.randrange(65536), r.choice([4789, 6081, 53]),
                               r.choice([n, r.randrange(65536)]), 0) + self.rb(n - 8)
        if proto in (1, 58) and n >= 4:
            return bytes([r.choice([0, 3, 8, 11, 128, 129, 133, 134, 135, 136, 2, 1]),
                          r.randrange(4), 0, 0]) + self.rb(n - 4)
        return self.rb(n)

    def arp(self):
        r = self.r
        hl, pl = (6, 4) if r.random() < 0.8 else (r.randrange(256), r.randrange(256))
        body = struct.pack('!HHBBH', r.choice([1, 6, r.randrange(65536)]),
                           r.choice([0x0800, 0x86dd]), hl, pl, r.choice([1, 2, 3, 4, 9]))
        return 0x0806, body + self.rb(r.choice([20, 8, 0, 40]))

    def payload(self, room):
        """(EtherType, bytes) of some L3 packet that fits in room bytes."""
        x = self.r.random()
        if x < 0.35:
            return self.ipv4(room)
        if x < 0.7:
            return self.ipv6(room)
        if x < 0.8:
            return self.arp()
        return self.r.choice([0x88b5, 0x8847, 0x8863, 0x88cc, 0x0000, 0x05dc, 0xffff,
                              self.r.randrange(65536)]), self.rb(self.r.randrange(0, 100))

    def body(self, maxlen):
        """Everything after the MAC addresses: EtherType (maybe VLAN tags),
        payload; cut anywhere, grown to near maxlen sometimes."""
        r = self.r
        tags = b''
        x = r.random()
        if x < 0.12:
            tags = struct.pack('!HH', 0x8100, r.randrange(65536))
        elif x < 0.17:
            tags = struct.pack('!HHHH', 0x88a8, r.randrange(65536), 0x8100, r.randrange(65536))
        elif x < 0.19:
            tags = b''.join(struct.pack('!HH', r.choice([0x8100, 0x88a8]), r.randrange(65536))
                            for _ in range(r.randrange(3, 8)))
        room = maxlen - 14 - len(tags)
        if r.random() < 0.15:
            room_goal = room
        else:
            room_goal = r.randrange(0, min(room, 300) + 1)
        et, pl = self.payload(room_goal)
        b = tags + struct.pack('!H', et) + pl
        if r.random() < 0.3:
            b = b[:r.randrange(0, len(b) + 1)]
        return b[:maxlen - 12]

    def mac_unicast(self):
        b = bytearray(self.rb(6))
        b[0] &= 0xfe
        if b[0] == 2 and b[1] in (0xaa, 0xbb):
            b[1] = 0xcc
        if b == bytearray(6):
            b[5] = 1
        return bytes(b)


def core_drops(frame):
    """Whether the receiving stack drops the frame before any rx_handler:
    a VLAN EtherType without the whole tag and the next EtherType
    (skb_vlan_untag() pulls 6 bytes past the Ethernet header)."""
    return frame[12:14] in (b'\x81\x00', b'\x88\xa8') and len(frame) < 20


def _sum16(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def _nd_opts_ok(opts):
    while opts:
        if len(opts) < 2 or not opts[1]:
            return False
        olen = opts[1] * 8
        if olen > len(opts) or (opts[0] == 1 and olen != 8):
            return False
        opts = opts[olen:]
    return True


def resolution_drop(frame):
    """Whether ovx drops this frame from a guest as malformed ARP or
    neighbour discovery (blue has arp-suppress on, ovx's default), as
    module/arp_nd.c decides; no binding exists, so none is answered."""
    et = frame[12:14]
    if et == b'\x08\x06':
        a = frame[14:]
        if len(a) < 8:
            return True
        hrd, pro, hln, pln = struct.unpack('!HHBB', a[:6])
        if hrd != 1 or pro != 0x0800:
            return False
        return hln != 6 or pln != 4 or len(a) < 28
    if et != b'\x86\xdd' or len(frame) < 14 + 40 + 8:
        return False
    if frame[14] >> 4 != 6 or frame[20] != 58 or frame[54] not in (135, 136):
        return False
    plen = struct.unpack('!H', frame[18:20])[0]
    if plen < 24 or 54 + plen > len(frame):
        return True
    msg = frame[54:54 + plen]
    pseudo = frame[22:54] + struct.pack('!I3xB', plen, 58)
    if (frame[21] != 255 or msg[1] or msg[8] == 0xff or
            _sum16(pseudo + msg) != 0xffff or not _nd_opts_ok(msg[24:])):
        return True
    if msg[0] == 136:
        return frame[38] == 0xff and bool(msg[4] & 0x40)
    has_sllao = False
    opts = msg[24:]
    while opts:
        has_sllao |= opts[0] == 1
        opts = opts[opts[1] * 8:]
    return frame[22:38] == bytes(16) and has_sllao


def vlan_tagged(frame):
    return frame[12:14] in (b'\x81\x00', b'\x88\xa8')


def valid_source(mac):
    return not (mac[0] & 1) and mac != bytes(6)


# --- the test ---------------------------------------------------------------------

class Results:
    def __init__(self):
        self.n = 0
        self.failed = 0
        self.lines = []

    def check(self, good, desc, detail=None):
        self.n += 1
        if not good:
            self.failed += 1
            if detail:
                for line in str(detail).splitlines():
                    print(f'# {line}', flush=True)
        print(f'{"ok" if good else "not ok"} {self.n} {desc}', flush=True)


class Counters:
    def __init__(self, hv, vms, und):
        self.hv, self.vms, self.und = hv, vms, und

    def read(self):
        c = {}
        for sw in run_json(OVX, '-n', self.hv, '-s', '-j', 'switch', 'show'):
            c[f'sw.{sw["name"]}.rx'] = sw['stats']['rx_packets']
            c[f'sw.{sw["name"]}.rx_dropped'] = sw['stats']['rx_dropped']
            for k, v in sw['drops'].items():
                c[f'drops.{sw["name"]}.{k}'] = v
        for p in run_json(OVX, '-n', self.hv, '-s', '-j', 'port', 'show'):
            for k, v in p['stats'].items():
                c[f'port.{p["dev"]}.{k}'] = v
        for n in run_json(OVX, '-n', self.hv, '-s', '-j', 'net', 'show'):
            for k, v in n['stats'].items():
                c[f'net.{n["name"]}.{k}'] = v
            c[f'net.{n["name"]}.fdb_learned'] = n['fdb_learned']
        for p in run_json(OVX, '-n', self.hv, '-s', '-j', 'peer', 'show'):
            for k, v in p['stats'].items():
                c[f'peer.{p["switch"]}.{p["peer"]}.{k}'] = v
        for d in run_json('ip', '-n', self.vms, '-s', '-j', 'link', 'show'):
            if 'stats64' in d:
                c[f'vm.{d["ifname"]}.rx'] = d['stats64']['rx']['packets']
                c[f'vm.{d["ifname"]}.tx'] = d['stats64']['tx']['packets']
        return c

    @staticmethod
    def delta(a, b):
        return {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}


class Sinks:
    """UDP sockets of und at the peers' tunnel ports: what the switches send."""

    def __init__(self, und):
        self.socks = {}
        with InNs(und):
            for addr, port in (('10.0.0.2', 4789), ('10.0.0.2', 6081), ('10.0.0.3', 4789)):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
                s.bind((addr, port))
                s.setblocking(False)
                self.socks[f'{addr}:{port}'] = s
        self.count = {k: 0 for k in self.socks}

    def drain(self):
        for k, s in self.socks.items():
            while True:
                try:
                    s.recv(65536)
                except BlockingIOError:
                    break
                self.count[k] += 1


class Listeners:
    """AF_PACKET sockets on the guests' NICs: what the ports deliver."""

    def __init__(self, vms, devs):
        self.socks = {}
        with InNs(vms):
            for d in devs:
                s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
                s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
                s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
                s.bind((d, 0))
                s.setblocking(False)
                self.socks[d] = s
        self.frames = {d: [] for d in devs}
        self.odd = []           # (device, first bytes) of unmarked frames

    def drain(self, keep):
        for d, s in self.socks.items():
            while True:
                try:
                    f = s.recv(64)
                except BlockingIOError:
                    break
                if keep:
                    self.frames[d].append(f[6:12])
                    if f[6:8] != b'\x02\xbb':
                        self.odd.append((d, f))

    def dropped(self):
        return {d: struct.unpack('II', s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))[1]
                for d, s in self.socks.items()}


def vlan_check(args, res, sinks):
    """A frame with an 802.1Q tag from a guest must reach the peer with the
    tag inside the tunnel packet, not on the underlay's frame (where the
    peer's stack drops it, or worse, another VLAN of the provider gets it)."""
    with InNs(args.vms):
        tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        tx.bind(('a1', 0))
    s = sinks.socks['10.0.0.2:4789']
    sinks.drain()
    tag = struct.pack('!HH', 0x8100, 7)
    frame = D_PEER + bytes.fromhex('02aa0000ff01') + tag + b'\x88\xb5' + bytes(46)
    tx.send(frame)
    got = None
    end = time.monotonic() + 3
    while time.monotonic() < end and got is None:
        if select.select([s], [], [], 0.2)[0]:
            got = s.recv(65536)
    tx.close()
    res.check(got is not None and got[8 + 12:8 + 16] == tag,
              'a VLAN-tagged frame from a guest reaches the peer with its tag inside the tunnel',
              'nothing reached the peer (the tag went on the outer frame?)' if got is None
              else f'inner frame at the peer: {got[8:8 + 20].hex()}')


def guest_phase(args, rnd, gen, res, counters, sinks, listeners):
    with InNs(args.vms):
        tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        tx.bind(('a1', 0))
    sources = [bytes([2, 0xaa, 0, 0, i >> 8, i & 255]) for i in range(args.sources)]
    exp = {'a2': 0, 'peer': 0, 'bad_source': 0, 'sent': 0, 'unicast_port': 0,
           'unicast_peer': 0, 'flood': 0, 'big': 0, 'send_errors': 0, 'core_drops': 0,
           'peer_vlan': 0, 'bad_res': 0}
    listeners.drain(False)
    sinks.drain()
    before = counters.read()
    sink0 = dict(sinks.count)
    start = time.monotonic()
    n = 0
    deadline = start + args.seconds / 2 if args.seconds else None
    while n < args.frames // 2 or (deadline and time.monotonic() < deadline):
        if deadline and time.monotonic() >= deadline and n >= args.frames // 2:
            break
        x = rnd.random()
        if x < 0.05:
            src = rnd.choice([BCAST, bytes(6), b'\x01\x00\x5e\x00\x00\x01',
                              b'\x33\x33\x00\x00\x00\x01', b'\x03' + gen.rb(5)])
        else:
            src = rnd.choice(sources)
        x = rnd.random()
        if x < 0.2:
            dst = BCAST
        elif x < 0.3:
            dst = rnd.choice([b'\x01\x00\x5e\x00\x00\x01', b'\x33\x33\xff\x00\x00\x01',
                              b'\x01\x80\xc2\x00\x00\x00', b'\x01' + gen.rb(5)])
        elif x < 0.45:
            dst = D_PORT
        elif x < 0.6:
            dst = D_PEER
        else:
            dst = gen.mac_unicast()
        frame = dst + src + gen.body(MTU + 14)
        if len(frame) < 14:
            frame += bytes(14 - len(frame))
        try:
            tx.send(frame)
        except OSError:
            exp['send_errors'] += 1
            continue
        n += 1
        exp['sent'] += 1
        if len(frame) > 1464:
            exp['big'] += 1
        if core_drops(frame):
            exp['core_drops'] += 1
            continue
        to_peer = False
        if not valid_source(src):
            exp['bad_source'] += 1
        elif resolution_drop(frame):
            exp['bad_res'] += 1
        elif dst == D_PORT:
            exp['a2'] += 1
            exp['unicast_port'] += 1
        elif dst == D_PEER:
            exp['peer'] += 1
            exp['unicast_peer'] += 1
            to_peer = True
        else:
            exp['a2'] += 1
            exp['peer'] += 1
            exp['flood'] += 1
            to_peer = True
        if to_peer and vlan_tagged(frame):
            exp['peer_vlan'] += 1
        if n % 256 == 0:
            listeners.drain(False)
            sinks.drain()
    took = time.monotonic() - start
    time.sleep(1)
    listeners.drain(False)
    sinks.drain()
    after = counters.read()
    d = Counters.delta(before, after)
    got_sink = {k: sinks.count[k] - sink0[k] for k in sinks.count}
    print(f'# guest phase: {exp["sent"]} frames in {took:.1f} s '
          f'({exp["sent"] / max(took, 1e-9):.0f}/s): {exp["flood"]} flooded, '
          f'{exp["unicast_port"]} to a static port entry, {exp["unicast_peer"]} to a static '
          f'peer entry, {exp["bad_source"]} with a bad source, {exp["big"]} larger than '
          f'the tunnel fits, {exp["send_errors"]} refused by AF_PACKET, {exp["core_drops"]} '
          f'with a cut VLAN tag (dropped by the stack before ovx), {exp["peer_vlan"]} '
          f'VLAN-tagged for the peer', flush=True)
    shown = {k: v for k, v in sorted(d.items()) if v}
    print(f'# guest phase counter changes: {json.dumps(shown)}', flush=True)
    print(f'# guest phase underlay receptions: {json.dumps(got_sink)}', flush=True)

    peer = 'peer.ovx0.10.0.0.2'
    rx_in = d['port.a1p.rx_packets']
    res.check(rx_in == exp['sent'] - exp['core_drops'],
              f'guest: port a1p counted every frame sent into it ({exp["sent"]}, less '
              f'{exp["core_drops"]} with a cut VLAN tag)',
              f'a1p rx_packets grew by {rx_in}, a1 sent {d.get("vm.a1.tx")} (AF_PACKET: '
              f'{exp["sent"]})')
    res.check(d['drops.ovx0.bad_source'] == exp['bad_source'] and
              d['port.a1p.rx_dropped'] == exp['bad_source'] + exp['bad_res'],
              f'guest: the {exp["bad_source"]} frames with a multicast or zero source are '
              f'counted drops (bad-source, a1p rx_dropped)',
              f'bad_source +{d["drops.ovx0.bad_source"]}, a1p rx_dropped '
              f'+{d["port.a1p.rx_dropped"]}, expected {exp["bad_source"]} + '
              f'{exp["bad_res"]} malformed ARP/ND')
    bad_res = d.get('drops.ovx0.bad_arp', 0) + d.get('drops.ovx0.bad_nd', 0)
    res.check(bad_res == exp['bad_res'],
              f'guest: the {exp["bad_res"]} malformed ARP and neighbour discovery frames are '
              f'counted drops (bad_arp, bad_nd), never forwarded',
              f'bad_arp +{d.get("drops.ovx0.bad_arp")}, bad_nd +{d.get("drops.ovx0.bad_nd")}')
    res.check(d['net.blue.rx_packets'] == rx_in,
              'guest: network blue counted every frame in',
              f'blue rx_packets +{d["net.blue.rx_packets"]}, a1p rx +{rx_in}')
    a2 = d['port.a2p.tx_packets'] + d['port.a2p.tx_dropped']
    res.check(a2 == exp['a2'],
              f'guest: a2p sent or counted as dropped each of the {exp["a2"]} copies due to it',
              f'a2p tx_packets +{d["port.a2p.tx_packets"]} tx_dropped '
              f'+{d["port.a2p.tx_dropped"]}, expected {exp["a2"]}')
    res.check(d.get('vm.a2.rx', 0) == d['port.a2p.tx_packets'],
              'guest: a2 received every frame a2p sent',
              f'a2 rx +{d.get("vm.a2.rx")}, a2p tx +{d["port.a2p.tx_packets"]}')
    tunnel_down = d.get('drops.ovx0.tunnel_down', 0)
    res.check(d[f'{peer}.tx_packets'] + tunnel_down == exp['peer'],
              f'guest: the peer 10.0.0.2 was handed each of the {exp["peer"]} copies due to it',
              f'peer tx_packets +{d[f"{peer}.tx_packets"]}, tunnel-down +{tunnel_down}')
    sent_ok = d[f'{peer}.tx_packets'] - (d[f'{peer}.tx_dropped'] - tunnel_down)
    tun_drops = sum(d.get(f'drops.ovx0.{k}', 0)
                    for k in ('too_big', 'no_route', 'no_memory', 'tunnel_down'))
    res.check(d[f'{peer}.tx_dropped'] == tun_drops,
              'guest: the copies the peer did not get are counted drops by reason',
              f'peer tx_dropped +{d[f"{peer}.tx_dropped"]}, too-big/no-route/no-memory/'
              f'tunnel-down +{tun_drops}')
    res.check(got_sink['10.0.0.2:4789'] == sent_ok,
              f'guest: the underlay received every packet sent to the peer ({sent_ok})',
              f'10.0.0.2:4789 received {got_sink["10.0.0.2:4789"]}, the peer counted '
              f'{sent_ok} sent (tx_packets - tx_dropped)')
    leak = {k: v for k, v in d.items() if v and (
        k.startswith(('port.r1p.', 'port.g1p.', 'net.red.', 'net.green.',
                      'peer.ovx0.10.0.0.3.', 'peer.ovx1.')) or k in ('vm.r1.rx', 'vm.g1.rx'))}
    leak.update({k: v for k, v in got_sink.items() if v and k != '10.0.0.2:4789'})
    res.check(not leak, 'guest: nothing reached red, green or their peers',
              f'changes: {leak}')
    return exp


VNIS = [100, 200, 300, 0, 0xffffff]
SRCS = ['10.0.0.2', '10.0.0.3', '10.0.0.4']
SWITCHES = [('ovx0', ('10.0.0.1', 4789)), ('ovx1', ('10.0.0.5', 6081))]
# Which (switch, VNI, outer source) each network accepts, and its ports.
ACCEPTS = {('ovx0', 100, '10.0.0.2'): 'blue', ('ovx0', 200, '10.0.0.3'): 'red',
           ('ovx1', 100, '10.0.0.2'): 'green'}
PORTS = {'blue': ('a1', 'a2'), 'red': ('r1',), 'green': ('g1',)}


def vxlan_hdr(rnd, vni):
    flags = 0x08
    x = rnd.random()
    if x < 0.1:
        flags = rnd.randrange(256)
    rsv1 = b'\0\0\0' if rnd.random() < 0.9 else bytes(rnd.randrange(256) for _ in range(3))
    last = 0 if rnd.random() < 0.95 else rnd.randrange(256)
    return struct.pack('!B3sI', flags, rsv1, ((vni & 0xffffff) << 8) | last)


def geneve_hdr(rnd, gen, vni):
    opts = b''
    crit = 0
    for _ in range(rnd.choice([0, 0, 1, 1, 2, 4])):
        k = rnd.random()
        if k < 0.4:     # ovx's own option: the sender's port id
            ln = 1 if rnd.random() < 0.9 else rnd.randrange(0, 4)
            opts += struct.pack('!HBB', 0xff58, 1, ln) + gen.rb(ln * 4)
        else:
            typ = rnd.randrange(256)
            if typ & 0x80:
                crit = 0x40
            ln = rnd.randrange(0, 8)
            opts += struct.pack('!HBB', rnd.randrange(65536), typ, ln) + gen.rb(ln * 4)
    opts = opts[:252]
    opt_len = len(opts) // 4
    opts = opts[:opt_len * 4]
    if rnd.random() < 0.1:
        # An option length of its own: the options are cut or padded with
        # garbage to fit (what options say of their lengths is then
        # anything), and the inner frame, with its marker, follows.
        opt_len = rnd.randrange(64)
        opts = (opts + gen.rb(252))[:opt_len * 4]
    ver = 0 if rnd.random() < 0.95 else rnd.randrange(4)
    flags = crit if rnd.random() < 0.9 else rnd.randrange(256)
    proto = 0x6558 if rnd.random() < 0.95 else rnd.choice([0x0800, 0x86dd, rnd.randrange(65536)])
    rsvd = 0 if rnd.random() < 0.9 else rnd.randrange(256)
    return struct.pack('!BBH3sB', (ver << 6) | opt_len, flags, proto,
                       (vni & 0xffffff).to_bytes(3, 'big'), rsvd) + opts


def underlay_phase(args, rnd, gen, res, counters, sinks, listeners, learnt):
    socks = {}
    with InNs(args.und):
        for a in SRCS:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((a, 0))
            socks[a] = s
    sent = {sw: 0 for sw, _ in SWITCHES}
    sent_as = {}
    cut_vlan = {}
    listeners.drain(False)
    sinks.drain()
    for d in listeners.frames:
        listeners.frames[d] = []
    before = counters.read()
    start = time.monotonic()
    n = 0
    total = args.frames - args.frames // 2
    deadline = start + args.seconds / 2 if args.seconds else None
    while n < total or (deadline and time.monotonic() < deadline):
        if deadline and time.monotonic() >= deadline and n >= total:
            break
        si = rnd.randrange(2)
        sw, dest = SWITCHES[si]
        vi = rnd.randrange(len(VNIS)) if rnd.random() < 0.3 else rnd.choice([0, 1])
        vni = VNIS[vi] if vi != 4 or rnd.random() < 0.5 else rnd.randrange(1 << 24)
        ai = rnd.choice([0, 0, 1, 1, 2])
        src_ip = SRCS[ai]
        x = rnd.random()
        if x < 0.05:
            isrc = rnd.choice([BCAST, bytes(6), b'\x01\x00\x5e\x00\x00\x01'])
        else:
            isrc = bytes([2, 0xbb, si, vi, ai, rnd.randrange(256)])
        x = rnd.random()
        if x < 0.3:
            idst = BCAST
        elif x < 0.4:
            idst = b'\x33\x33' + gen.rb(4)
        elif x < 0.55 and learnt:
            idst = rnd.choice(learnt)
        elif x < 0.65:
            idst = D_PORT
        else:
            idst = gen.mac_unicast()
        hdr = vxlan_hdr(rnd, vni) if si == 0 else geneve_hdr(rnd, gen, vni)
        inner = idst + isrc + gen.body(MTU + 14 - 50 - len(hdr) + 16)
        pkt = hdr + inner
        y = rnd.random()
        if y < 0.05:
            pkt = pkt[:rnd.randrange(0, len(hdr) + 14)]
        elif y < 0.08:
            pkt = gen.rb(rnd.randrange(0, 64))
        try:
            socks[src_ip].sendto(pkt, dest)
        except OSError:
            continue
        n += 1
        sent[sw] += 1
        key = (sw, vni, src_ip)
        sent_as[key] = sent_as.get(key, 0) + 1
        if core_drops(inner):
            cut_vlan[key] = cut_vlan.get(key, 0) + 1
        if n % 128 == 0:
            listeners.drain(True)
            sinks.drain()
    took = time.monotonic() - start
    time.sleep(1)
    listeners.drain(True)
    sinks.drain()
    after = counters.read()
    d = Counters.delta(before, after)
    print(f'# underlay phase: {n} packets in {took:.1f} s ({n / max(took, 1e-9):.0f}/s): '
          f'{sent["ovx0"]} VXLAN to ovx0, {sent["ovx1"]} Geneve to ovx1', flush=True)
    shown = {k: v for k, v in sorted(d.items()) if v}
    print(f'# underlay phase counter changes: {json.dumps(shown)}', flush=True)

    rx_reasons = ('tunnel_short', 'tunnel_bad_flags', 'tunnel_unknown_vni',
                  'tunnel_unknown_peer', 'tunnel_bad_inner', 'no_memory',
                  'tunnel_bad_option', 'tunnel_critical_option')
    for sw, _ in SWITCHES:
        got = d[f'sw.{sw}.rx'] + d[f'sw.{sw}.rx_dropped']
        res.check(got == sent[sw],
                  f'underlay: {sw} counted each of the {sent[sw]} packets sent to it as '
                  f'received or dropped',
                  f'rx_packets +{d[f"sw.{sw}.rx"]}, rx_dropped +{d[f"sw.{sw}.rx_dropped"]}')
        reasons = sum(d.get(f'drops.{sw}.{k}', 0) for k in rx_reasons)
        res.check(reasons == d[f'sw.{sw}.rx_dropped'],
                  f'underlay: the drops of {sw} add up to its rx_dropped, by reason',
                  f'reasons +{reasons}, rx_dropped +{d[f"sw.{sw}.rx_dropped"]}')
        nets = [n for (s, _, _), n in ACCEPTS.items() if s == sw]
        net_rx = sum(d.get(f'net.{n}.rx_packets', 0) for n in nets)
        res.check(net_rx == d[f'sw.{sw}.rx'],
                  f'underlay: the networks of {sw} received what it decapsulated',
                  f'networks +{net_rx}, switch rx +{d[f"sw.{sw}.rx"]}')
        # At most what was sent as that network's (VNI, peer).
        for (s, vni, ip), net in ACCEPTS.items():
            if s != sw:
                continue
            ok = d.get(f'net.{net}.rx_packets', 0) <= sent_as.get((s, vni, ip), 0)
            res.check(ok, f'underlay: {net} received no more than was sent with its '
                      f'VNI {vni} from its peer {ip}',
                      f'{net} rx +{d.get(f"net.{net}.rx_packets")}, sent as such '
                      f'{sent_as.get((s, vni, ip), 0)}')

    wrong = []
    unmarked = 0
    for net, devs in PORTS.items():
        (sw, vni, ip), = [k for k, v in ACCEPTS.items() if v == net]
        want = (0 if sw == 'ovx0' else 1, VNIS.index(vni), SRCS.index(ip))
        for dev in devs:
            for src in listeners.frames[dev]:
                if src[:2] != b'\x02\xbb':
                    unmarked += 1
                elif (src[2], src[3], src[4]) != want:
                    wrong.append((dev, src.hex(':')))
    for dev, f in listeners.odd[:10]:
        print(f'# unmarked frame on {dev}: {f.hex()}')
    got = {dev: len(listeners.frames[dev]) for devs in PORTS.values() for dev in devs}
    drops = listeners.dropped()
    print(f'# underlay phase: frames out of the ports, by guest: {got}; '
          f'AF_PACKET drops {drops}', flush=True)
    res.check(not wrong and not unmarked,
              'underlay: every frame a guest got was sent with the VNI and from the peer of '
              'its network',
              f'{unmarked} unmarked frames; of another network: {wrong[:10]}')
    # A guest's stack drops a frame whose VLAN tag is cut before its
    # packet sockets see it: at most as many as were sent so.
    match = True
    why = []
    for net, devs in PORTS.items():
        key, = [k for k, v in ACCEPTS.items() if v == net]
        for dev in devs:
            tx = d.get(f'port.{dev}p.tx_packets', 0)
            vm_rx = d.get(f'vm.{dev}.rx', 0)
            lost = tx - got[dev] - drops[dev]
            if vm_rx != tx or lost < 0 or lost > cut_vlan.get(key, 0):
                match = False
            why.append(f'{dev}: port sent {tx}, veth received {vm_rx}, the guest\'s socket '
                       f'{got[dev]} (+{drops[dev]} it dropped); {cut_vlan.get(key, 0)} of '
                       f'its network\'s were sent with a cut VLAN tag')
    res.check(match, 'underlay: the guests got every frame their ports sent (but those '
              'with a cut VLAN tag)', '\n'.join(why))
    return n


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--vms', required=True)
    p.add_argument('--hv', required=True)
    p.add_argument('--und', required=True)
    p.add_argument('--frames', type=int, default=1000000)
    p.add_argument('--seconds', type=float, default=0)
    p.add_argument('--sources', type=int, default=200)
    p.add_argument('--seed', type=int)
    args = p.parse_args()
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), 'little')
    rnd = random.Random(args.seed)
    gen = Gen(rnd)
    res = Results()
    print('1..22', flush=True)
    print(f'# seed {args.seed}', flush=True)
    counters = Counters(args.hv, args.vms, args.und)
    sinks = Sinks(args.und)
    listeners = Listeners(args.vms, ['a1', 'a2', 'r1', 'g1'])
    start = time.monotonic()
    vlan_check(args, res, sinks)
    exp = guest_phase(args, rnd, gen, res, counters, sinks, listeners)
    learnt = [bytes([2, 0xaa, 0, 0, i >> 8, i & 255]) for i in range(args.sources)]
    n = underlay_phase(args, rnd, gen, res, counters, sinks, listeners, learnt)
    print(f'# {exp["sent"] + n} frames in {time.monotonic() - start:.1f} s', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
