#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Address resolution from a guest, for selftests/arp_suppress.sh: ARP
# requests and neighbour solicitations, well formed or not, written whole
# to IFACE with a packet socket; then what came back within WAIT seconds.
#
#   res_send.py IFACE SRC_MAC WAIT CASE ARGS...
#
# Any case takes count=N: the frame is sent N times, at once.
#
# Cases:
#   arp DST_MAC SIP TIP [HLN PLN LEN]
#                       an ARP request (who has TIP, tell SIP), with other
#                       address lengths, or cut to LEN bytes of ARP
#   ns DST_MAC SRC TARGET [MODS...]
#                       a neighbour solicitation for TARGET from SRC (:: for
#                       duplicate address detection) to its solicited-node
#                       address; MODS: hop=N, code=N, badsum, opt0 (an
#                       option of length 0), optlong (one past the end),
#                       nosllao, plen=N (IPv6 payload length)
#   ip4 DST_MAC SRC DST [MODS...]
#                       an ICMP echo request; MODS: ihl=N (the field
#                       only, no options), totlen=N,
#                       badsum (IP header checksum), ttl=N, ver=N, cut=N
#                       (bytes of IP packet actually sent)
#
# Prints one line per answer for SRC_MAC: "arp-reply SHA SPA" for an ARP
# reply, "na TARGET TLLA FLAGS" for an advertisement (FLAGS: R, S, O or
# -), "icmp4 SRC TYPE CODE" for an ICMP message, then "answers N".

import select
import socket
import struct
import sys
import time


def mac(s):
    return bytes(int(b, 16) for b in s.split(':'))


def mac_str(b):
    return ':'.join('%02x' % x for x in b)


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def arp(src_mac, args):
    dst, sip, tip = args[:3]
    hln, pln = (int(args[3]), int(args[4])) if len(args) > 4 else (6, 4)
    body = struct.pack('!HHBBH', 1, 0x0800, hln, pln, 1)
    body += src_mac + socket.inet_aton(sip) + bytes(6) + socket.inet_aton(tip)
    if len(args) > 5:
        body = body[:int(args[5])]
    return mac(dst), 0x0806, body


def ns(src_mac, args):
    dst, src, target = args[:3]
    mods = dict(m.split('=') if '=' in m else (m, '') for m in args[3:])
    s6 = socket.inet_pton(socket.AF_INET6, src)
    t6 = socket.inet_pton(socket.AF_INET6, target)
    # The solicited-node multicast address of the target.
    d6 = bytes.fromhex('ff0200000000000000000001ff') + t6[13:]
    body = struct.pack('!BBHI', 135, int(mods.get('code', 0)), 0, 0) + t6
    if 'opt0' in mods:
        body += bytes([1, 0]) + src_mac
    elif 'optlong' in mods:
        body += bytes([1, 2]) + src_mac
    elif 'nosllao' not in mods and src != '::':
        body += bytes([1, 1]) + src_mac
    pseudo = s6 + d6 + struct.pack('!I3xB', len(body), 58)
    sum_ = csum(pseudo + body)
    if 'badsum' in mods:
        sum_ ^= 0x5555
    body = body[:2] + struct.pack('!H', sum_) + body[4:]
    plen = int(mods.get('plen', len(body)))
    hdr = struct.pack('!IHBB', 6 << 28, plen, 58, int(mods.get('hop', 255)))
    return mac(dst), 0x86dd, hdr + s6 + d6 + body


def ip4(src_mac, args):
    dst, src, daddr = args[:3]
    mods = dict(m.split('=') if '=' in m else (m, '') for m in args[3:])
    icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4242, 1) + b'ovx' * 10
    icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
    # ihl=N sets the field only: no options follow the 20 bytes.
    ihl = int(mods.get('ihl', 5))
    opts = b''
    tot = int(mods.get('totlen', 20 + len(icmp)))
    hdr = struct.pack('!BBHHHBBH4s4s', (int(mods.get('ver', 4)) << 4) | ihl, 0,
                      tot, 1, 0, int(mods.get('ttl', 64)), 1, 0,
                      socket.inet_aton(src), socket.inet_aton(daddr)) + opts
    sum_ = csum(hdr)
    if 'badsum' in mods:
        sum_ ^= 0x5555
    pkt = hdr[:10] + struct.pack('!H', sum_) + hdr[12:] + icmp
    if 'cut' in mods:
        pkt = pkt[:int(mods['cut'])]
    return mac(dst), 0x0800, pkt


def answer(frame, src_mac):
    if len(frame) < 14 or frame[0:6] not in (src_mac, b'\xff' * 6,
                                             bytes.fromhex('333300000001')):
        return None
    proto = struct.unpack('!H', frame[12:14])[0]
    if proto == 0x0806 and len(frame) >= 42:
        op = struct.unpack('!H', frame[20:22])[0]
        if op == 2:
            return 'arp-reply %s %s' % (mac_str(frame[22:28]),
                                        socket.inet_ntoa(frame[28:32]))
    if proto == 0x0800 and len(frame) >= 14 + 20 + 8 and frame[23] == 1:
        ihl = (frame[14] & 15) * 4
        icmp = frame[14 + ihl:]
        if len(icmp) >= 2:
            return 'icmp4 %s %d %d' % (socket.inet_ntoa(frame[26:30]), icmp[0], icmp[1])
    if proto == 0x86dd and len(frame) >= 14 + 40 + 24 and frame[20] == 58:
        icmp = frame[54:]
        if icmp[0] == 136:
            flags = ''.join(f for f, bit in (('R', 0x80), ('S', 0x40),
                                             ('O', 0x20)) if icmp[4] & bit)
            tlla = '-'
            opts = icmp[24:]
            while len(opts) >= 8 and opts[1]:
                if opts[0] == 2:
                    tlla = mac_str(opts[2:8])
                opts = opts[opts[1] * 8:]
            return 'na %s %s %s' % (
                socket.inet_ntop(socket.AF_INET6, icmp[8:24]), tlla,
                flags or '-')
    return None


def main():
    iface, src, wait, case = sys.argv[1:5]
    args = [a for a in sys.argv[5:] if not a.startswith('count=')]
    count = max([1] + [int(a[6:]) for a in sys.argv[5:] if a.startswith('count=')])
    src_mac = mac(src)
    dst, proto, payload = {'arp': arp, 'ns': ns, 'ip4': ip4}[case](src_mac, args)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((iface, 0))
    for _ in range(count):
        s.send(dst + src_mac + struct.pack('!H', proto) + payload)
    n = 0
    end = time.monotonic() + float(wait)
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            break
        frame, addr = s.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        a = answer(frame, src_mac)
        if a:
            print(a)
            n += 1
    print('answers %d' % n)


main()
