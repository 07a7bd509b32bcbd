#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Netlink checks of the ovx family, driven by selftests/netlink.sh.

Runs inside the test's namespace, which netlink.sh has set up (see there).
Requests are encoded by the kernel's YNL library from the spec; the few
that YNL cannot express (a 3-byte u32, a string without its NUL) are built
by hand on the same socket.

    ovx_nl.py reject     bad requests are refused with an extack, change nothing
    ovx_nl.py noadmin    every mutation fails with EPERM (run without CAP_NET_ADMIN)
    ovx_nl.py fdb-scale [COUNT]   a dump of COUNT FDB entries, also while deleting
    ovx_nl.py dump-intr  net, port and peer dumps over a list that changed
                         between two rounds are flagged NLM_F_DUMP_INTR
    ovx_nl.py port-get-on FIFO IFINDEX
                         (for rtnl_free.sh) load YNL, print "ready", wait
                         for a line on FIFO, then port-get IFINDEX and print
                         "net NAME" (or "error ERRNO", exit status 1)

Output: KTAP results (a plan, "ok N DESC", "not ok N DESC", "# diagnostics"),
which netlink.sh forwards as its own.  Exit status 0 when it ran to its
end, whatever the results; 4 (with a skipped result) when the YNL library
is missing; anything else (a traceback) is a failure of its own.
"""

import errno
import ipaddress
import json
import os
import select
import socket
import struct
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
YNL_ROOT = os.environ.get('OVX_YNL_ROOT', os.path.join(TOP, 'build', 'ynl'))
SPEC = os.path.join(TOP, 'Documentation', 'netlink', 'specs', 'ovx.yaml')

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(YNL_ROOT, 'tools', 'net', 'ynl'))
try:
    from lib import YnlFamily, NlError, Netlink  # noqa: E402
    from lib.ynl import NlMsgs  # noqa: E402
except ImportError as e:
    print(f'1..1\nok 1 YNL library # SKIP not found under {YNL_ROOT} ({e}); '
          'run scripts/ynl setup on the host')
    sys.exit(4)

NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLM_F_DUMP_INTR = 0x10
NLMSG_ERROR = 2
NLMSG_DONE = 3


_results = 0


def plan(n):
    print(f'1..{n}', flush=True)


def result(good, desc):
    """One KTAP result line; '#' in a description is escaped."""
    global _results
    _results += 1
    desc = desc.replace('#', '\\#').replace('\n', ' ')
    print(f'{"ok" if good else "not ok"} {_results} {desc}', flush=True)


def diag(text):
    for line in str(text).splitlines() or ['']:
        print('# ' + line, flush=True)


def nla(atype, payload):
    pad = b'\0' * ((4 - len(payload) % 4) % 4)
    return struct.pack('HH', 4 + len(payload), atype) + payload + pad


def ip4(addr):
    return int(ipaddress.IPv4Address(addr))


def ip6(addr):
    return ipaddress.IPv6Address(addr).packed


def mac(text):
    return bytes.fromhex(text.replace(':', ''))


def ifindex(name):
    return socket.if_nametoindex(name)


class Ovx:
    """The ovx family through YNL, plus hand-made requests and an event socket."""

    def __init__(self):
        # schema='' skips the jsonschema validation (seconds under TCG);
        # ynl.sh runs cli.py with it.
        self.ynl = YnlFamily(SPEC, schema='')
        self.family_id = self.ynl.nlproto.family_id
        self.seq = 1
        self.ev = None

    def attr(self, space, name):
        return self.ynl.attr_sets[space][name].value

    def subscribe(self):
        """A separate socket on the "events" group: rejected requests notify nothing."""
        grp = self.ynl.nlproto.get_mcast_id('events', self.ynl.mcast_groups)
        self.ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                Netlink.NETLINK_GENERIC)
        self.ev.bind((0, 0))
        self.ev.setsockopt(Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, grp)

    def events(self):
        """Notifications received since the last call (their genl commands)."""
        cmds = []
        while True:
            try:
                data = self.ev.recv(65536, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return cmds
            for m in NlMsgs(data):
                cmds.append(struct.unpack_from('B', m.raw, 0)[0] if m.raw else -1)

    def do(self, op, vals):
        """A request through YNL: (0, None) or (errno, extack dict)."""
        try:
            self.ynl.do(op, dict(vals))
            return 0, None
        except NlError as e:
            return e.error, e.nl_msg.extack or {}

    def raw_do(self, op, attrs):
        """A hand-made request; attrs are (attribute name, payload) pairs.

        Return: (errno, extack), with extack['bad-attr'] resolved to '.NAME'
        from the offsets of the attributes we wrote.
        """
        spec = self.ynl.ops[op]
        body = b''
        offsets = {}
        off = 16 + 4
        for name, payload in attrs:
            a = nla(self.attr(spec.attr_set.name, name), payload)
            offsets[off] = name
            off += len(a)
            body += a
        seq = self.seq = self.seq + 1
        hdr = struct.pack('IHHII', 16 + 4 + len(body), self.family_id,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0)
        genl = struct.pack('BBH', spec.req_value, 1, 0)
        self.ynl.sock.send(hdr + genl + body)
        while True:
            data = self.ynl.sock.recv(65536)
            for m in NlMsgs(data, attr_space=spec.attr_set):
                if m.nl_seq != seq or m.nl_type != NLMSG_ERROR:
                    continue
                ext = m.extack or {}
                if 'bad-attr-offs' in ext:
                    ext['bad-attr'] = '.' + offsets.get(ext['bad-attr-offs'], '?')
                return -m.error, ext

    def dump(self, op, vals=None):
        return self.ynl.dump(op, vals or {})

    def snapshot(self):
        """Everything the family shows, without counters and ages."""
        state = {}
        for op, drop in (('switch-get', ('stats', 'drops')),
                         ('net-get', ('stats',)),
                         ('port-get', ('stats',)),
                         ('peer-get', ('stats',)),
                         ('fdb-get', ('age',))):
            objs = []
            for o in self.dump(op):
                for k in drop:
                    o.pop(k, None)
                objs.append(json.dumps(o, sort_keys=True, default=sorted))
            state[op] = sorted(objs)
        return state


def state_diff(before, after):
    lines = []
    for op in before:
        gone = set(before[op]) - set(after[op])
        new = set(after[op]) - set(before[op])
        lines += [f'{op}: gone {o}' for o in sorted(gone)]
        lines += [f'{op}: new  {o}' for o in sorted(new)]
    return lines


def ename(err):
    return errno.errorcode.get(err, str(err)) if err else '0 (accepted)'


# --- reject: bad input is refused with an extack and changes nothing ---------

def reject_cases():
    """(description, op, request, expected errnos, extack expectation).

    request: a dict for YNL, or a list of (attr, payload) for a raw request.
    The expectation: ('msg', TEXT) the message contains TEXT; ('miss', ATTR)
    the missing attribute is named; ('attr', ATTR) the message points at
    ATTR; ('any', None) any message or missing attribute.
    """
    sw = 'ovx0'
    p1, p2, p3 = ifindex('p1'), ifindex('p2'), ifindex('p3')
    EINVAL, ERANGE = errno.EINVAL, errno.ERANGE
    POLICY = (EINVAL, ERANGE)
    u32 = lambda v: struct.pack('I', v)  # noqa: E731
    s = lambda v: v.encode() + b'\0'  # noqa: E731
    c = []

    def add(desc, op, req, errs, exp):
        c.append((desc, op, req, errs if isinstance(errs, tuple) else (errs,), exp))

    # missing required attributes
    add('net-new without name', 'net-new', {'ifname': sw, 'vni': 500},
        EINVAL, ('miss', 'name'))
    add('net-new without vni', 'net-new', {'ifname': sw, 'name': 'n500'},
        EINVAL, ('miss', 'vni'))
    add('net-new without a switch', 'net-new', {'name': 'n500', 'vni': 500},
        EINVAL, ('msg', 'switch'))
    add('net-del without name', 'net-del', {}, EINVAL, ('miss', 'name'))
    add('net-set without name', 'net-set', {'ageing': 10}, EINVAL, ('miss', 'name'))
    add('port-new without ifindex', 'port-new', {'net': 'blue'},
        EINVAL, ('miss', 'ifindex'))
    add('port-new without net', 'port-new', {'ifindex': p2}, EINVAL, ('miss', 'net'))
    add('port-del without ifindex', 'port-del', {}, EINVAL, ('miss', 'ifindex'))
    add('fdb-new without mac', 'fdb-new', {'net': 'blue', 'port-ifindex': p1},
        EINVAL, ('miss', 'mac'))
    add('fdb-new without net', 'fdb-new',
        {'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p1}, EINVAL, ('miss', 'net'))
    add('fdb-new without port or peer', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00')}, EINVAL, ('msg', 'port or peer'))
    add('fdb-del without mac', 'fdb-del', {'net': 'blue'}, EINVAL, ('miss', 'mac'))
    add('peer-new without address', 'peer-new', {'switch-ifname': sw},
        EINVAL, ('msg', 'addr'))
    add('peer-new without switch', 'peer-new', {'addr4': ip4('10.0.0.9')},
        EINVAL, ('msg', 'switch'))
    add('peer-del without address', 'peer-del', {'switch-ifname': sw},
        EINVAL, ('msg', 'addr'))

    # wrong attribute lengths
    add('fdb-new with a 5-byte MAC', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05'), 'port-ifindex': p1},
        POLICY, ('attr', 'mac'))
    add('fdb-new with a 7-byte MAC', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00') + b'\x01', 'port-ifindex': p1},
        POLICY, ('attr', 'mac'))
    add('net-new with a 3-byte vni (u32)', 'net-new',
        [('ifname', s(sw)), ('name', s('n500')), ('vni', b'\xf4\x01\x00')],
        POLICY, ('attr', 'vni'))
    add('net-new with a 2-byte learning (u8)', 'net-new',
        [('ifname', s(sw)), ('name', s('n500')), ('vni', u32(500)), ('learning', b'\0\0')],
        POLICY, ('attr', 'learning'))
    add('port-new with an 8-byte ifindex (u32)', 'port-new',
        [('ifindex', struct.pack('Q', p2)), ('net', s('blue'))], POLICY, ('attr', 'ifindex'))
    add('peer-new with a 3-byte addr4 (u32)', 'peer-new',
        [('switch-ifname', s(sw)), ('addr4', b'\x0a\x00\x00')], POLICY, ('attr', 'addr4'))
    add('peer-new with a 17-byte addr6', 'peer-new',
        {'switch-ifname': sw, 'addr6': ip6('2001:db8::9') + b'\0'}, POLICY, ('attr', 'addr6'))
    add('fdb-new with a 17-byte peer6', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'peer6': ip6('2001:db8::9') + b'\0'},
        POLICY, ('attr', 'peer6'))

    # out-of-range values
    add('net-new with vni 0', 'net-new', {'ifname': sw, 'name': 'n500', 'vni': 0},
        POLICY, ('attr', 'vni'))
    add('net-new with vni 16777216', 'net-new',
        {'ifname': sw, 'name': 'n500', 'vni': 16777216}, POLICY, ('attr', 'vni'))
    add('net-new with ageing 1000001 (> ageing-max)', 'net-new',
        {'ifname': sw, 'name': 'n500', 'vni': 500, 'ageing': 1000001},
        POLICY, ('attr', 'ageing'))
    add('net-new with learning 2', 'net-new',
        {'ifname': sw, 'name': 'n500', 'vni': 500, 'learning': 2}, POLICY, ('attr', 'learning'))
    add('net-new with switch ifindex 0', 'net-new',
        {'ifindex': 0, 'name': 'n500', 'vni': 500}, POLICY, ('attr', 'ifindex'))
    add('net-set of blue with ageing 1000001', 'net-set',
        {'name': 'blue', 'ageing': 1000001, 'learning': 0}, POLICY, ('attr', 'ageing'))
    add('net-set of blue with learning 2', 'net-set',
        {'name': 'blue', 'learning': 2, 'ageing': 7}, POLICY, ('attr', 'learning'))
    add('net-set of blue with a vni (not a setting)', 'net-set',
        [('name', s('blue')), ('ageing', u32(7)), ('vni', u32(500))], POLICY, ('attr', 'vni'))

    # names
    add('net-new with a 32-character name', 'net-new',
        {'ifname': sw, 'name': 'n' * 32, 'vni': 500}, POLICY, ('attr', 'name'))
    add('net-new with an empty name', 'net-new', {'ifname': sw, 'name': '', 'vni': 500},
        EINVAL, ('msg', 'name'))
    add('net-new with a name without NUL', 'net-new',
        [('ifname', s(sw)), ('name', b'n500'), ('vni', u32(500))], POLICY, ('attr', 'name'))
    for bad in ('a b', 'a/b', 'a,b', 'tab\there', 'quote"'):
        add(f'net-new with a name holding {bad!r}', 'net-new',
            {'ifname': sw, 'name': bad, 'vni': 500}, EINVAL, ('attr', 'name'))
    add('net-new with a 16-character switch name', 'net-new',
        {'ifname': 'o' * 16, 'name': 'n500', 'vni': 500}, POLICY, ('attr', 'ifname'))
    add('fdb-new with a 32-character net name', 'fdb-new',
        {'net': 'b' * 32, 'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p1},
        POLICY, ('attr', 'net'))
    add('peer-new with a 32-character net name', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.9'), 'net': ['b' * 32]},
        POLICY, ('attr', 'net'))

    # unknown switch / network / port / peer
    add('net-new in an unknown switch', 'net-new',
        {'ifname': 'nosuch0', 'name': 'n500', 'vni': 500}, errno.ENODEV, ('msg', 'switch'))
    add('net-new in an unknown switch ifindex', 'net-new',
        {'ifindex': 999999, 'name': 'n500', 'vni': 500}, errno.ENODEV, ('msg', 'switch'))
    add('net-new in a device that is no switch', 'net-new',
        {'ifname': 'p2', 'name': 'n500', 'vni': 500}, EINVAL, ('msg', 'switch'))
    add('net-new with switch ifindex and ifname that differ', 'net-new',
        {'ifindex': ifindex('ovx1'), 'ifname': sw, 'name': 'n500', 'vni': 500},
        EINVAL, ('msg', 'match'))
    add('net-del of an unknown network', 'net-del', {'name': 'nosuch'},
        errno.ENOENT, ('msg', 'network'))
    add('net-set of an unknown network', 'net-set', {'name': 'nosuch', 'ageing': 10},
        errno.ENOENT, ('msg', 'network'))
    add('port-new into an unknown network', 'port-new', {'ifindex': p2, 'net': 'nosuch'},
        errno.ENOENT, ('msg', 'network'))
    add('port-new of an unknown device', 'port-new', {'ifindex': 999999, 'net': 'blue'},
        errno.ENODEV, ('msg', 'device'))
    add('port-del of a device that is no port', 'port-del', {'ifindex': p2},
        errno.ENOENT, ('msg', 'port'))
    add('fdb-new in an unknown network', 'fdb-new',
        {'net': 'nosuch', 'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p1},
        errno.ENOENT, ('msg', 'network'))
    add('fdb-new to a device that is no port', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p2},
        errno.ENODEV, ('msg', 'port'))
    add('fdb-new in red to a port of blue', 'fdb-new',
        {'net': 'red', 'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p1},
        errno.ENODEV, ('msg', 'port'))
    add('fdb-del of an unknown entry', 'fdb-del',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00')}, errno.ENOENT, ('msg', 'fdb'))
    add('fdb-del in an unknown network', 'fdb-del',
        {'net': 'nosuch', 'mac': mac('02:00:00:00:00:01')}, errno.ENOENT, ('msg', 'network'))
    add('fdb-flush of an unknown network', 'fdb-flush', {'net': 'nosuch'},
        errno.ENOENT, ('msg', 'network'))
    add('fdb-flush of a device that is no port', 'fdb-flush', {'port-ifindex': p2},
        errno.ENODEV, ('msg', 'port'))
    add('fdb-flush of an unknown peer', 'fdb-flush', {'peer4': ip4('10.0.0.99')},
        errno.ENOENT, ('msg', 'peer'))
    add('fdb-flush by port and peer', 'fdb-flush',
        {'port-ifindex': p1, 'peer4': ip4('10.0.0.2')}, EINVAL, ('msg', 'both'))
    add('peer-new in an unknown switch', 'peer-new',
        {'switch-ifname': 'nosuch0', 'addr4': ip4('10.0.0.9')}, errno.ENODEV, ('msg', 'switch'))
    add('peer-new into an unknown network', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.9'), 'net': ['blue', 'nosuch']},
        errno.ENOENT, ('msg', 'network'))
    add('peer-new into a network of another switch', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.9'), 'net': ['green']},
        EINVAL, ('msg', 'switch'))
    add('peer-new of peer 10.0.0.2 into an unknown network', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.2'), 'net': ['red', 'nosuch']},
        errno.ENOENT, ('msg', 'network'))
    add('peer-del of an unknown peer', 'peer-del',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.99')}, errno.ENOENT, ('msg', 'peer'))
    add('peer-del in an unknown switch', 'peer-del',
        {'switch-ifname': 'nosuch0', 'addr4': ip4('10.0.0.2')}, errno.ENODEV, ('msg', 'switch'))

    # duplicates
    add('net-new with the name of an existing network', 'net-new',
        {'ifname': sw, 'name': 'blue', 'vni': 500}, errno.EEXIST, ('msg', 'name'))
    add('net-new with the vni of an existing network', 'net-new',
        {'ifname': sw, 'name': 'n500', 'vni': 100}, errno.EEXIST, ('msg', 'vni'))
    add('net-new in ovx1 with a name taken in ovx0 (unique per namespace)', 'net-new',
        {'ifname': 'ovx1', 'name': 'red', 'vni': 500}, errno.EEXIST, ('msg', 'name'))

    # port-new of devices that cannot be ports
    add('port-new of the loopback device', 'port-new', {'ifindex': ifindex('lo'), 'net': 'blue'},
        EINVAL, ('msg', 'loopback'))
    add('port-new of the ovx switch itself', 'port-new', {'ifindex': ifindex(sw), 'net': 'red'},
        EINVAL, ('msg', 'switch'))
    add('port-new of a bridge port', 'port-new', {'ifindex': p3, 'net': 'red'},
        errno.EBUSY, ('msg', 'use'))
    add('port-new of a device already attached', 'port-new', {'ifindex': p1, 'net': 'red'},
        errno.EBUSY, ('msg', 'port'))

    # fdb-new with destinations or addresses that cannot be
    add('fdb-new with a multicast MAC', 'fdb-new',
        {'net': 'blue', 'mac': mac('01:00:5e:00:00:01'), 'port-ifindex': p1},
        EINVAL, ('msg', 'unicast'))
    add('fdb-new with the broadcast MAC', 'fdb-new',
        {'net': 'blue', 'mac': mac('ff:ff:ff:ff:ff:ff'), 'port-ifindex': p1},
        EINVAL, ('msg', 'unicast'))
    add('fdb-new with the zero MAC', 'fdb-new',
        {'net': 'blue', 'mac': bytes(6), 'port-ifindex': p1}, EINVAL, ('msg', 'unicast'))
    add('fdb-new with both port and peer', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p1,
         'peer4': ip4('10.0.0.2')}, EINVAL, ('msg', 'port or peer'))
    add('fdb-new with both peer4 and peer6', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'peer4': ip4('10.0.0.2'),
         'peer6': ip6('2001:db8::2')}, EINVAL, ('any', None))
    add('fdb-new in blue to peer 10.0.0.3, a member of red only', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'peer4': ip4('10.0.0.3')},
        errno.ENOENT, ('msg', 'peer'))
    add('fdb-new to an address that is no peer', 'fdb-new',
        {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'peer4': ip4('10.0.0.99')},
        errno.ENOENT, ('msg', 'peer'))

    # peer-new / peer-del that cannot be
    add('peer-new with an IPv6 address to an IPv4 switch', 'peer-new',
        {'switch-ifname': sw, 'addr6': ip6('2001:db8::2')},
        (errno.EAFNOSUPPORT, EINVAL), ('msg', 'family'))
    add('peer-new with a multicast address', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('239.1.1.1')}, EINVAL, ('msg', 'unicast'))
    add('peer-new with the broadcast address', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('255.255.255.255')}, EINVAL, ('msg', 'unicast'))
    add('peer-new with address 0.0.0.0', 'peer-new',
        {'switch-ifname': sw, 'addr4': 0}, EINVAL, ('msg', 'unicast'))
    add("peer-new with the switch's own address", 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.1')}, EINVAL, ('msg', 'own'))
    add('peer-new with both addr4 and addr6', 'peer-new',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.9'), 'addr6': ip6('2001:db8::9')},
        EINVAL, ('attr', 'addr6'))
    add('peer-del of 10.0.0.3 from blue, a network it is not in', 'peer-del',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.3'), 'net': ['blue']},
        errno.ENOENT, ('msg', 'member'))
    add('peer-del of 10.0.0.3 from red and blue (not in blue)', 'peer-del',
        {'switch-ifname': sw, 'addr4': ip4('10.0.0.3'), 'net': ['red', 'blue']},
        errno.ENOENT, ('msg', 'member'))
    return c


def check_reject(o, before, case):
    desc, op, req, errs, (kind, what) = case
    if isinstance(req, list):
        err, ext = o.raw_do(op, req)
    else:
        err, ext = o.do(op, req)
    problems = []
    if err not in errs:
        problems.append(f'error {ename(err)}, expected {"/".join(ename(e) for e in errs)}')
    ext = ext or {}
    msg = ext.get('msg', '')
    if kind == 'miss':
        if ext.get('miss-type') != what:
            problems.append(f'extack names missing attribute {ext.get("miss-type")!r}, '
                            f'expected {what!r}')
    elif kind == 'any' and not msg and not ext.get('miss-type'):
        problems.append('no extack message nor missing attribute')
    elif kind != 'any' and not msg:
        problems.append('no extack message')
    elif kind == 'msg' and what.lower() not in msg.lower():
        problems.append(f'extack message {msg!r} does not mention {what!r}')
    elif kind == 'attr' and ext.get('bad-attr') != '.' + what:
        problems.append(f'extack points at {ext.get("bad-attr")!r}, expected .{what}')
    after = o.snapshot()
    if after != before:
        problems.append('state changed: ' + '; '.join(state_diff(before, after)))
    ntf = o.events()
    if ntf:
        problems.append(f'notifications sent: genl commands {ntf}')
    if problems:
        diag(f'{desc}: ' + ' | '.join(problems) + f' (extack {ext})')
    return not problems, after


def run_reject():
    o = Ovx()
    o.subscribe()
    cases = reject_cases()
    plan(len(cases) + 2)
    before = o.snapshot()
    o.events()
    nets = {json.loads(n)['name'] for n in before['net-get']}
    ok = {'blue', 'red', 'big', 'green'} <= nets and len(before['peer-get']) == 2
    result(ok, 'the state the rejections start from is there')
    if not ok:
        diag(json.dumps(before, indent=1))
    for case in cases:
        good, after = check_reject(o, before, case)
        desc, _, _, errs, _ = case
        result(good,
            f'{desc}: refused ({"/".join(ename(e) for e in errs)}) with extack, state unchanged')
        before = after
    check_unterminated_net(o, before)


def check_unterminated_net(o, before):
    """The policy of peer-new's repeated net attribute is NLA_STRING, which
    admits a name without its NUL: the kernel must read only the attribute.
    "blue" unterminated, followed by another attribute, either joins blue or
    is refused by the policy; "no such network" means the kernel compared
    bytes beyond the attribute."""
    addr = struct.pack('>I', ip4('10.0.0.9'))
    err, ext = o.raw_do('peer-new', [('switch-ifname', b'ovx0\0'), ('net', b'blue'),
                                     ('addr4', addr)])
    after = o.snapshot()
    o.events()
    peers = [json.loads(p) for p in after['peer-get']]
    joined = [p for p in peers if p.get('addr4') == '10.0.0.9']
    if err == 0:
        good = len(joined) == 1 and joined[0].get('net') == ['blue']
        if not good:
            diag(f'accepted, but peer 10.0.0.9 is {joined}')
        o.do('peer-del', {'switch-ifname': 'ovx0', 'addr4': ip4('10.0.0.9')})
    else:
        good = (err in (errno.EINVAL, errno.ERANGE) and ext.get('bad-attr') == '.net'
                and after == before)
        if not good:
            diag(f'peer-new with net "blue" without NUL: error {ename(err)}, extack {ext}; '
                 'expected success (joins blue) or a policy error on .net')
    result(good,
        'peer-new with net "blue" not NUL-terminated (NLA_STRING): joins blue or '
        'is refused by the policy, never read beyond the attribute')


# --- noadmin: mutations need CAP_NET_ADMIN --------------------------------------

def run_noadmin():
    o = Ovx()
    o.subscribe()
    p1, p2 = ifindex('p1'), ifindex('p2')
    reqs = [
        ('net-new', {'ifname': 'ovx0', 'name': 'n500', 'vni': 500}),
        ('net-set', {'name': 'blue', 'ageing': 10}),
        ('net-del', {'name': 'red'}),
        ('port-new', {'ifindex': p2, 'net': 'blue'}),
        ('port-del', {'ifindex': p1}),
        ('fdb-new', {'net': 'blue', 'mac': mac('02:00:00:00:05:00'), 'port-ifindex': p1}),
        ('fdb-del', {'net': 'blue', 'mac': mac('02:00:00:00:00:01')}),
        ('fdb-flush', {'net': 'blue'}),
        ('peer-new', {'switch-ifname': 'ovx0', 'addr4': ip4('10.0.0.9')}),
        ('peer-del', {'switch-ifname': 'ovx0', 'addr4': ip4('10.0.0.2')}),
    ]
    plan(len(reqs) + 2)
    with open('/proc/self/status') as f:
        capeff = int([x for x in f if x.startswith('CapEff:')][0].split()[1], 16)
    has_admin = bool(capeff & (1 << 12))
    result(not (has_admin), 'the helper runs without CAP_NET_ADMIN')
    try:
        before = o.snapshot()
        result(True, 'dumps work without CAP_NET_ADMIN')
    except NlError as e:
        diag(str(e))
        result(False, 'dumps work without CAP_NET_ADMIN')
        before = None
    o.events()
    for op, vals in reqs:
        err, ext = o.do(op, vals)
        problems = []
        if err != errno.EPERM:
            problems.append(f'error {ename(err)}, expected EPERM')
        if before is not None:
            after = o.snapshot()
            if after != before:
                problems.append('state changed: ' + '; '.join(state_diff(before, after)))
            before = after
        if o.events():
            problems.append('notifications sent')
        if problems:
            diag(f'{op} {vals}: ' + ' | '.join(problems))
        result(not (problems),
            f'{op} without CAP_NET_ADMIN: EPERM, state unchanged')


# --- fdb-scale: big dumps, also while entries go -----------------------------

class FdbBulk:
    """Raw, batched FDB requests and dumps on a socket of its own."""

    def __init__(self, o, net):
        self.o = o
        self.net = net
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  Netlink.NETLINK_GENERIC)
        self.sock.setsockopt(Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1)
        self.sock.setsockopt(Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.a_net = nla(o.attr('fdb', 'net'), net.encode() + b'\0')
        self.t_mac = o.attr('fdb', 'mac')
        self.seq = 0

    def batch(self, op, macs, extra=b'', chunk=2000):
        """One request per MAC, chunk of them per sendmsg, an ACK on the
        last of each; return the errors as {mac: errno}."""
        cmd = self.o.ynl.ops[op].req_value
        genl = struct.pack('BBH', cmd, 1, 0)
        errors = {}
        for start in range(0, len(macs), chunk):
            part = macs[start:start + chunk]
            first = self.seq + 1
            msgs = []
            for i, m in enumerate(part):
                body = genl + self.a_net + nla(self.t_mac, m) + extra
                flags = NLM_F_REQUEST | (NLM_F_ACK if i == len(part) - 1 else 0)
                msgs.append(struct.pack('IHHII', 16 + len(body), self.o.family_id,
                                        flags, first + i, 0) + body)
            self.seq = first + len(part) - 1
            self.sock.send(b''.join(msgs))
            done = False
            while not done:
                data = self.sock.recv(1 << 20)
                for m in NlMsgs(data):
                    if m.nl_type != NLMSG_ERROR:
                        continue
                    if m.error:
                        errors[part[m.nl_seq - first]] = -m.error
                    if m.nl_seq == self.seq:
                        done = True
        return errors

    def dump(self, pace=0.0):
        """Dump the network's entries; return (macs in order, recv() calls,
        error, dump-interrupted flag seen)."""
        self.seq += 1
        body = struct.pack('BBH', self.o.ynl.ops['fdb-get'].req_value, 1, 0) + self.a_net
        self.sock.send(struct.pack('IHHII', 16 + len(body), self.o.family_id,
                                   NLM_F_REQUEST | NLM_F_DUMP, self.seq, 0) + body)
        macs = []
        reads = 0
        intr = False
        mac_hdr = struct.pack('HH', 4 + 6, self.t_mac)
        at = None   # offset of the MAC attribute, the same in every entry
        while True:
            data = self.sock.recv(1 << 20)
            reads += 1
            off = 0
            end = len(data)
            while off < end:
                ln, typ, flags = struct.unpack_from('IHH', data, off)
                if typ == NLMSG_DONE:
                    err = struct.unpack_from('i', data, off + 16)[0]
                    return macs, reads, -err, intr
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from('i', data, off + 16)[0]
                    return macs, reads, -err or errno.EIO, intr
                if flags & NLM_F_DUMP_INTR:
                    intr = True
                if at is None or data[off + at:off + at + 4] != mac_hdr:
                    at = None
                    a = 20
                    while a < ln:
                        alen, atype = struct.unpack_from('HH', data, off + a)
                        if atype & 0x3fff == self.t_mac:
                            at = a
                            break
                        a += (alen + 3) & ~3
                    if at is None:
                        return macs, reads, errno.EBADMSG, intr
                macs.append(data[off + at + 4:off + at + 10])
                off += (ln + 3) & ~3
            if pace:
                time.sleep(pace)


def mac_list(count):
    return [struct.pack('>HI', 0x0200, i + 1) for i in range(count)]


def run_fdb_scale(count):
    o = Ovx()
    plan(9)
    dev = ifindex('p4')
    bulk = FdbBulk(o, 'big')
    macs = mac_list(count)
    a_port = nla(o.attr('fdb', 'port-ifindex'), struct.pack('I', dev))

    t = time.monotonic()
    errors = bulk.batch('fdb-new', macs, a_port)
    took = time.monotonic() - t
    diag(f'{count} fdb-new requests in {took:.1f} s')
    if errors:
        diag(f'{len(errors)} failed, e.g. {list(errors.items())[:3]}')
    static = o.ynl.do('net-get', {'name': 'big'})['fdb-static']
    result(not errors and static == count,
        f'{count} static entries added in batches; net-get counts {count}')
    if static != count:
        diag(f'net-get says fdb-static {static}')

    t = time.monotonic()
    got, reads, err, intr = bulk.dump()
    took = time.monotonic() - t
    diag(f'dump: {len(got)} entries in {reads} reads, {took:.1f} s, error {err}, '
         f'interrupted flag {intr}')
    seen = set(got)
    result(err == 0 and not intr,
           f'a dump of {count} entries ends with NLMSG_DONE, not flagged interrupted')
    good = len(got) == count and seen == set(macs)
    if not good:
        diag(f'{len(got)} entries, {len(seen)} distinct, '
             f'{len(set(macs) - seen)} missing, {len(seen - set(macs))} unknown')
    result(good, f'the dump returns each of the {count} entries exactly once')
    result(reads >= count // 1000,
        f'the dump spans many messages ({reads} reads of at most 32 KiB)')

    # Concurrent deletion: a child deletes the even entries, first first,
    # in small batches, until the parent's dump is over.
    victims = macs[0::2]
    stable = set(macs[1::2])
    go_r, go_w = os.pipe()
    stop_r, stop_w = os.pipe()
    res_r, res_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        answer = 'exception'
        try:
            os.close(go_w)
            os.close(stop_w)
            os.close(res_r)
            child = FdbBulk(o, 'big')
            os.read(go_r, 1)
            deleted = 0
            while deleted < len(victims):
                if select.select([stop_r], [], [], 0)[0]:
                    break
                errs = child.batch('fdb-del', victims[deleted:deleted + 250])
                if errs:
                    raise RuntimeError(f'{len(errs)} fdb-del failed: '
                                       f'{list(errs.items())[:3]}')
                deleted += min(250, len(victims) - deleted)
            answer = str(deleted)
        except Exception as e:  # reported by the parent
            answer = f'exception {e!r}'
        finally:
            os.write(res_w, answer.encode() + b'\n')
            os._exit(0)
    os.close(go_r)
    os.close(stop_r)
    os.close(res_w)
    os.write(go_w, b'g')
    t = time.monotonic()
    got, reads, err, intr = bulk.dump(pace=0.002)
    took = time.monotonic() - t
    try:
        os.write(stop_w, b's')
    except BrokenPipeError:
        pass    # the child deleted every victim before the dump ended
    res = b''
    while True:
        chunk = os.read(res_r, 4096)
        if not chunk:
            break
        res += chunk
    res = res.decode(errors='replace').strip()
    _, status = os.waitpid(pid, 0)
    deleted = int(res) if res.isdigit() else -1
    diag(f'concurrent dump: {len(got)} entries in {reads} reads, {took:.1f} s, '
         f'error {err}, interrupted flag {intr}; {deleted} entries deleted meanwhile '
         f'(child: {res!r}, status {status})')
    result(deleted > 0,
        'entries were deleted while the dump ran')
    result(err == 0,
        'a dump during deletions ends with NLMSG_DONE, no error')
    dup = len(got) - len(set(got))
    unknown = set(got) - set(macs)
    if dup or unknown:
        diag(f'{dup} duplicates, {len(unknown)} unknown addresses')
    result(not dup and not unknown,
        'a dump during deletions returns no entry twice and none that never was')
    missed = stable - set(got)
    if missed:
        diag(f'{len(missed)} of the {len(stable)} entries that were never deleted are '
             f'missing from the dump, NLM_F_DUMP_INTR {"set" if intr else "not set"}')
    result(not missed or intr,
        'entries present throughout are all dumped, or the dump is flagged NLM_F_DUMP_INTR')
    if deleted >= 0:
        expect = set(macs) - set(victims[:deleted])
        final, _, err, _ = bulk.dump()
        same = err == 0 and len(final) == len(expect) and set(final) == expect
        if not same:
            diag(f'after: {len(final)} entries (error {err}), expected {len(expect)}')
    else:
        same = False
    result(same,
        'afterwards a dump returns exactly the entries that were not deleted')


# --- dump-intr: dumps that resume over a changed list say so ------------------

def dump_rounds(o, op, change):
    """Dump op on a socket of its own, reading one small buffer (one round
    of the kernel's) before change() and the rest after it.  Return: the
    number of objects and whether any message or the final NLMSG_DONE
    carried NLM_F_DUMP_INTR."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, Netlink.NETLINK_GENERIC)
    body = struct.pack('BBH', o.ynl.ops[op].req_value, 1, 0)
    s.send(struct.pack('IHHII', 16 + len(body), o.family_id,
                       NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body)
    count, intr, first, done = 0, False, True, False
    while not done:
        data = s.recv(4096)
        for m in NlMsgs(data):
            intr |= bool(m.nl_flags & NLM_F_DUMP_INTR)
            if m.nl_type == NLMSG_DONE:
                done = True
            elif m.nl_type == NLMSG_ERROR:
                diag(f'{op} dump: error {m.error}')
                done = True
            else:
                count += 1
        if first:
            first = False
            change()
    s.close()
    return count, intr


def run_dump_intr():
    o = Ovx()
    n_objs = 40
    plan(7)
    batch = ''.join(f'link add dq{i} type veth peer dq{i}x\n' for i in range(n_objs))
    subprocess.run(['ip', '-batch', '-'], input=batch.encode(), check=True)
    for i in range(n_objs):
        o.do('net-new', {'ifname': 'ovx0', 'name': f'dq{i}', 'vni': 5000 + i})
        o.do('port-new', {'ifindex': ifindex(f'dq{i}'), 'net': 'blue'})
        o.do('peer-new', {'switch-ifname': 'ovx0', 'addr4': ip4(f'10.9.0.{i + 1}'),
                          'net': ['blue']})
    nets = len(o.dump('net-get'))
    count, intr = dump_rounds(o, 'net-get', lambda: None)
    result(count == nets and not intr,
           f'a net dump over an unchanged list: all {nets}, not flagged '
           f'(got {count}, {"flagged" if intr else "not flagged"})')
    count, intr = dump_rounds(o, 'net-get', lambda: o.do('net-del', {'name': 'blue'}))
    result(intr, 'a net dump across a net-del between two rounds: NLM_F_DUMP_INTR')
    # blue took its ports and memberships along: use red from here on.
    for i in range(n_objs):
        o.do('port-new', {'ifindex': ifindex(f'dq{i}'), 'net': 'red'})
        o.do('peer-new', {'switch-ifname': 'ovx0', 'addr4': ip4(f'10.9.0.{i + 1}'),
                          'net': ['red']})
    count, intr = dump_rounds(o, 'port-get',
                              lambda: o.do('port-del', {'ifindex': ifindex('dq0')}))
    result(intr, 'a port dump across a port-del between two rounds: NLM_F_DUMP_INTR')
    count, intr = dump_rounds(o, 'port-get', lambda: None)
    result(not intr, 'a port dump over an unchanged list: not flagged')
    count, intr = dump_rounds(o, 'peer-get', lambda: o.do(
        'peer-del', {'switch-ifname': 'ovx0', 'addr4': ip4('10.9.0.1')}))
    result(intr, 'a peer dump across a peer-del between two rounds: NLM_F_DUMP_INTR')
    count, intr = dump_rounds(o, 'peer-get', lambda: o.do(
        'peer-new', {'switch-ifname': 'ovx0', 'addr4': ip4('10.9.1.1'), 'net': ['red']}))
    result(intr, 'a peer dump across a peer-new between two rounds: NLM_F_DUMP_INTR')
    count, intr = dump_rounds(o, 'peer-get', lambda: None)
    result(not intr, 'a peer dump over an unchanged list: not flagged')
    for i in range(n_objs):
        o.do('peer-del', {'switch-ifname': 'ovx0', 'addr4': ip4(f'10.9.0.{i + 1}')})
        o.do('net-del', {'name': f'dq{i}'})
    o.do('peer-del', {'switch-ifname': 'ovx0', 'addr4': ip4('10.9.1.1')})
    batch = ''.join(f'link del dq{i}\n' for i in range(n_objs))
    subprocess.run(['ip', '-force', '-batch', '-'], input=batch.encode())


def run_port_get_on(fifo, index):
    """One port-get, sent when told: YNL takes seconds to load under TCG,
    longer than the caller can hold RTNL."""
    o = Ovx()
    print('ready', flush=True)
    with open(fifo) as f:
        f.readline()
    try:
        reply = o.ynl.do('port-get', {'ifindex': index})
    except NlError as e:
        print(f'error {e.error}', flush=True)
        sys.exit(1)
    print(f"net {reply['net']}", flush=True)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ''
    if mode == 'reject':
        run_reject()
    elif mode == 'noadmin':
        run_noadmin()
    elif mode == 'fdb-scale':
        run_fdb_scale(int(sys.argv[2]) if len(sys.argv) > 2 else 100000)
    elif mode == 'dump-intr':
        run_dump_intr()
    elif mode == 'port-get-on':
        run_port_get_on(sys.argv[2], int(sys.argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == '__main__':
    main()
