#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The packet channel of ovx (issue 11), for selftests/service_channel.sh.

Runs in the hypervisor namespace HV (where the switches are) and reaches
the guests' namespaces with setns(2) for its packet sockets only:

    service_nl.py GUEST1 GUEST2 OTHER_PORT
    service_nl.py --hold SWITCH     listen on SWITCH, print "listening",
                                    keep the socket until stdin closes

GUEST1 and GUEST2 are the namespaces of the guests behind ports v1 and v2
of network blue (vni 100) of switch ovx0; OTHER_PORT is a port of another
switch.  Raw generic netlink (the attribute and command numbers are read
from include/uapi/linux/ovx.h), frames crafted by hand.

Output: KTAP results; exit status 0 when it ran to its end.
"""

import ctypes
import errno
import os
import re
import select
import socket
import struct
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UAPI = os.path.join(TOP, 'include', 'uapi', 'linux', 'ovx.h')

NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NLMSG_DONE = 3
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLA_F_NESTED = 0x8000
CLONE_NEWNET = 0x40000000
ETH_P_ALL = 3
PACKET_OUTGOING = 4

GUEST1_MAC = bytes.fromhex('020000000101')
GUEST2_MAC = bytes.fromhex('020000000201')
SERVICE_MAC = bytes.fromhex('0200000000fe')
BCAST = b'\xff' * 6


def uapi_constants(path):
    """Every enumerator and #define of the uapi header, by name."""
    consts = {}
    text = open(path).read()
    for m in re.finditer(r'#define\s+(OVX_\w+)\s+(\d+)', text):
        consts[m.group(1)] = int(m.group(2))
    for body in re.findall(r'enum\s*\w*\s*\{(.*?)\};', text, re.S):
        val = 0
        for line in body.splitlines():
            m = re.match(r'\s*(\w+)\s*(?:=\s*([^,]+))?,', line)
            if not m:
                continue
            if m.group(2):
                try:
                    val = int(m.group(2), 0)
                except ValueError:
                    continue    # the _MAX = (__..._MAX - 1) lines
            consts[m.group(1)] = val
            val += 1
    return consts


C = uapi_constants(UAPI)

_results = 0


def plan(n):
    print(f'1..{n}', flush=True)


def result(good, desc):
    global _results
    _results += 1
    print(f'{"ok" if good else "not ok"} {_results} {desc}', flush=True)
    return good


def diag(text):
    for line in str(text).splitlines() or ['']:
        print('# ' + line, flush=True)


# --- netlink ------------------------------------------------------------------

def nla(atype, payload):
    pad = b'\0' * ((4 - len(payload) % 4) % 4)
    return struct.pack('HH', 4 + len(payload), atype) + payload + pad


def nest(atype, inner):
    return nla(atype | NLA_F_NESTED, inner)


def u8(v):
    return struct.pack('B', v)


def u32(v):
    return struct.pack('I', v)


def strz(s):
    return s.encode() + b'\0'


def parse_attrs(data):
    """Attributes as {type: [payload, ...]} (repeated ones in order)."""
    out = {}
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from('HH', data, off)
        if alen < 4:
            break
        out.setdefault(atype & 0x3fff, []).append(data[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


def get_u32(attrs, t):
    return struct.unpack('I', attrs[t][0])[0] if t in attrs else None


def get_u8(attrs, t):
    return attrs[t][0][0] if t in attrs else None


def get_u64(attrs, t):
    return struct.unpack('Q', attrs[t][0])[0] if t in attrs else None


class Genl:
    """One generic netlink socket: requests to ovx, and upcalls."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  16)  # NETLINK_GENERIC
        self.sock.setsockopt(270, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(270, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.portid = self.sock.getsockname()[0]
        self.seq = 0
        self.upcalls = []
        self.family = GENL_ID_CTRL
        err, _, msgs = self.request(CTRL_CMD_GETFAMILY,
                                    nla(CTRL_ATTR_FAMILY_NAME, strz('ovx')))
        if err:
            raise OSError(err, 'ovx family not found')
        self.family = struct.unpack('H', msgs[0][CTRL_ATTR_FAMILY_ID][0][:2])[0]

    def close(self):
        self.sock.close()

    def _handle(self, msg):
        """Keep an upcall received among replies."""
        mtype = struct.unpack_from('H', msg, 4)[0]
        if mtype == self.family and msg[16] == C['OVX_CMD_PACKET_UPCALL']:
            self.upcalls.append(parse_attrs(msg[20:]))
            return True
        return False

    def request(self, cmd, body):
        """(errno, extack message, [reply attrs...])."""
        self.seq += 1
        seq = self.seq
        hdr = struct.pack('IHHII', 20 + len(body), self.family,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0)
        self.sock.send(hdr + struct.pack('BBH', cmd, 1, 0) + body)
        replies = []
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, flags, mseq = struct.unpack_from('IHHI', data, off)
                msg = data[off:off + mlen]
                off += (mlen + 3) & ~3
                if self._handle(msg) or mseq != seq:
                    continue
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from('i', msg, 16)[0]
                    ext = ''
                    if flags & 0x200:   # NLM_F_ACK_TLVS
                        tlv = parse_attrs(msg[16 + 4 + 16:])
                        if NLMSGERR_ATTR_MSG in tlv:
                            ext = tlv[NLMSGERR_ATTR_MSG][0].rstrip(b'\0').decode()
                    return err, ext, replies
                if mtype != NLMSG_DONE:
                    replies.append(parse_attrs(msg[20:]))

    def get(self, cmd, body):
        err, ext, msgs = self.request(cmd, body)
        if err:
            raise OSError(err, f'get {cmd}: {ext}')
        return msgs[0]

    def wait_upcalls(self, n, timeout=3.0):
        """Upcalls received, waiting up to @timeout for @n of them."""
        end = time.time() + timeout
        while len(self.upcalls) < n:
            left = end - time.time()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                break
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen = struct.unpack_from('I', data, off)[0]
                self._handle(data[off:off + mlen])
                off += (mlen + 3) & ~3
        got, self.upcalls = self.upcalls, []
        return got


# --- namespaces and frames -----------------------------------------------------

libc = ctypes.CDLL(None, use_errno=True)
HOME_NS = os.open('/proc/self/ns/net', os.O_RDONLY)


def in_netns(name, fn):
    """fn() run in namespace @name (for the sockets it creates)."""
    fd = os.open(f'/run/netns/{name}', os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), f'setns {name}')
        return fn()
    finally:
        libc.setns(HOME_NS, CLONE_NEWNET)
        os.close(fd)


class Nic:
    """A packet socket on a guest's eth0: send frames, see what came in."""

    def __init__(self, ns):
        def mk():
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                              socket.htons(ETH_P_ALL))
            s.bind(('eth0', 0))
            return s
        self.sock = in_netns(ns, mk)

    def drain(self):
        while select.select([self.sock], [], [], 0)[0]:
            self.sock.recv(65536)

    def send(self, frame):
        self.sock.send(frame)

    def received(self, wait=0.5):
        """Frames that came in (not those sent) within @wait seconds."""
        got = []
        end = time.time() + wait
        while True:
            left = end - time.time()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return got
            data, addr = self.sock.recvfrom(65536)
            if addr[2] != PACKET_OUTGOING:
                got.append(data)


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def eth(dst, src, proto, payload):
    return dst + src + struct.pack('!H', proto) + payload


def ip4(src, dst, proto, payload, frag=0):
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 1, frag,
                      64, proto, 0, socket.inet_aton(src),
                      socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return hdr + payload


def ip6(src, dst, nexthdr, payload, hop=64):
    s = socket.inet_pton(socket.AF_INET6, src)
    d = socket.inet_pton(socket.AF_INET6, dst)
    return struct.pack('!IHBB', 6 << 28, len(payload), nexthdr, hop) + s + d + payload


def udp6_csum(src, dst, seg, proto=17):
    pseudo = (socket.inet_pton(socket.AF_INET6, src) +
              socket.inet_pton(socket.AF_INET6, dst) +
              struct.pack('!IxxxB', len(seg), proto))
    return csum(pseudo + seg)


def udp(sport, dport, payload, v6=None):
    seg = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    if v6:
        c = udp6_csum(v6[0], v6[1], seg)
        seg = seg[:6] + struct.pack('!H', c or 0xffff) + seg[8:]
    return seg


def marker(tag):
    return b'ovx-svc-' + tag.encode() + b'-' + os.urandom(4).hex().encode()


def dhcp4_frame(tag, dst_mac=BCAST, dst='255.255.255.255', dport=67):
    body = struct.pack('!BBBBIHH', 1, 1, 6, 0, 0x1234, 0, 0x8000)
    body += bytes(16) + GUEST1_MAC + bytes(10) + bytes(192)
    body += b'\x63\x82\x53\x63' + b'\x35\x01\x01' + b'\xff' + marker(tag)
    return eth(dst_mac, GUEST1_MAC, 0x0800,
               ip4('0.0.0.0', dst, 17, udp(68, dport, body)))


def dhcp6_frame(tag):
    src, dst = 'fe80::1', 'ff02::1:2'
    seg = udp(546, 547, b'\x01\x00\x00\x01' + marker(tag), (src, dst))
    return eth(bytes.fromhex('333300010002'), GUEST1_MAC, 0x86dd,
               ip6(src, dst, 17, seg))


def rs_frame(tag):
    src, dst = 'fe80::1', 'ff02::2'
    msg = struct.pack('!BBHI', 133, 0, 0, 0) + b'\x01\x01' + GUEST1_MAC
    c = udp6_csum(src, dst, msg, 58)
    msg = msg[:2] + struct.pack('!H', c) + msg[4:]
    return eth(bytes.fromhex('333300000002'), GUEST1_MAC, 0x86dd,
               ip6(src, dst, 58, msg, hop=255))


def dns4_frame(tag, dst, dst_mac=SERVICE_MAC):
    q = b'\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00' + marker(tag)
    return eth(dst_mac, GUEST1_MAC, 0x0800,
               ip4('10.1.0.1', dst, 17, udp(40000, 53, q)))


def dns6_frame(tag, dst, dst_mac=SERVICE_MAC):
    src = 'fd00:1::1'
    q = b'\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00' + marker(tag)
    return eth(dst_mac, GUEST1_MAC, 0x86dd,
               ip6(src, dst, 17, udp(40000, 53, q, (src, dst))))


def vlan_dhcp4_frame(tag):
    f = dhcp4_frame(tag)
    return f[:12] + struct.pack('!HH', 0x8100, 5) + f[12:]


def arp_request(tip):
    body = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + GUEST1_MAC
    body += socket.inet_aton('10.1.0.1') + bytes(6) + socket.inet_aton(tip)
    return eth(BCAST, GUEST1_MAC, 0x0806, body)


def ns_frame(target):
    src = 'fd00:1::1'
    t = socket.inet_pton(socket.AF_INET6, target)
    dst = 'ff02::1:ff' + '%02x:%02x%02x' % (t[13], t[14], t[15])
    dst = socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, dst))
    msg = struct.pack('!BBHI', 135, 0, 0, 0) + t + b'\x01\x01' + GUEST1_MAC
    c = udp6_csum(src, dst, msg, 58)
    msg = msg[:2] + struct.pack('!H', c) + msg[4:]
    dmac = bytes.fromhex('3333ff') + t[13:16]
    return eth(dmac, GUEST1_MAC, 0x86dd, ip6(src, dst, 58, msg, hop=255))


# --- the checks ----------------------------------------------------------------

class Env:
    def __init__(self, g1, g2, other_port):
        self.nl = Genl()
        self.sw = socket.if_nametoindex('ovx0')
        self.sw1 = socket.if_nametoindex('ovx1')
        self.port1 = socket.if_nametoindex('v1')
        self.port2 = socket.if_nametoindex('v2')
        self.other = socket.if_nametoindex(other_port)
        self.g1 = Nic(g1)
        self.g2 = Nic(g2)

    def net(self):
        return self.nl.get(C['OVX_CMD_NET_GET'], nla(C['OVX_A_NET_NAME'], strz('blue')))

    def switch(self):
        return self.nl.get(C['OVX_CMD_SWITCH_GET'], nla(C['OVX_A_SWITCH_IFINDEX'], u32(self.sw)))

    def port_svc(self, ifindex):
        a = self.nl.get(C['OVX_CMD_PORT_GET'], nla(C['OVX_A_PORT_IFINDEX'], u32(ifindex)))
        return svc_stats(a[C['OVX_A_PORT_SERVICE']][0])

    def net_set(self, *attrs, nl=None):
        body = nla(C['OVX_A_NET_NAME'], strz('blue')) + b''.join(attrs)
        return (nl or self.nl).request(C['OVX_CMD_NET_SET'], body)[:2]

    def switch_set(self, *attrs):
        body = nla(C['OVX_A_SWITCH_IFINDEX'], u32(self.sw)) + b''.join(attrs)
        return self.nl.request(C['OVX_CMD_SWITCH_SET'], body)[:2]

    def listen(self, nl, cmd='OVX_CMD_PACKET_LISTEN', sw=None):
        body = nla(C['OVX_A_PACKET_SWITCH_IFINDEX'], u32(sw or self.sw))
        return nl.request(C[cmd], body)[:2]

    def send(self, nl, port, frame, sw=None):
        body = (nla(C['OVX_A_PACKET_SWITCH_IFINDEX'], u32(sw or self.sw)) +
                nla(C['OVX_A_PACKET_PORT_IFINDEX'], u32(port)) +
                nla(C['OVX_A_PACKET_FRAME'], frame))
        return nl.request(C['OVX_CMD_PACKET_SEND'], body)[:2]


def svc_stats(payload):
    a = parse_attrs(payload)
    return {k: get_u64(a, C['OVX_A_SERVICE_STATS_' + k.upper()])
            for k in ('upcalls', 'ratelimited', 'unqueued', 'sent')}


def addr_list(attrs, t):
    out = []
    for p in attrs.get(t, []):
        a = parse_attrs(p)
        if C['OVX_A_ADDR_ADDR4'] in a:
            out.append(socket.inet_ntoa(a[C['OVX_A_ADDR_ADDR4']][0]))
        elif C['OVX_A_ADDR_ADDR6'] in a:
            out.append(socket.inet_ntop(socket.AF_INET6, a[C['OVX_A_ADDR_ADDR6']][0]))
    return out


def dns_nest(t, a):
    if a is None:
        return nest(t, b'')
    if ':' in a:
        return nest(t, nla(C['OVX_A_ADDR_ADDR6'], socket.inet_pton(socket.AF_INET6, a)))
    return nest(t, nla(C['OVX_A_ADDR_ADDR4'], socket.inet_aton(a)))


def net_view(a):
    v = {
        'dhcp': get_u8(a, C['OVX_A_NET_DHCP']),
        'dns': get_u8(a, C['OVX_A_NET_DNS']),
        'lease': get_u32(a, C['OVX_A_NET_LEASE']),
        'plen4': get_u8(a, C['OVX_A_NET_SERVICE_PREFIX_LEN4']),
        'plen6': get_u8(a, C['OVX_A_NET_SERVICE_PREFIX_LEN6']),
        'domain': a[C['OVX_A_NET_DOMAIN']][0].rstrip(b'\0').decode()
        if C['OVX_A_NET_DOMAIN'] in a else None,
        'dns-server': addr_list(a, C['OVX_A_NET_DNS_SERVER']),
        'service4': socket.inet_ntoa(a[C['OVX_A_NET_SERVICE4']][0])
        if C['OVX_A_NET_SERVICE4'] in a else None,
        'service6': socket.inet_ntop(socket.AF_INET6, a[C['OVX_A_NET_SERVICE6']][0])
        if C['OVX_A_NET_SERVICE6'] in a else None,
        'service-mac': a[C['OVX_A_NET_SERVICE_MAC']][0].hex()
        if C['OVX_A_NET_SERVICE_MAC'] in a else None,
        'service': C['OVX_A_NET_SERVICE'] in a,
    }
    return v


def switch_view(a):
    return {
        'listener': get_u32(a, C['OVX_A_SWITCH_LISTENER']),
        'rate': get_u32(a, C['OVX_A_SWITCH_SERVICE_RATE']),
        'burst': get_u32(a, C['OVX_A_SWITCH_SERVICE_BURST']),
        'dns-upstream': addr_list(a, C['OVX_A_SWITCH_DNS_UPSTREAM']),
        'service': C['OVX_A_SWITCH_SERVICE'] in a,
    }


def expect(desc, got, want):
    if not result(got == want, desc):
        diag(f'got  {got}')
        diag(f'want {want}')


def check_settings(env):
    expect('net-get: service settings default (dhcp, dns off; lease 3600; /24, /64; none else)',
           net_view(env.net()),
           {'dhcp': 0, 'dns': 0, 'lease': 3600, 'plen4': 24, 'plen6': 64,
            'domain': None, 'dns-server': [], 'service4': None,
            'service6': None, 'service-mac': None, 'service': True})
    expect('switch-get: listener 0, service-rate 100, service-burst 200, no upstream',
           switch_view(env.switch()),
           {'listener': 0, 'rate': 100, 'burst': 200, 'dns-upstream': [],
            'service': True})
    t = C['OVX_A_NET_DNS_SERVER']
    err, ext = env.net_set(
        nla(C['OVX_A_NET_DHCP'], u8(1)), nla(C['OVX_A_NET_DNS'], u8(1)),
        nla(C['OVX_A_NET_DOMAIN'], strz('lab.example')),
        nla(C['OVX_A_NET_LEASE'], u32(600)),
        dns_nest(t, '10.9.9.9'), dns_nest(t, 'fd00:9::53'),
        nla(C['OVX_A_NET_SERVICE4'], socket.inet_aton('10.1.0.254')),
        nla(C['OVX_A_NET_SERVICE6'], socket.inet_pton(socket.AF_INET6, 'fd00:1::fe')),
        nla(C['OVX_A_NET_SERVICE_PREFIX_LEN4'], u8(16)),
        nla(C['OVX_A_NET_SERVICE_PREFIX_LEN6'], u8(48)),
        nla(C['OVX_A_NET_SERVICE_MAC'], SERVICE_MAC))
    want = {'dhcp': 1, 'dns': 1, 'lease': 600, 'plen4': 16, 'plen6': 48,
            'domain': 'lab.example', 'dns-server': ['10.9.9.9', 'fd00:9::53'],
            'service4': '10.1.0.254', 'service6': 'fd00:1::fe',
            'service-mac': SERVICE_MAC.hex(), 'service': True}
    if err:
        diag(f'net-set: {os.strerror(err)} ({ext})')
    expect('net-set: every service setting, read back by net-get', net_view(env.net()), want)

    cases = [
        ('five dns servers', [dns_nest(t, f'10.9.9.{i}') for i in range(1, 6)],
         errno.E2BIG),
        ('an empty nest with an address', [dns_nest(t, None), dns_nest(t, '10.9.9.1')],
         errno.EINVAL),
        ('a nest with both families',
         [nest(t, nla(C['OVX_A_ADDR_ADDR4'], socket.inet_aton('10.9.9.1')) +
               nla(C['OVX_A_ADDR_ADDR6'], socket.inet_pton(socket.AF_INET6, 'fd00::1')))],
         errno.EINVAL),
        ('a multicast dns server', [dns_nest(t, '224.0.0.1')], errno.EINVAL),
        ('a domain with a blank', [nla(C['OVX_A_NET_DOMAIN'], strz('bad domain'))],
         errno.EINVAL),
        ('a broadcast service4',
         [nla(C['OVX_A_NET_SERVICE4'], socket.inet_aton('255.255.255.255'))], errno.EINVAL),
        ('a multicast service-mac', [nla(C['OVX_A_NET_SERVICE_MAC'], BCAST)], errno.EINVAL),
    ]
    for desc, attrs, want_err in cases:
        # dhcp 0 in the same request: refused requests change nothing.
        err, ext = env.net_set(nla(C['OVX_A_NET_DHCP'], u8(0)), *attrs)
        ok = err == want_err and ext != '' and net_view(env.net()) == want
        if not result(ok, f'net-set refuses {desc} with an extack, changes nothing'):
            diag(f'errno {err} ({ext}); now {net_view(env.net())}')

    err, ext = env.net_set(dns_nest(t, None))
    got = net_view(env.net())['dns-server']
    expect('net-set: one empty dns-server nest clears the list', (err, got), (0, []))
    env.net_set(dns_nest(t, '10.9.9.9'))

    # net-new takes them too, all or nothing.
    def net_new(name, vni, *attrs):
        return env.nl.request(C['OVX_CMD_NET_NEW'],
                              nla(C['OVX_A_NET_IFINDEX'], u32(env.sw)) +
                              nla(C['OVX_A_NET_NAME'], strz(name)) +
                              nla(C['OVX_A_NET_VNI'], u32(vni)) + b''.join(attrs))[:2]

    def net_get(name):
        return env.nl.request(C['OVX_CMD_NET_GET'], nla(C['OVX_A_NET_NAME'], strz(name)))

    err, ext = net_new('svcbad', 301, nla(C['OVX_A_NET_DHCP'], u8(1)),
                       *[dns_nest(t, f'10.9.9.{i}') for i in range(1, 6)])
    gone = net_get('svcbad')[0]
    if not result(err == errno.E2BIG and ext and gone == errno.ENOENT,
                  'net-new with five dns servers: refused with an extack, no network made'):
        diag(f'errno {err} ({ext}); net-get: {gone}')
    err, ext = net_new('svcnew', 300, nla(C['OVX_A_NET_DHCP'], u8(1)),
                       nla(C['OVX_A_NET_SERVICE4'], socket.inet_aton('10.3.0.254')),
                       nla(C['OVX_A_NET_LEASE'], u32(86400)))
    e, x, msgs = net_get('svcnew')
    v = net_view(msgs[0]) if not e else {}
    got = (err, v.get('dhcp'), v.get('dns'), v.get('service4'), v.get('lease'), v.get('plen4'))
    expect('net-new with service settings: net-get shows them (and the defaults)',
           got, (0, 1, 0, '10.3.0.254', 86400, 24))
    env.nl.request(C['OVX_CMD_NET_DEL'], nla(C['OVX_A_NET_NAME'], strz('svcnew')))

    u = C['OVX_A_SWITCH_DNS_UPSTREAM']
    err, ext = env.switch_set(nla(C['OVX_A_SWITCH_SERVICE_RATE'], u32(50)),
                              nla(C['OVX_A_SWITCH_SERVICE_BURST'], u32(70)),
                              dns_nest(u, '192.0.2.53'), dns_nest(u, '2001:db8::53'))
    expect('switch-set: service-rate, service-burst, dns-upstream read back',
           (err, switch_view(env.switch())),
           (0, {'listener': 0, 'rate': 50, 'burst': 70,
                'dns-upstream': ['192.0.2.53', '2001:db8::53'], 'service': True}))
    err, ext = env.switch_set(nla(C['OVX_A_SWITCH_SERVICE_RATE'], u32(1)),
                              *[dns_nest(u, f'192.0.2.{i}') for i in range(1, 6)])
    ok = err == errno.E2BIG and ext and switch_view(env.switch())['rate'] == 50
    if not result(ok, 'switch-set refuses five upstreams with an extack, changes nothing'):
        diag(f'errno {err} ({ext}); now {switch_view(env.switch())}')
    err, ext = env.switch_set(nla(C['OVX_A_SWITCH_SERVICE_RATE'], u32(1000)),
                              nla(C['OVX_A_SWITCH_SERVICE_BURST'], u32(1000)))


def upcall_ok(env, up, service, frame):
    want = {'switch': env.sw, 'net': 'blue', 'vni': 100, 'port': env.port1,
            'service': service, 'frame': frame}
    got = {
        'switch': get_u32(up, C['OVX_A_PACKET_SWITCH_IFINDEX']),
        'net': up[C['OVX_A_PACKET_NET']][0].rstrip(b'\0').decode()
        if C['OVX_A_PACKET_NET'] in up else None,
        'vni': get_u32(up, C['OVX_A_PACKET_VNI']),
        'port': get_u32(up, C['OVX_A_PACKET_PORT_IFINDEX']),
        'service': get_u32(up, C['OVX_A_PACKET_SERVICE']),
        'frame': up[C['OVX_A_PACKET_FRAME']][0] if C['OVX_A_PACKET_FRAME'] in up else None,
    }
    if got != want:
        for k in want:
            if got[k] != want[k]:
                diag(f'{k}: got {got[k]!r:.200} want {want[k]!r:.200}')
    return got == want


def seen(frames, frame):
    """Whether @frame is among @frames (by its end: a VLAN tag comes off)."""
    return any(frame[-24:] in f for f in frames)


def check_handed(env, lst, desc, service, frame):
    env.g2.drain()
    before = env.port_svc(env.port1)['upcalls']
    env.g1.send(frame)
    ups = lst.wait_upcalls(1)
    at_g2 = seen(env.g2.received(0.3), frame)
    after = env.port_svc(env.port1)['upcalls']
    ok = len(ups) == 1 and upcall_ok(env, ups[0], service, frame) and not at_g2 \
        and after == before + 1
    if not result(ok, f'{desc}: one upcall (switch, net, vni, port, service, the frame), '
                  'not switched, counted'):
        diag(f'{len(ups)} upcalls, reached the other guest: {at_g2}, upcalls {before} -> {after}')


def check_switched(env, lst, desc, frame):
    env.g2.drain()
    env.g1.send(frame)
    ups = lst.wait_upcalls(1, 0.5) if lst else []
    at_g2 = seen(env.g2.received(0.5), frame)
    if not result(not ups and at_g2, f'{desc}: switched to the other guest, not handed up'):
        diag(f'{len(ups)} upcalls, reached the other guest: {at_g2}')


def check_channel(env):
    S = {k: C['OVX_SERVICE_' + k] for k in ('DHCP4', 'DHCP6', 'RS', 'DNS')}
    check_switched(env, None, 'no listener: a DHCPDISCOVER', dhcp4_frame('nolisten'))

    lst = Genl()
    err, ext = env.listen(lst)
    v = switch_view(env.switch())['listener']
    expect('packet-listen: the switch reports the socket as its listener',
           (err, v), (0, lst.portid))
    other = Genl()
    err, ext = env.listen(other)
    ok = err == errno.EBUSY and ext != '' and switch_view(env.switch())['listener'] == lst.portid
    if not result(ok, 'packet-listen from a second socket: EBUSY with an extack'):
        diag(f'errno {err} ({ext})')
    err, ext = env.listen(lst)
    result(err == 0, 'packet-listen again from the listener: accepted')
    err, ext = env.listen(other, 'OVX_CMD_PACKET_UNLISTEN')
    ok = err != 0 and switch_view(env.switch())['listener'] == lst.portid
    result(ok, 'packet-unlisten from another socket: refused, the listener stays')

    check_handed(env, lst, 'DHCPv4 to 255.255.255.255:67', S['DHCP4'], dhcp4_frame('d4'))
    check_handed(env, lst, 'DHCPv4 renewal unicast to the server', S['DHCP4'],
                 dhcp4_frame('d4u', GUEST2_MAC, '10.1.0.2'))
    check_handed(env, lst, 'DHCPv6 to ff02::1:2 port 547', S['DHCP6'], dhcp6_frame('d6'))
    check_handed(env, lst, 'router solicitation', S['RS'], rs_frame('rs'))
    check_handed(env, lst, 'DNS to service4:53', S['DNS'], dns4_frame('n4', '10.1.0.254'))
    check_handed(env, lst, 'DNS to service6:53', S['DNS'], dns6_frame('n6', 'fd00:1::fe'))

    check_switched(env, lst, 'DNS to another address (10.1.0.2:53)',
                   dns4_frame('n4o', '10.1.0.2', GUEST2_MAC))
    check_switched(env, lst, 'an 802.1Q-tagged DHCPDISCOVER', vlan_dhcp4_frame('vlan'))
    check_switched(env, lst, 'UDP to port 68', dhcp4_frame('p68', dport=68))
    # Offset 128 bytes: what sits where a UDP header would is data.
    f = eth(BCAST, GUEST1_MAC, 0x0800,
            ip4('10.1.0.1', '255.255.255.255', 17,
                udp(68, 67, marker('frag')), frag=0x0010))
    check_switched(env, lst, 'a non-first IPv4 fragment with port 67 at the UDP offset', f)

    env.net_set(nla(C['OVX_A_NET_DHCP'], u8(0)))
    check_switched(env, lst, 'dhcp off: a DHCPDISCOVER', dhcp4_frame('off'))
    check_switched(env, lst, 'dhcp off: a router solicitation', rs_frame('rsoff'))
    check_handed(env, lst, 'dhcp off, dns on: DNS to service4:53', S['DNS'],
                 dns4_frame('n4b', '10.1.0.254'))
    env.net_set(nla(C['OVX_A_NET_DHCP'], u8(1)), nla(C['OVX_A_NET_DNS'], u8(0)))
    check_switched(env, lst, 'dns off: DNS to service4:53',
                   dns4_frame('n4off', '10.1.0.254', GUEST2_MAC))
    env.net_set(nla(C['OVX_A_NET_DNS'], u8(1)))

    # packet-send to the guest, and its refusals.
    frame = eth(GUEST1_MAC, SERVICE_MAC, 0x0800,
                ip4('10.1.0.254', '10.1.0.1', 17, udp(67, 68, marker('offer'))))
    env.g1.drain()
    env.g2.drain()
    before = env.port_svc(env.port1)['sent']
    err, ext = lst.request(C['OVX_CMD_PACKET_SEND'],
                           nla(C['OVX_A_PACKET_SWITCH_IFINDEX'], u32(env.sw)) +
                           nla(C['OVX_A_PACKET_PORT_IFINDEX'], u32(env.port1)) +
                           nla(C['OVX_A_PACKET_FRAME'], frame))[:2]
    got1 = env.g1.received(0.5)
    got2 = env.g2.received(0.2)
    after = env.port_svc(env.port1)['sent']
    # (The guest answers port unreachable, quoting it: whole frames only.)
    ok = err == 0 and frame in got1 and frame not in got2 and after == before + 1
    if not result(ok, 'packet-send: the frame reaches the guest whole, only it, counted sent'):
        diag(f'errno {err} ({ext}); at guest: {frame in got1}, at the other: '
             f'{frame in got2}; sent {before} -> {after}')
    for desc, port, fr, sw, want in (
            ('a port of another switch', env.other, frame, None, errno.ENODEV),
            ('the port with the other switch', env.port1, frame, env.sw1, errno.ENODEV),
            ('a frame over the MTU', env.port1, frame[:14] + bytes(1500 + 4 + 1), None,
             errno.EMSGSIZE),
            ('a frame of 10 bytes', env.port1, frame[:10], None, errno.EINVAL)):
        err, ext = env.send(lst, port, fr, sw)
        got = env.g1.received(0.2)
        if not result(err == want and ext != '' and not seen(got, fr) if len(fr) > 14
                      else err == want and ext != '',
                      f'packet-send refuses {desc} ({errno.errorcode[want]}, extack)'):
            diag(f'errno {err} ({ext})')
    err, ext = env.send(lst, env.port1, frame[:14] + bytes(1500 + 4))
    result(err == 0, 'packet-send: a frame of MTU + 14 + 4 bytes is accepted')

    # The token bucket: burst 5, 1 a second; 15 frames at once.
    env.switch_set(nla(C['OVX_A_SWITCH_SERVICE_RATE'], u32(1)),
                   nla(C['OVX_A_SWITCH_SERVICE_BURST'], u32(5)))
    time.sleep(0.1)
    b = env.port_svc(env.port1)
    nb = svc_stats(env.net()[C['OVX_A_NET_SERVICE']][0])
    for i in range(15):
        env.g1.send(dhcp4_frame(f'tb{i}'))
    ups = lst.wait_upcalls(15, 1.5)
    a = env.port_svc(env.port1)
    na = svc_stats(env.net()[C['OVX_A_NET_SERVICE']][0])
    up, rl = a['upcalls'] - b['upcalls'], a['ratelimited'] - b['ratelimited']
    ok = 5 <= up <= 6 and up + rl == 15 and len(ups) == up and \
        na['ratelimited'] - nb['ratelimited'] == rl
    if not result(ok, 'token bucket (burst 5, rate 1/s): 15 frames -> 5 upcalls, '
                  '10 ratelimited (port and network)'):
        diag(f'upcalls {up} (received {len(ups)}), ratelimited {rl}, network {na}')
    sv = svc_stats(env.switch()[C['OVX_A_SWITCH_SERVICE']][0])
    expect('switch-get: service counters are the sum of its networks\'', sv, na)

    # A listener that does not read: its queue fills, frames are unqueued.
    env.switch_set(nla(C['OVX_A_SWITCH_SERVICE_RATE'], u32(1000000)),
                   nla(C['OVX_A_SWITCH_SERVICE_BURST'], u32(1000000)))
    lst.close()
    busy = Genl()
    # The smallest receive buffer there is: two or three upcalls fill it.
    busy.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    env.listen(busy)
    b = env.port_svc(env.port1)
    for i in range(20):
        env.g1.send(dhcp4_frame(f'uq{i}'))
    time.sleep(0.5)
    a = env.port_svc(env.port1)
    uq = a['unqueued'] - b['unqueued']
    up = a['upcalls'] - b['upcalls']
    if not result(uq >= 10 and up + uq == 20,
                  'a listener whose queue is full: frames dropped and counted unqueued'):
        diag(f'upcalls {up}, unqueued {uq}')

    # The listener goes with its socket.
    busy.close()
    time.sleep(0.2)
    expect('closing the listener\'s socket unregisters it', switch_view(env.switch())['listener'], 0)
    check_switched(env, None, 'after the listener closed: a DHCPDISCOVER', dhcp4_frame('closed'))

    again = Genl()
    err, ext = env.listen(again)
    e2, x2 = env.listen(again, 'OVX_CMD_PACKET_UNLISTEN')
    expect('packet-listen by a new socket, then packet-unlisten', (err, e2,
           switch_view(env.switch())['listener']), (0, 0, 0))
    again.close()
    other.close()


def check_resolution(env):
    env.g1.drain()
    env.g2.drain()
    env.g1.send(arp_request('10.1.0.254'))
    got = env.g1.received(0.5)
    at_g2 = any(f[12:14] == b'\x08\x06' and f[6:12] == GUEST1_MAC for f in env.g2.received(0.2))
    ans = [f for f in got if f[12:14] == b'\x08\x06' and len(f) >= 42 and
           struct.unpack('!H', f[20:22])[0] == 2]
    ok = len(ans) == 1 and ans[0][6:12] == SERVICE_MAC and ans[0][22:28] == SERVICE_MAC \
        and ans[0][28:32] == socket.inet_aton('10.1.0.254') and ans[0][0:6] == GUEST1_MAC \
        and not at_g2
    if not result(ok, 'ARP for service4: answered with service-mac, not flooded'):
        diag(f'{len(ans)} replies {[a[:42].hex() for a in ans]}, flooded: {at_g2}')

    env.g1.send(ns_frame('fd00:1::fe'))
    got = env.g1.received(0.5)
    na = [f for f in got if f[12:14] == b'\x86\xdd' and len(f) > 54 and f[20] == 58 and
          f[54] == 136]
    ok = len(na) == 1 and na[0][6:12] == SERVICE_MAC and \
        na[0][62:78] == socket.inet_pton(socket.AF_INET6, 'fd00:1::fe') and \
        na[0][80:86] == SERVICE_MAC
    if not result(ok, 'neighbour solicitation for service6: answered with service-mac'):
        diag(f'{len(na)} advertisements {[a.hex() for a in na]}')

    # Unset: the switch's own MAC.
    env.net_set(nla(C['OVX_A_NET_SERVICE_MAC'], bytes(6)))
    sw_mac = bytes.fromhex(open('/sys/class/net/ovx0/address').read().strip().replace(':', ''))
    env.g1.send(arp_request('10.1.0.254'))
    ans = [f for f in env.g1.received(0.5) if f[12:14] == b'\x08\x06' and len(f) >= 42 and
           struct.unpack('!H', f[20:22])[0] == 2]
    ok = len(ans) == 1 and ans[0][22:28] == sw_mac and \
        net_view(env.net())['service-mac'] is None
    if not result(ok, 'without service-mac: ARP for service4 answered with the switch\'s MAC'):
        diag(f'{len(ans)} replies {[a[:42].hex() for a in ans]}')
    env.net_set(nla(C['OVX_A_NET_SERVICE_MAC'], SERVICE_MAC))


def check_router(env):
    """With a router attached, its gateway addresses are the service addresses."""
    S = C['OVX_SERVICE_DNS']
    rmac = bytes.fromhex('020000000a01')
    name = nla(C['OVX_A_ROUTER_NAME'], strz('r1'))
    e1, x1, _ = env.nl.request(C['OVX_CMD_ROUTER_NEW'],
                               nla(C['OVX_A_ROUTER_SWITCH_IFINDEX'], u32(env.sw)) + name +
                               nla(C['OVX_A_ROUTER_MAC'], rmac))
    gw = b''
    for fam, a, plen in ((socket.AF_INET, '10.1.0.253', 24), (socket.AF_INET6, 'fd00:1::fd', 64)):
        t = C['OVX_A_ROUTER_ADDR_ADDR4' if fam == socket.AF_INET else 'OVX_A_ROUTER_ADDR_ADDR6']
        gw += nest(C['OVX_A_ROUTER_ADDR'], nla(t, socket.inet_pton(fam, a)) +
                   nla(C['OVX_A_ROUTER_ADDR_PREFIX_LEN'], u8(plen)))
    e2, x2, _ = env.nl.request(C['OVX_CMD_ROUTER_ATTACH'],
                               name + nla(C['OVX_A_ROUTER_NET'], strz('blue')) + gw)
    if not result(e1 == 0 and e2 == 0,
                  'router r1 attached to blue (gateways 10.1.0.253, fd00:1::fd)'):
        diag(f'router-new: {e1} {x1}; router-attach: {e2} {x2}')
    lst = Genl()
    env.listen(lst)
    check_handed(env, lst, 'router attached: DNS to the gateway 10.1.0.253:53', S,
                 dns4_frame('gw4', '10.1.0.253', rmac))
    check_handed(env, lst, 'router attached: DNS to the gateway fd00:1::fd:53', S,
                 dns6_frame('gw6', 'fd00:1::fd', rmac))
    check_handed(env, lst, 'router attached: DHCPv4 renewal to the router\'s MAC',
                 C['OVX_SERVICE_DHCP4'], dhcp4_frame('gwd', rmac, '10.1.0.253'))
    check_switched(env, lst, 'router attached: DNS to service4 (not the service address now)',
                   dns4_frame('gws', '10.1.0.254', BCAST))
    lst.close()
    env.g1.drain()
    env.g1.send(arp_request('10.1.0.254'))
    ans = [f for f in env.g1.received(0.5) if f[12:14] == b'\x08\x06' and len(f) >= 42 and
           struct.unpack('!H', f[20:22])[0] == 2]
    if not result(not ans, 'router attached: ARP for service4 is not answered'):
        diag(f'{len(ans)} replies {[a[:42].hex() for a in ans]}')
    env.nl.request(C['OVX_CMD_ROUTER_DEL'], name)


def hold(switch):
    """Listen on @switch, say so, and keep the socket until stdin closes."""
    nl = Genl()
    err, ext, _ = nl.request(C['OVX_CMD_PACKET_LISTEN'],
                             nla(C['OVX_A_PACKET_SWITCH_IFINDEX'],
                                 u32(socket.if_nametoindex(switch))))
    print('listening' if not err else f'error {err} {ext}', flush=True)
    sys.stdin.read()
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--hold':
        return hold(sys.argv[2])
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    env = Env(*sys.argv[1:4])
    plan(55)
    check_settings(env)
    check_resolution(env)
    check_channel(env)
    check_router(env)
    return 0


if __name__ == '__main__':
    sys.exit(main())
