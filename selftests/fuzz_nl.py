#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Spec-driven fuzzer of the ovx generic netlink family, for fuzz.sh.

    fuzz_nl.py [--count N] [--seconds S] [--seed SEED] --switches SW,...
               --ports DEV,...

Reads Documentation/netlink/specs/ovx.yaml (attribute sets, types, checks,
operations) and sends requests of every op: well-formed ones built from
pools of names, addresses and indexes that exist (so that many are
accepted), mutated ones (wrong lengths, unknown or duplicated attributes,
strings without NUL, values out of range, stray header flags), and random
ones (any command, random payload).  Requests go in batches, one sendmsg
each, every request asking for an ACK.

It keeps a model of the objects (networks, ports, peers and their
memberships, static FDB entries) that the accepted requests created or
deleted: a rejected request must change nothing.  The model is compared
with a dump of every object every --check-every batches and at the end.
Every fourth batch, a switch is also created with RTM_NEWLINK and random
(maybe mutated) attributes of the spec's linkinfo set: switch-get must
show what was asked for, the fuzzer then uses the switch, and deletes it
(RTM_DELLINK) when it has made more than three.

Runs in a namespace that holds the switches (--switches: their names, made by
fuzz_nl.sh) and devices that may become ports (--ports).  Prints KTAP
results and "# " figures; exit 0 when it ran to its end.
"""

import argparse
import errno
import ipaddress
import os
import random
import socket
import struct
import sys
import time
import traceback

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(TOP, 'Documentation', 'netlink', 'specs', 'ovx.yaml')

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10
NLM_F_REQUEST = 1
NLM_F_MULTI = 2
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3fff

NETLINK_ROUTE = 0
RTM_NEWLINK = 16
RTM_DELLINK = 17
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
IFLA_IFNAME = 3
IFLA_LINKINFO = 18
IFLA_INFO_KIND = 1
IFLA_INFO_DATA = 2
EXTRA_SWITCHES = 3
# How often each op is sent, relative to the others: the state grows (FDB
# entries need a network with a port or a peer) rather than being wiped.
OP_WEIGHTS = {'net-new': 2, 'port-new': 2, 'peer-new': 2, 'fdb-new': 4, 'fdb-del': 2,
              'net-del': 0.5, 'fdb-flush': 0.5, 'router-new': 2, 'router-attach': 4,
              'route-new': 4, 'route-del': 2, 'router-del': 0.5, 'neigh-new': 3,
              'neigh-del': 2}

DEFAULT_AGEING = 300
DEFAULT_FDB_MAX = 65536


def nla(atype, payload):
    pad = b'\0' * ((4 - len(payload) % 4) % 4)
    return struct.pack('HH', 4 + len(payload), atype) + payload + pad


def cstr(p):
    """A string attribute as C reads it: up to the first NUL.  Names are
    bytes to the kernel; surrogates keep those that are not UTF-8."""
    return bytes(p).split(b'\0', 1)[0].decode(errors='surrogateescape')


def parse_attrs(data, off=0, end=None):
    """[(type without flags, payload)] of the attributes in data[off:end]."""
    end = len(data) if end is None else end
    out = []
    while off + 4 <= end:
        ln, typ = struct.unpack_from('HH', data, off)
        if ln < 4 or off + ln > end:
            break
        out.append((typ & NLA_TYPE_MASK, data[off + 4:off + ln]))
        off += (ln + 3) & ~3
    return out


# --- the spec ------------------------------------------------------------------

class Attr:
    def __init__(self, value, y, consts):
        self.name = y['name']
        self.value = value
        self.type = y['type']
        self.multi = bool(y.get('multi-attr'))
        self.nested = y.get('nested-attributes')
        self.big = y.get('byte-order') == 'big-endian'
        checks = y.get('checks', {}) or {}

        def const(v):
            if isinstance(v, str):
                if v == 's32-max':
                    return 2**31 - 1
                return consts[v]
            return v
        self.min = const(checks['min']) if 'min' in checks else None
        self.max = const(checks['max']) if 'max' in checks else None
        self.max_len = checks.get('max-len')
        self.exact_len = checks.get('exact-len')

    def size(self):
        return {'u8': 1, 'u16': 2, 'u32': 4, 'u64': 8}.get(self.type)

    def pack(self, v):
        fmt = {'u8': 'B', 'u16': 'H', 'u32': 'I', 'u64': 'Q'}[self.type]
        return struct.pack(('!' if self.big else '=') + fmt, v)

    def unpack(self, b):
        fmt = {'u8': 'B', 'u16': 'H', 'u32': 'I', 'u64': 'Q'}[self.type]
        return struct.unpack(('!' if self.big else '=') + fmt, b)[0]


class Spec:
    def __init__(self, path):
        with open(path) as f:
            y = yaml.safe_load(f)
        consts = {}
        for d in y.get('definitions', []):
            if d['type'] == 'const':
                consts[d['name']] = d['value']
        self.sets = {}
        for s in y['attribute-sets']:
            attrs = {}
            nxt = 1
            for a in s['attributes']:
                v = a.get('value', nxt)
                nxt = v + 1
                attrs[a['name']] = Attr(v, a, consts)
            self.sets[s['name']] = attrs
        self.ops = {}
        nxt = 1
        for o in y['operations']['list']:
            v = o.get('value', nxt)
            nxt = v + 1
            if 'notify' in o or 'event' in o:
                continue
            req = (o.get('do') or {}).get('request', {}).get('attributes', [])
            self.ops[o['name']] = {
                'value': v, 'set': o['attribute-set'], 'request': list(req),
                'do': 'do' in o, 'dump': 'dump' in o,
                'admin': 'uns-admin-perm' in (o.get('flags') or []),
            }
        self.max_cmd = nxt


# --- the model -------------------------------------------------------------------

class Model:
    """What the accepted requests made: plain dicts, compared with dumps."""

    def __init__(self, switches):
        self.switches = switches        # ifindex -> name
        self.nets = {}                  # name -> dict(ifindex, vni, learning, ageing, fdb_max)
        self.ports = {}                 # ifindex -> net name
        self.peers = {}                 # (switch ifindex, addr bytes) -> set of net names
        self.fdb = {}                   # (net, mac) -> ('port', ifindex) | ('peer', addr bytes)
        self.neigh = {}                 # (net, 16-byte addr) -> (lladdr, 'port', ifindex) |
                                        #                        (lladdr, 'peer', addr bytes)
        # Not compared with the kernel: what the router generators draw on.
        self.routers = {}               # name -> dict(sw, nets: set, routes: set)

    def copy_from(self, other):
        self.nets = {k: dict(v) for k, v in other.nets.items()}
        self.ports = dict(other.ports)
        self.peers = {k: set(v) for k, v in other.peers.items()}
        self.fdb = dict(other.fdb)
        self.neigh = dict(other.neigh)
        self.routers = {k: {'sw': v['sw'], 'nets': set(v['nets']), 'routes': set(v['routes'])}
                        for k, v in other.routers.items()}

    def canon(self):
        nets = sorted((n, d['ifindex'], d['vni'], d['learning'], d['ageing'], d['fdb_max'],
                       sum(1 for (fn, _) in self.fdb if fn == n))
                      for n, d in self.nets.items())
        ports = sorted(self.ports.items())
        peers = sorted((sw, addr, tuple(sorted(ns))) for (sw, addr), ns in self.peers.items())
        fdb = sorted((n, m, t[0], t[1]) for (n, m), t in self.fdb.items())
        neigh = sorted((n, k) + t for (n, k), t in self.neigh.items())
        return {'switches': sorted(self.switches.items()), 'nets': nets, 'ports': ports,
                'peers': peers, 'fdb': fdb, 'neigh': neigh}

    def switch_gone(self, sw):
        """A switch was deleted (RTM_DELLINK): its networks and peers go."""
        del self.switches[sw]
        for n in [n for n, d in self.nets.items() if d['ifindex'] == sw]:
            self.apply('net-del', {'name': n})
        for k in [k for k in self.peers if k[0] == sw]:
            del self.peers[k]
        for k in [k for k, v in self.routers.items() if v['sw'] == sw]:
            del self.routers[k]

    def switch_of(self, a):
        """The switch an accepted request named (ifindex and/or name)."""
        idx = a.get('ifindex', a.get('switch-ifindex'))
        if idx is not None:
            return idx
        name = a.get('ifname', a.get('switch-ifname'))
        for i, n in self.switches.items():
            if n == name:
                return i
        raise KeyError('accepted request names no known switch')

    @staticmethod
    def addr(a, k4, k6):
        if k4 in a:
            return a[k4]
        return a.get(k6)

    def flush_fdb(self, pred):
        for k in [k for k, t in self.fdb.items() if pred(k, t)]:
            del self.fdb[k]

    def flush_neigh(self, pred):
        for k in [k for k, t in self.neigh.items() if pred(k, t)]:
            del self.neigh[k]

    def apply(self, op, a):
        """Apply the accepted request op with parsed attributes a."""
        if op == 'net-new':
            self.nets[a['name']] = {
                'ifindex': self.switch_of(a), 'vni': a['vni'],
                'learning': a.get('learning', 1), 'ageing': a.get('ageing', DEFAULT_AGEING),
                'fdb_max': a.get('fdb-max', DEFAULT_FDB_MAX)}
        elif op == 'net-del':
            n = a['name']
            del self.nets[n]
            for p in [p for p, pn in self.ports.items() if pn == n]:
                del self.ports[p]
            for ns in self.peers.values():
                ns.discard(n)
            self.flush_fdb(lambda k, t: k[0] == n)
            self.flush_neigh(lambda k, t: k[0] == n)
            for rt in self.routers.values():
                rt['nets'].discard(n)
        elif op == 'net-set':
            d = self.nets[a['name']]
            for k, mk in (('learning', 'learning'), ('ageing', 'ageing'), ('fdb-max', 'fdb_max')):
                if k in a:
                    d[mk] = a[k]
        elif op == 'port-new':
            p, n = a['ifindex'], a['net']
            self.ports[p] = n
            # The guest's MAC is a static entry, its addresses bindings.
            if 'mac' in a:
                self.fdb[(n, a['mac'])] = ('port', p)
                for ip in a.get('ip4', []) + a.get('ip6', []):
                    self.neigh[(n, addr16(ip))] = (a['mac'], 'port', p)
        elif op == 'port-del':
            p = a['ifindex']
            del self.ports[p]
            self.flush_fdb(lambda k, t: t == ('port', p))
            self.flush_neigh(lambda k, t: t[1:] == ('port', p))
        elif op == 'neigh-new':
            if 'port-ifindex' in a:
                t = (a['lladdr'], 'port', a['port-ifindex'])
            else:
                t = (a['lladdr'], 'peer', self.addr(a, 'peer4', 'peer6'))
            self.neigh[(a['net'], addr16(self.addr(a, 'addr4', 'addr6')))] = t
        elif op == 'neigh-del':
            del self.neigh[(a['net'], addr16(self.addr(a, 'addr4', 'addr6')))]
        elif op == 'router-new':
            self.routers[a['name']] = {'sw': self.switch_of(a), 'nets': set(), 'routes': set()}
        elif op == 'router-del':
            del self.routers[a['name']]
        elif op == 'router-attach':
            self.routers[a['name']]['nets'].add(a['net'])
        elif op == 'router-detach':
            self.routers[a['name']]['nets'].discard(a['net'])
        elif op == 'route-new':
            self.routers[a['router']]['routes'].add(
                (self.addr(a, 'addr4', 'addr6'), a['prefix-len']))
        elif op == 'route-del':
            self.routers[a['router']]['routes'].discard(
                (self.addr(a, 'addr4', 'addr6'), a['prefix-len']))
        elif op == 'fdb-new':
            if 'port-ifindex' in a:
                t = ('port', a['port-ifindex'])
            else:
                t = ('peer', self.addr(a, 'peer4', 'peer6'))
            self.fdb[(a['net'], a['mac'])] = t
        elif op == 'fdb-del':
            del self.fdb[(a['net'], a['mac'])]
        elif op == 'fdb-flush':
            # "learned" keeps the static entries, the only ones modelled.
            if 'learned' in a:
                return
            net = a.get('net')
            port = a.get('port-ifindex')
            peer = self.addr(a, 'peer4', 'peer6')
            for n, d in self.nets.items():
                if net is not None and n != net:
                    continue
                if port is not None and self.ports.get(port) != n:
                    continue
                if peer is not None:
                    if n not in self.peers.get((d['ifindex'], peer), ()):
                        continue
                    self.flush_fdb(lambda k, t: k[0] == n and t == ('peer', peer))
                elif port is not None:
                    self.flush_fdb(lambda k, t: k[0] == n and t == ('port', port))
                else:
                    self.flush_fdb(lambda k, t: k[0] == n)
        elif op == 'peer-new':
            sw = self.switch_of(a)
            addr = self.addr(a, 'addr4', 'addr6')
            nets = a.get('net') or [n for n, d in self.nets.items() if d['ifindex'] == sw]
            self.peers.setdefault((sw, addr), set()).update(nets)
        elif op == 'peer-del':
            sw = self.switch_of(a)
            addr = self.addr(a, 'addr4', 'addr6')
            nets = a.get('net')
            if nets:
                self.peers[(sw, addr)].difference_update(nets)
                self.flush_fdb(lambda k, t: k[0] in nets and t == ('peer', addr))
                self.flush_neigh(lambda k, t: k[0] in nets and t[1:] == ('peer', addr))
            else:
                del self.peers[(sw, addr)]
                mine = {n for n, d in self.nets.items() if d['ifindex'] == sw}
                self.flush_fdb(lambda k, t: k[0] in mine and t == ('peer', addr))
                self.flush_neigh(lambda k, t: k[0] in mine and t[1:] == ('peer', addr))


# --- the fuzzer ----------------------------------------------------------------------

V4MAPPED = bytes(10) + b'\xff\xff'

# Routers are not modelled (nothing the model compares depends on them):
# their requests draw on these pools, so that many are accepted.
ROUTERS = ['r1', 'r2', 'r3']
RIF_ADDRS = [('10.1.0.1', 24), ('10.2.0.1', 24), ('10.1.0.129', 25), ('10.3.0.0', 24),
             ('fd00:1::1', 64), ('fd00:2::1', 64), ('10.4.0.1', 33), ('224.0.0.1', 4)]
ROUTES = [('10.9.0.0', 24, '10.1.0.50'), ('0.0.0.0', 0, '10.2.0.9'), ('10.8.0.0', 16, None),
          ('10.1.0.0', 26, None), ('fd00:9::', 64, 'fd00:1::9'), ('::', 0, 'fd00:2::5'),
          ('10.9.0.1', 24, '10.1.0.50'), ('10.7.0.0', 24, '10.77.0.1')]


def ip_bytes(a):
    return ipaddress.ip_address(a).packed


def addr16(b):
    """A binding's key as the kernel keeps it: IPv4 v4-mapped."""
    return V4MAPPED + b if len(b) == 4 else b


def addr_key(b):
    """Addresses as the model keeps them: 4 or 16 bytes."""
    return bytes(b)


class Fuzzer:
    def __init__(self, spec, args):
        self.spec = spec
        self.rnd = random.Random(args.seed)
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, 33, 32 << 20)  # SO_RCVBUFFORCE
        except OSError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.bind((0, 0))
        # A request left unanswered is a failure, not a hang.
        self.sock.settimeout(float(os.environ.get("OVX_FUZZ_NL_TIMEOUT", "60")))
        self.seq = 1000
        self.family = self.resolve('ovx')
        self.rtnl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
        self.rtnl.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.rtnl.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.rtnl.bind((0, 0))
        self.rtnl.settimeout(60)
        self.made = []          # switches made by rtnl_round(), oldest first
        self.made_n = 0
        self.odd_names = []     # accepted network names beyond printable ASCII
        self.switches = {socket.if_nametoindex(n): n for n in args.switches}
        self.portdevs = {socket.if_nametoindex(n): n for n in args.ports}
        self.switches_v6 = {socket.if_nametoindex(n): True for n in args.v6_switches}
        self.model = Model(self.switches)
        self.batch = args.batch
        # per op: [sent, accepted, rejected]
        self.stats = {}
        self.errnos = {}
        self.raw_sent = 0
        self.divergences = 0
        self.log = []
        r = self.rnd
        self.names = [f'n{i}' for i in range(8)] + ['blue', 'x' * 31]
        self.macs = [bytes([2, 0, 0, 0, 0, i]) for i in range(1, 17)]
        self.addr4 = [socket.inet_aton(f'10.0.0.{i}') for i in range(2, 10)] + [
            socket.inet_aton(a) for a in ('10.0.0.1', '0.0.0.0', '255.255.255.255',
                                          '127.0.0.1', '224.0.0.1')]
        self.addr6 = [ipaddress.IPv6Address(f'2001:db8::{i}').packed for i in range(2, 8)] + [
            ipaddress.IPv6Address(a).packed for a in ('2001:db8::1', '::', '::1', 'fe80::1',
                                                      'ff02::1', '::ffff:10.0.0.2')]
        self.vnis = [1, 100, 200, 300, 0xffffff, r.randrange(1, 0xffffff)]

    # -- netlink plumbing
    def resolve(self, name):
        self.seq += 1
        body = struct.pack('BBH', CTRL_CMD_GETFAMILY, 1, 0) + nla(CTRL_ATTR_FAMILY_NAME,
                                                                  name.encode() + b'\0')
        self.sock.send(struct.pack('IHHII', 16 + len(body), GENL_ID_CTRL,
                                   NLM_F_REQUEST, self.seq, 0) + body)
        data = self.sock.recv(65536)
        ln, typ = struct.unpack_from('IH', data)
        if typ == NLMSG_ERROR:
            raise OSError(-struct.unpack_from('i', data, 16)[0], 'no ovx family')
        for t, p in parse_attrs(data, 20, ln):
            if t == CTRL_ATTR_FAMILY_ID:
                return struct.unpack('H', p)[0]
        raise OSError(errno.ENOENT, 'no family id')

    def msg(self, cmd, body, flags=NLM_F_REQUEST | NLM_F_ACK, version=1, resv=0,
            mtype=None, lenfix=0):
        self.seq += 1
        genl = struct.pack('BBH', cmd, version, resv)
        total = 16 + len(genl) + len(body)
        m = struct.pack('IHHII', total + lenfix, self.family if mtype is None else mtype,
                        flags, self.seq, 0) + genl + body
        # The next message of a batch starts at the aligned end of this one.
        return self.seq, m + b'\0' * (-len(m) % 4)

    def exchange(self, msgs):
        """Send the messages at once; return {seq: errno} (0: accepted) for
        those that were answered, and whether the socket overran."""
        self.sock.send(b''.join(m for _, m in msgs))
        want = {s for s, _ in msgs}
        res = {}
        while want - set(res):
            try:
                data = self.sock.recv(1 << 20)
            except socket.timeout:
                return res, False
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    return res, True
                raise
            off = 0
            while off + 16 <= len(data):
                ln, typ, flags, seq = struct.unpack_from('IHHI', data, off)
                if ln < 16:
                    break
                if typ in (NLMSG_ERROR, NLMSG_DONE) and seq in want and seq not in res:
                    res[seq] = -struct.unpack_from('i', data, off + 16)[0] if ln >= 20 else 0
                off += (ln + 3) & ~3
        return res, False

    def dump(self, op):
        """[attribute dicts by name] of a whole dump."""
        spec = self.spec.ops[op]
        names = {a.value: a for a in self.spec.sets[spec['set']].values()}
        seq, m = self.msg(spec['value'], b'', flags=NLM_F_REQUEST | NLM_F_DUMP)
        self.sock.send(m)
        out = []
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, typ, flags, s = struct.unpack_from('IHHI', data, off)
                if s == seq:
                    if typ == NLMSG_DONE:
                        return out
                    if typ == NLMSG_ERROR:
                        err = -struct.unpack_from('i', data, off + 16)[0]
                        if err:
                            raise OSError(err, f'dump {op}')
                    else:
                        obj = {}
                        for t, p in parse_attrs(data, off + 20, off + ln):
                            a = names.get(t)
                            if not a:
                                continue
                            if a.multi:
                                obj.setdefault(a.name, []).append(cstr(p))
                            else:
                                obj[a.name] = p
                        out.append(obj)
                off += (ln + 3) & ~3

    def kernel_state(self):
        S = self.spec.sets
        u = lambda s, n, p: S[s][n].unpack(p)  # noqa: E731
        string = cstr
        nets = []
        for o in self.dump('net-get'):
            nets.append((string(o['name']), u('net', 'ifindex', o['ifindex']),
                         u('net', 'vni', o['vni']), u('net', 'learning', o['learning']),
                         u('net', 'ageing', o['ageing']), u('net', 'fdb-max', o['fdb-max']),
                         u('net', 'fdb-static', o['fdb-static'])))
        ports = sorted((u('port', 'ifindex', o['ifindex']), string(o['net']))
                       for o in self.dump('port-get'))
        peers = sorted((u('peer', 'switch-ifindex', o['switch-ifindex']),
                        bytes(o.get('addr4') or o.get('addr6')),
                        tuple(sorted(o.get('net', []))))
                       for o in self.dump('peer-get'))
        fdb = []
        for o in self.dump('fdb-get'):
            if 'port-ifindex' in o:
                t = ('port', u('fdb', 'port-ifindex', o['port-ifindex']))
            else:
                t = ('peer', bytes(o.get('peer4') or o.get('peer6') or b''))
            fdb.append((string(o['net']), bytes(o['mac']), t[0], t[1]))
        neigh = []
        for o in self.dump('neigh-get'):
            addr = addr16(bytes(o.get('addr4') or o.get('addr6') or b''))
            if 'port-ifindex' in o:
                t = ('port', u('neigh', 'port-ifindex', o['port-ifindex']))
            else:
                t = ('peer', bytes(o.get('peer4') or o.get('peer6') or b''))
            neigh.append((string(o['net']), addr, bytes(o['lladdr'])) + t)
        switches = sorted((u('switch', 'ifindex', o['ifindex']), string(o['ifname']))
                          for o in self.dump('switch-get'))
        return {'switches': switches, 'nets': sorted(nets), 'ports': ports, 'peers': peers,
                'fdb': sorted(fdb), 'neigh': sorted(neigh)}

    # -- values
    def pick(self, pool):
        return self.rnd.choice(pool)

    def rand_bytes(self, n):
        return bytes(self.rnd.getrandbits(8) for _ in range(n))

    def live_nets(self):
        return list(self.model.nets) or self.names

    def value(self, a, op):
        """A plausible payload of attribute a (its pools, or near its limits)."""
        r = self.rnd
        n = a.name
        if a.type == 'string':
            if n in ('ifname', 'switch-ifname'):
                pool = list(self.switches.values()) + ['lo', self.pick(list(self.portdevs.values())),
                                                       'nosuch0']
                s = self.pick(pool)
            elif n in ('net', 'name'):
                s = self.pick(self.live_nets()) if r.random() < 0.7 else self.pick(self.names)
            elif n == 'port-ifname':
                s = self.pick(list(self.portdevs.values()))
            else:
                s = 'x'
            if r.random() < 0.03:
                s = self.pick(['', 'n' * r.randrange(30, 40), 'a\x01b', 'ü' * 8])
            return s.encode(errors='surrogateescape') + b'\0'
        if a.type == 'binary':
            if n in ('mac', 'lladdr'):
                return self.pick(self.macs) if r.random() < 0.9 else self.rand_bytes(6)
            if n in ('local6', 'addr6', 'peer6', 'ip6'):
                return self.pick(self.addr6)
            return self.rand_bytes(a.exact_len or r.randrange(0, 20))
        if a.type == 'flag':
            return b''
        if a.type == 'nest':
            sub = self.spec.sets[a.nested]
            return b''.join(nla(x.value, self.value(x, op))
                            for x in r.sample(list(sub.values()), min(2, len(sub))))
        if a.type == 'pad':
            return b''
        # scalars
        if n in ('ifindex', 'switch-ifindex', 'port-ifindex'):
            if op.startswith('net') or op.startswith('peer') or n == 'switch-ifindex':
                pool = list(self.switches) * 3 + list(self.portdevs)[:2] + [1, 0, 999999]
            else:
                pool = list(self.portdevs) * 3 + list(self.switches) + [1, 0, 999999]
            v = self.pick(pool)
        elif n == 'vni':
            v = self.pick(self.vnis + [0, 1 << 24])
        elif n in ('addr4', 'peer4', 'local4', 'ip4'):
            return self.pick(self.addr4)
        elif n == 'learning':
            v = self.pick([0, 1, 1, 2])
        elif n == 'encap':
            v = self.pick([0, 1, 0, 1, 2, r.getrandbits(32)])
        elif n in ('df', 'udp-zero-csum6-tx', 'udp-zero-csum6-rx', 'arp-suppress',
                   'flood-unknown'):
            v = self.pick([0, 1, 0, 1, 2, 255])
        elif n == 'port':
            v = self.pick([0, 4789, 6081, 8472, r.randrange(1, 65536)])
        elif n == 'ageing':
            v = self.pick([0, 1, 300, 1000000, 1000001, r.getrandbits(32)])
        elif n == 'fdb-max':
            v = self.pick([0, 1, 16, 65536, 0xffffffff])
        elif n == 'flags':
            v = self.pick([0, 1, 2, r.getrandbits(32)])
        else:
            v = r.getrandbits(8 * a.size())
        return a.pack(v & ((1 << (8 * a.size())) - 1))

    def request(self, op):
        """(attribute list [(type, payload)], kind): a request that makes
        sense in the current state (often accepted), or one of random
        attributes of the op; either may then be mutated."""
        r = self.rnd
        spec = self.spec.ops[op]
        aset = self.spec.sets[spec['set']]
        attrs = []
        if r.random() < 0.65:
            for n, payloads in self.sensible(op):
                a = aset[n]
                # Strict validation wants nests flagged as such.
                t = a.value | (NLA_F_NESTED if a.type == 'nest' else 0)
                for p in (payloads if isinstance(payloads, list) else [payloads]):
                    attrs.append((t, p))
            kind = 'sensible'
        else:
            for n in spec['request']:
                if r.random() < 0.6:
                    a = aset[n]
                    for _ in range(r.choice([1, 1, 1, 2]) if a.multi else 1):
                        attrs.append((a.value, self.value(a, op)))
            kind = 'random attributes'
        if r.random() < 0.3:
            kind += ', mutated'
            for _ in range(r.choice([1, 1, 2, 3])):
                attrs = self.mutate(attrs, aset)
        return attrs, kind

    def switch_attrs(self, k_idx, k_name, sw):
        r = self.rnd
        x = r.random()
        if x < 0.45:
            return [(k_idx, self.u32(sw))]
        if x < 0.9:
            return [(k_name, self.s(self.switches[sw]))]
        return [(k_idx, self.u32(sw)), (k_name, self.s(self.switches[sw]))]

    @staticmethod
    def u32(v):
        return struct.pack('=I', v)

    @staticmethod
    def s(v):
        return v.encode(errors='surrogateescape') + b'\0'

    def family_addr(self, sw):
        """An address of the switch's underlay family (4 or 16 bytes)."""
        if self.switches_v6.get(sw):
            return self.pick(self.addr6[:7])
        return self.pick(self.addr4[:9])

    def addr_nests(self):
        """The payloads of an address list (addr set): 0 to 5 addresses,
        or one empty nest (clear)."""
        r = self.rnd
        aa = self.spec.sets['addr']
        if r.random() < 0.2:
            return [b'']
        return [nla(aa['addr4' if len(b) == 4 else 'addr6'].value, b)
                for b in r.sample(self.addr4 + self.addr6, self.pick([1, 2, 4, 5]))]

    def service_attrs(self):
        """Some service settings of net-new or net-set (not modelled: a
        request they make refused must change nothing else either)."""
        r = self.rnd
        pool = [
            ('dhcp', bytes([self.pick([0, 1, 2])])),
            ('dns', bytes([self.pick([0, 1])])),
            ('lease', self.u32(self.pick([10, 3600, 9, 31536000]))),
            ('domain', self.s(self.pick(['', 'lab.example', 'a..b', 'x' * 64]))),
            ('dns-server', self.addr_nests()),
            ('service4', self.pick(self.addr4 + [bytes(4), b'\xff' * 4])),
            ('service6', self.pick(self.addr6 + [bytes(16)])),
            ('service-prefix-len4', bytes([self.pick([24, 32, 33])])),
            ('service-prefix-len6', bytes([self.pick([64, 128, 129])])),
            ('service-mac', self.pick(self.macs + [bytes(6), b'\xff' * 6])),
        ]
        return r.sample(pool, r.randrange(1, 4))

    def sensible(self, op):
        """[(attribute name, payload or [payloads])] for op, from the model."""
        r = self.rnd
        m = self.model
        sw = self.pick(list(self.switches))
        nets = list(m.nets)
        net = self.pick(nets) if nets and r.random() < 0.9 else self.pick(self.names)
        ports = list(m.ports)
        free = [p for p in self.portdevs if p not in m.ports]
        peers = list(m.peers)
        a = []
        if op == 'switch-get':
            a = self.switch_attrs('ifindex', 'ifname', sw)
        elif op == 'net-new':
            a = self.switch_attrs('ifindex', 'ifname', sw)
            a += [('name', self.s(self.pick(self.names))),
                  ('vni', self.u32(self.pick(self.vnis)))]
            if r.random() < 0.3:
                a.append(('learning', bytes([r.randrange(2)])))
            if r.random() < 0.3:
                a.append(('ageing', self.u32(self.pick([0, 10, 300, 1000000]))))
            if r.random() < 0.3:
                a.append(('fdb-max', self.u32(self.pick([0, 1, 64, 65536]))))
            if r.random() < 0.3:
                a += self.service_attrs()
        elif op in ('net-del', 'net-get'):
            a = [('name', self.s(net))]
            if op == 'net-get' and r.random() < 0.2:
                a.append(('ifindex', self.u32(sw)))
        elif op == 'net-set':
            a = [('name', self.s(net))]
            if r.random() < 0.5:
                a.append(('learning', bytes([r.randrange(2)])))
            if r.random() < 0.5:
                a.append(('ageing', self.u32(self.pick([0, 10, 300, 1000000]))))
            if r.random() < 0.5:
                a.append(('fdb-max', self.u32(self.pick([0, 1, 64, 65536]))))
            if r.random() < 0.5:
                a += self.service_attrs()
        elif op == 'switch-set':
            a = self.switch_attrs('ifindex', 'ifname', sw)
            if r.random() < 0.6:
                a.append(('service-rate', self.u32(self.pick([1, 100, 1000000, 0, 1000001]))))
            if r.random() < 0.6:
                a.append(('service-burst', self.u32(self.pick([1, 200, 1000000, 0]))))
            if r.random() < 0.5:
                a.append(('dns-upstream', self.addr_nests()))
        elif op in ('packet-listen', 'packet-unlisten'):
            a = [('switch-ifindex', self.u32(sw))]
        elif op == 'packet-send':
            # A port of the switch (often), or any device; frames of any length.
            mine = [p for p, n in m.ports.items() if m.nets[n]['ifindex'] == sw]
            dev = self.pick(mine) if mine and r.random() < 0.8 else self.pick(list(self.portdevs))
            size = self.pick([14, 60, 342, 1514, 1518, 1519, 9000, r.randrange(0, 14)])
            frame = (self.pick(self.macs) + self.pick(self.macs) + b'\x08\x00' +
                     self.rand_bytes(8))[:size].ljust(size, b'\0')
            a = [('switch-ifindex', self.u32(sw)), ('port-ifindex', self.u32(dev)),
                 ('frame', frame)]
        elif op == 'port-new':
            dev = self.pick(free) if free and r.random() < 0.9 else self.pick(list(self.portdevs))
            a = [('ifindex', self.u32(dev)), ('net', self.s(net))]
            if r.random() < 0.4:
                a.append(('mac', self.pick(self.macs)))
                if r.random() < 0.7:
                    ips = r.sample(self.addr4 + self.addr6, r.randrange(1, 4))
                    a += [('ip4' if len(ip) == 4 else 'ip6', ip) for ip in ips]
            if r.random() < 0.2:
                a.append(('name', self.s(self.pick(self.names))))
        elif op in ('neigh-new', 'neigh-del', 'neigh-get'):
            if op != 'neigh-new' and m.neigh and r.random() < 0.8:
                net, key = self.pick(list(m.neigh))
                addr = key[12:] if key[:12] == V4MAPPED else key
            else:
                addr = self.pick(self.addr4 + self.addr6)
            a = [('net', self.s(net)), ('addr4' if len(addr) == 4 else 'addr6', addr)]
            if op == 'neigh-new':
                a.append(('lladdr', self.pick(self.macs)))
                in_net = [p for p, n in m.ports.items() if n == net]
                members = [k[1] for k, ns in m.peers.items() if net in ns]
                if in_net and (not members or r.random() < 0.5):
                    a.append(('port-ifindex', self.u32(self.pick(in_net))))
                elif members:
                    peer = self.pick(members)
                    a.append(('peer4' if len(peer) == 4 else 'peer6', peer))
        elif op in ('router-new', 'router-del', 'router-get'):
            if op == 'router-new':
                a = self.switch_attrs('switch-ifindex', 'switch-ifname', sw)
            a.append(('name', self.s(self.pick(ROUTERS))))
            if op == 'router-new':
                a.append(('mac', self.pick(self.macs)))
        elif op in ('router-attach', 'router-detach'):
            rname = self.pick(list(m.routers) if m.routers and r.random() < 0.9 else ROUTERS)
            rt = m.routers.get(rname)
            if rt and op == 'router-detach' and rt['nets'] and r.random() < 0.8:
                net = self.pick(sorted(rt['nets']))
            elif rt and op == 'router-attach' and r.random() < 0.8:
                taken = {n for x in m.routers.values() for n in x['nets']}
                free = [n for n, d in m.nets.items() if d['ifindex'] == rt['sw'] and n not in taken]
                if free:
                    net = self.pick(free)
            a = [('name', self.s(rname)), ('net', self.s(net))]
            if op == 'router-attach':
                ra = self.spec.sets['router-addr']
                # Each network its own prefixes, so that they rarely overlap.
                idx = sum(net.encode(errors='surrogateescape')) % 200 + 20
                pool = [(f'10.{idx}.0.1', 24), (f'fd00:{idx}::1', 64)]
                if r.random() < 0.2:
                    pool = RIF_ADDRS
                nests = []
                for addr, plen in r.sample(pool, r.randrange(1, 3)):
                    b = ip_bytes(addr)
                    nests.append(nla(ra['addr4' if len(b) == 4 else 'addr6'].value, b) +
                                 nla(ra['prefix-len'].value, bytes([plen])))
                a.append(('addr', nests))
        elif op in ('route-new', 'route-del', 'route-get'):
            usable = [k for k, v in m.routers.items() if v['nets']]
            rname = self.pick(usable) if usable and r.random() < 0.9 else self.pick(ROUTERS)
            rt = m.routers.get(rname)
            if op != 'route-new' and rt and rt['routes'] and r.random() < 0.8:
                b, plen = self.pick(sorted(rt['routes']))
                via = None
            elif rt and rt['nets'] and r.random() < 0.8:
                n = self.pick(sorted(rt['nets']))
                idx = sum(n.encode(errors='surrogateescape')) % 200 + 20
                if r.random() < 0.5:
                    b, plen, via = ip_bytes(f'10.{r.randrange(220, 250)}.0.0'), 16, f'10.{idx}.0.50'
                else:
                    b, plen, via = ip_bytes(f'fd00:{r.randrange(300, 400)}::'), 64, f'fd00:{idx}::9'
            else:
                pfx, plen, via = self.pick(ROUTES)
                b = ip_bytes(pfx)
            a = [('router', self.s(rname)),
                 ('addr4' if len(b) == 4 else 'addr6', b), ('prefix-len', bytes([plen]))]
            if op == 'route-new' and via:
                v = ip_bytes(via)
                a.append(('via4' if len(v) == 4 else 'via6', v))
        elif op in ('port-del', 'port-get'):
            dev = self.pick(ports) if ports and r.random() < 0.9 else self.pick(list(self.portdevs))
            a = [('ifindex', self.u32(dev))]
            if op == 'port-get' and r.random() < 0.3:
                a = [('net', self.s(net))]
        elif op in ('fdb-new', 'fdb-del', 'fdb-get'):
            mac = self.pick(self.macs)
            usable = sorted(set(m.ports.values()) | {n for ns in m.peers.values() for n in ns})
            if op == 'fdb-new' and usable and r.random() < 0.8:
                net = self.pick(usable)
            if op != 'fdb-new' and m.fdb and r.random() < 0.8:
                net, mac = self.pick(list(m.fdb))
            a = [('net', self.s(net)), ('mac', mac)]
            if op == 'fdb-new':
                in_net = [p for p, n in m.ports.items() if n == net]
                members = [k[1] for k, ns in m.peers.items() if net in ns]
                if in_net and (not members or r.random() < 0.5):
                    a.append(('port-ifindex', self.u32(self.pick(in_net))))
                elif members:
                    addr = self.pick(members)
                    a.append(('peer4' if len(addr) == 4 else 'peer6', addr))
                else:
                    a.append(('port-ifindex', self.u32(self.pick(list(self.portdevs)))))
        elif op == 'fdb-flush':
            if r.random() < 0.7:
                a.append(('net', self.s(net)))
            x = r.random()
            if x < 0.3 and ports:
                a.append(('port-ifindex', self.u32(self.pick(ports))))
            elif x < 0.6 and peers:
                addr = self.pick(peers)[1]
                a.append(('peer4' if len(addr) == 4 else 'peer6', addr))
        elif op in ('peer-new', 'peer-del', 'peer-get'):
            if peers and (op != 'peer-new' or r.random() < 0.5):
                sw, addr = self.pick(peers)
            else:
                addr = self.family_addr(sw)
            a = self.switch_attrs('switch-ifindex', 'switch-ifname', sw)
            a.append(('addr4' if len(addr) == 4 else 'addr6', addr))
            if op != 'peer-get' and r.random() < 0.6:
                if op == 'peer-new':
                    mine = [n for n, d in m.nets.items() if d['ifindex'] == sw]
                else:
                    mine = list(m.peers.get((sw, addr), ()))
                if mine:
                    a.append(('net', [self.s(n) for n in
                                      r.sample(mine, r.randrange(1, len(mine) + 1))]))
        return a

    def mutate(self, attrs, aset):
        r = self.rnd
        m = r.randrange(9)
        if m == 0 and attrs:            # truncate or extend a payload
            i = r.randrange(len(attrs))
            t, p = attrs[i]
            p = p[:r.randrange(len(p) + 1)] if r.random() < 0.5 else p + self.rand_bytes(r.randrange(1, 9))
            attrs[i] = (t, p)
        elif m == 1 and attrs:          # duplicate one
            attrs.append(self.pick(attrs))
        elif m == 2:                    # an attribute of another set, or unknown
            t = r.choice([0, r.randrange(1, 40), r.getrandbits(14)])
            attrs.append((t, self.rand_bytes(r.choice([0, 1, 2, 4, 6, 8, 16, 33]))))
        elif m == 3 and attrs:          # nested / byte-order flag bits
            i = r.randrange(len(attrs))
            t, p = attrs[i]
            if t != 'raw':
                attrs[i] = (t | r.choice([NLA_F_NESTED, NLA_F_NET_BYTEORDER]), p)
        elif m == 4 and attrs:          # flip bits
            i = r.randrange(len(attrs))
            t, p = attrs[i]
            if p:
                b = bytearray(p)
                j = r.randrange(len(b))
                b[j] ^= 1 << r.randrange(8)
                attrs[i] = (t, bytes(b))
        elif m == 5 and attrs:          # a string without its NUL
            i = r.randrange(len(attrs))
            t, p = attrs[i]
            attrs[i] = (t, p.rstrip(b'\0'))
        elif m == 6:                    # every attribute of the set, read-only ones too
            for a in aset.values():
                if r.random() < 0.3 and a.type != 'pad':
                    attrs.append((a.value, self.value(a, '')))
        elif m == 7 and attrs:          # drop one
            attrs.pop(r.randrange(len(attrs)))
        else:                           # an attribute with a random length field
            attrs.append(('raw', struct.pack('HH', r.choice([0, 1, 3, 5, 0xffff]),
                                             r.randrange(1, 20)) + self.rand_bytes(r.randrange(0, 8))))
        return attrs

    @staticmethod
    def encode(attrs):
        return b''.join(p if t == 'raw' else nla(t, p) for t, p in attrs)

    def parsed(self, op, body):
        """The request's attributes by name, as the kernel reads them (the
        last one wins, multi-attrs gathered); None if it cannot be parsed."""
        aset = self.spec.sets[self.spec.ops[op]['set']]
        by_val = {a.value: a for a in aset.values()}
        out = {}
        for t, p in parse_attrs(body):
            a = by_val.get(t)
            if a is None:
                return None
            if a.type == 'string':
                v = cstr(p)
            elif a.type == 'binary':
                v = bytes(p)
            elif a.type == 'flag':
                v = True
            elif a.type == 'nest':
                v = p
            elif a.name in ('addr4', 'peer4', 'local4', 'ip4', 'via4'):
                v = bytes(p[:4])
            elif a.size() and len(p) >= a.size():
                v = a.unpack(p[:a.size()])
            else:
                return None
            if a.multi:
                out.setdefault(a.name, []).append(v)
            else:
                out[a.name] = v
        return out

    def one_batch(self):
        r = self.rnd
        msgs = []
        meta = {}
        ops = list(self.spec.ops)
        weights = [OP_WEIGHTS.get(o, 1) for o in ops]
        for _ in range(self.batch):
            op = r.choices(ops, weights)[0]
            spec = self.spec.ops[op]
            st = self.stats.setdefault(op, [0, 0, 0])
            x = r.random()
            flags = NLM_F_REQUEST | NLM_F_ACK
            version, resv, cmd = 1, 0, spec['value']
            if x < 0.05:                # random command, random payload
                cmd = r.randrange(0, self.spec.max_cmd + 4)
                body = self.rand_bytes(r.randrange(0, 64))
                op = 'random'
                st = self.stats.setdefault(op, [0, 0, 0])
            else:
                attrs, kind = self.request(op)
                body = self.encode(attrs)
                if kind == 'mutated' and r.random() < 0.2:
                    y = r.randrange(4)
                    if y == 0:
                        resv = r.randrange(1, 0x10000)
                    elif y == 1:
                        version = r.randrange(256)
                    elif y == 2:
                        flags |= r.choice([0x8, 0x10, 0x20, 0x100, 0x200, 0x400, 0x800])
                    else:
                        body = body[:r.randrange(len(body) + 1)]
            if spec['dump'] and op != 'random' and r.random() < 0.3:
                flags |= NLM_F_DUMP
            seq, m = self.msg(cmd, body, flags, version, resv)
            msgs.append((seq, m))
            meta[seq] = (op, body, flags, version, resv, cmd)
            st[0] += 1
        before = None
        res, overrun = self.exchange(msgs)
        if overrun:
            raise RuntimeError('netlink socket overran (ENOBUFS): answers lost')
        for seq, (op, body, flags, version, resv, cmd) in meta.items():
            err = res.get(seq)
            st = self.stats[op]
            if err is None:
                raise RuntimeError(f'no answer to request {seq} ({op}, flags {flags:#x}, '
                                   f'version {version}, reserved {resv}, cmd {cmd}): '
                                   f'{body.hex()}')
            if err == 0:
                st[1] += 1
            else:
                st[2] += 1
                self.errnos[err] = self.errnos.get(err, 0) + 1
            mutating = op != 'random' and self.spec.ops[op]['admin']
            if err == 0 and mutating:
                a = self.parsed(op, body)
                if a is None:
                    self.note(f'accepted {op} whose attributes the spec does not allow: '
                              f'{body.hex()}')
                    continue
                if op == 'net-new' and not all(32 < ord(c) < 127 for c in a['name']):
                    self.odd_names.append(a['name'])
                try:
                    self.model.apply(op, a)
                except KeyError as e:
                    self.note(f'accepted {op} {a!r} that the model cannot apply: {e!r}')
                self.log.append((op, a))
            elif err == 0 and op == 'random' and cmd in {o['value'] for o in self.spec.ops.values()
                                                         if o['admin']}:
                self.log.append(('random-accepted', cmd, body.hex()))
        self.log = self.log[-50:]
        return before

    def rtnl_req(self, mtype, flags, body):
        self.seq += 1
        m = struct.pack('IHHII', 16 + len(body), mtype, flags | NLM_F_REQUEST | NLM_F_ACK,
                        self.seq, 0) + body
        self.rtnl.send(m)
        while True:
            data = self.rtnl.recv(65536)
            off = 0
            while off + 16 <= len(data):
                ln, typ, _, seq = struct.unpack_from('IHHI', data, off)
                if typ == NLMSG_ERROR and seq == self.seq:
                    return -struct.unpack_from('i', data, off + 16)[0]
                off += max((ln + 3) & ~3, 16)

    def rtnl_round(self):
        """A switch created with RTM_NEWLINK and random (maybe mutated) ovx
        link attributes of the spec's linkinfo set: if accepted, switch-get
        must show what was asked for, and the fuzzer uses it from then on."""
        r = self.rnd
        aset = self.spec.sets['linkinfo']
        attrs = [(a.value, self.value(a, 'linkinfo')) for a in aset.values()
                 if r.random() < 0.4]
        if r.random() < 0.3:
            for _ in range(r.choice([1, 2])):
                attrs = self.mutate(attrs, aset)
        data = self.encode(attrs)
        self.made_n += 1
        name = f'fz{self.made_n}'
        info = nla(IFLA_INFO_KIND, b'ovx\0') + nla(IFLA_INFO_DATA | NLA_F_NESTED, data)
        body = struct.pack('BxHiII', 0, 0, 0, 0, 0) + nla(IFLA_IFNAME, name.encode() + b'\0') + \
            nla(IFLA_LINKINFO | NLA_F_NESTED, info)
        st = self.stats.setdefault('rtm-newlink', [0, 0, 0])
        st[0] += 1
        err = self.rtnl_req(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, body)
        if err:
            st[2] += 1
            self.errnos[err] = self.errnos.get(err, 0) + 1
            return
        st[1] += 1
        idx = socket.if_nametoindex(name)
        want = {}
        by_val = {a.value: a for a in aset.values()}
        # rtnetlink parses link data liberally: unknown attributes are
        # ignored, longer scalars read from their start.
        for t, p in parse_attrs(data):
            a = by_val.get(t)
            if a is None:
                continue
            if a.size() and len(p) < a.size():
                self.note(f'RTM_NEWLINK accepted with a short {a.name}: {data.hex()}')
                break
            want[a.name] = bytes(p[:16]) if a.type == 'binary' else a.unpack(p[:a.size()])
        got = self.switch_get(idx)
        for k, v in want.items():
            if got.get(k) != v:
                self.note(f'switch {name} asked for {k} {v!r}, switch-get shows {got.get(k)!r}')
        self.switches[idx] = name
        if 'local6' in want:
            self.switches_v6[idx] = True
        self.made.append(idx)
        self.log.append(('rtm-newlink', name, want))
        if len(self.made) > EXTRA_SWITCHES:
            old = self.made.pop(0)
            st = self.stats.setdefault('rtm-dellink', [0, 0, 0])
            st[0] += 1
            err = self.rtnl_req(RTM_DELLINK, 0, struct.pack('BxHiII', 0, 0, old, 0, 0))
            if err:
                st[2] += 1
                self.note(f'RTM_DELLINK of switch {old} failed: {errno.errorcode.get(err, err)}')
                return
            st[1] += 1
            self.model.switch_gone(old)
            self.switches_v6.pop(old, None)
            self.log.append(('rtm-dellink', old))

    def switch_get(self, idx):
        """The scalar attributes of one switch, by name."""
        aset = self.spec.sets['switch']
        by_val = {a.value: a for a in aset.values()}
        seq, m = self.msg(self.spec.ops['switch-get']['value'],
                          nla(aset['ifindex'].value, struct.pack('=I', idx)))
        self.sock.send(m)
        out = {}
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, typ, _, s = struct.unpack_from('IHHI', data, off)
                if s == seq and typ == NLMSG_ERROR:
                    return out
                if s == seq:
                    for t, p in parse_attrs(data, off + 20, off + ln):
                        a = by_val.get(t)
                        if a and a.size():
                            out[a.name] = a.unpack(p[:a.size()])
                        elif a and a.type == 'binary':
                            out[a.name] = bytes(p)
                off += (ln + 3) & ~3

    def malformed(self):
        """Messages with broken netlink headers, alone in their sendmsg (the
        kernel stops reading an skb at the first bad header)."""
        r = self.rnd
        cmd = self.pick([o['value'] for o in self.spec.ops.values()])
        kind = r.randrange(4)
        if kind == 0:
            data = self.rand_bytes(r.randrange(1, 16))          # shorter than a header
        elif kind == 1:
            _, data = self.msg(cmd, self.rand_bytes(8), lenfix=r.randrange(1, 64))
        elif kind == 2:
            _, data = self.msg(cmd, b'')
            data = data[:r.randrange(16, len(data))]            # genl header cut
            data = struct.pack('I', len(data)) + data[4:]
        else:
            _, data = self.msg(cmd, self.rand_bytes(12), flags=NLM_F_REQUEST)
            data = data + self.rand_bytes(r.randrange(1, 40))   # trailing garbage
        try:
            self.sock.send(data)
        except OSError:
            pass
        self.raw_sent += 1

    def note(self, text):
        self.divergences += 1
        print(f'# DIVERGENCE: {text}', flush=True)

    def compare(self, where):
        got = self.kernel_state()
        want = self.model.canon()
        if got == want:
            return True
        for k in want:
            gone = set(want[k]) - set(got[k])
            extra = set(got[k]) - set(want[k])
            for o in sorted(gone)[:5]:
                print(f'# {where}: {k} expected but not dumped: {o}')
            for o in sorted(extra)[:5]:
                print(f'# {where}: {k} dumped but not expected: {o}')
        print('# last accepted requests:')
        for entry in self.log[-10:]:
            print(f'#   {entry}')
        self.divergences += 1
        # Carry on from what the kernel has, to find more than one.
        self.resync(got)
        return False

    def resync(self, got):
        m = self.model
        m.switches.clear()
        m.switches.update(dict(got['switches']))
        m.nets = {n: {'ifindex': i, 'vni': v, 'learning': le, 'ageing': ag, 'fdb_max': fm}
                  for n, i, v, le, ag, fm, _ in got['nets']}
        m.ports = dict(got['ports'])
        m.peers = {(sw, a): set(ns) for sw, a, ns in got['peers']}
        m.fdb = {(n, mac): (k, t) for n, mac, k, t in got['fdb']}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--count', type=int, default=100000)
    p.add_argument('--seconds', type=float, default=0)
    p.add_argument('--seed', type=int, default=None)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--check-every', type=int, default=50)
    p.add_argument('--switches', required=True, help='comma-separated names')
    p.add_argument('--v6-switches', default='', help='those of --switches on IPv6')
    p.add_argument('--ports', required=True, help='comma-separated device names')
    args = p.parse_args()
    args.switches = args.switches.split(',')
    args.v6_switches = args.v6_switches.split(',') if args.v6_switches else []
    args.ports = args.ports.split(',')
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), 'little')

    print('1..4', flush=True)
    print(f'# seed {args.seed}', flush=True)
    spec = Spec(SPEC)
    f = Fuzzer(spec, args)
    start = time.monotonic()
    batches = 0
    sent = 0
    checks_ok = True
    error = None
    try:
        while sent < args.count or (args.seconds and time.monotonic() - start < args.seconds):
            if args.seconds and time.monotonic() - start >= args.seconds and sent >= args.count:
                break
            f.one_batch()
            sent += f.batch
            batches += 1
            if batches % 8 == 0:
                f.malformed()
            if batches % 4 == 0:
                f.rtnl_round()
            if batches % args.check_every == 0:
                checks_ok &= f.compare(f'after {sent} requests')
    except Exception as e:  # reported as a failed result below
        error = e
    took = time.monotonic() - start
    total = sum(s[0] for s in f.stats.values())
    acc = sum(s[1] for s in f.stats.values())
    rej = sum(s[2] for s in f.stats.values())
    print(f'# {total} requests in {batches} batches of {f.batch} and {f.raw_sent} '
          f'malformed messages in {took:.1f} s ({total / max(took, 1e-9):.0f}/s): '
          f'{acc} accepted, {rej} rejected', flush=True)
    for op in sorted(f.stats):
        s = f.stats[op]
        print(f'#   {op:12} sent {s[0]:7} accepted {s[1]:7} rejected {s[2]:7}')
    print('#   errnos: ' + ', '.join(f'{errno.errorcode.get(e, e)} {n}'
                                     for e, n in sorted(f.errnos.items(), key=lambda x: -x[1])))
    if f.odd_names:
        print(f'# {len(f.odd_names)} networks were created with names beyond printable ASCII, '
              f'e.g. {[n.encode(errors="surrogateescape") for n in f.odd_names[:5]]}')
    if error:
        print(f'# stopped by {error!r}')
        for line in traceback.format_exception(error):
            for x in line.rstrip().splitlines():
                print(f'# {x}')
    print(f'{"ok" if error is None else "not ok"} 1 {total} requests sent, each answered')
    every = all(f.stats.get(op, [0, 0])[1] > 0 for op in list(spec.ops) + ['rtm-newlink'])
    print(f'{"ok" if every else "not ok"} 2 every op of the spec, and RTM_NEWLINK with its '
          'linkinfo, was sent and accepted at least once')
    final = False
    try:
        final = f.compare('at the end')
    except Exception as e:
        print(f'# final dump failed: {e!r}')
    print(f'{"ok" if checks_ok and f.divergences == 0 else "not ok"} 3 '
          f'the dumps matched the model at every check ({f.divergences} divergences)')
    print(f'{"ok" if final else "not ok"} 4 the final dump equals the model of the accepted '
          f'requests ({len(f.model.nets)} networks, {len(f.model.ports)} ports, '
          f'{len(f.model.peers)} peers, {len(f.model.fdb)} FDB entries)')


if __name__ == '__main__':
    main()
