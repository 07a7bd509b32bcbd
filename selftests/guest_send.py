#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Crafted frames from a guest, for selftests/guest_frames.sh: what a VM's
# NIC may carry but its stack would never build.  Runs in the VM's
# namespace and writes the frames whole to IFACE with a packet socket.
#
#   guest_send.py IFACE SRC_MAC CASE ARGS...
#
# Cases:
#   short DST_MAC ETHERTYPE     an Ethernet header and nothing else
#   ip4df DST_MAC SRC DST LEN   IPv4 UDP datagram with DF, LEN bytes of IP
#   icmp6 DST_MAC SRC DST LEN TYPE EXT
#                               ICMPv6 message of TYPE (1: destination
#                               unreachable, an error; 128: echo request),
#                               LEN bytes of IPv6 packet, behind EXT
#                               destination options headers (0 or more)
#
# Prints "sent N".

import socket
import struct
import sys


def mac(s):
    return bytes(int(b, 16) for b in s.split(':'))


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4df(src, dst, length):
    payload = bytes(length - 20 - 8)
    udp = struct.pack('!HHHH', 9, 9, 8 + len(payload), 0) + payload
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, length, 1, 0x4000, 64, 17,
                      0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return hdr + udp


def icmp6(src, dst, length, icmp_type, ext):
    s6 = socket.inet_pton(socket.AF_INET6, src)
    d6 = socket.inet_pton(socket.AF_INET6, dst)
    body_len = length - 40 - 8 * ext
    # Type, code, checksum, then 4 bytes (unused, or id and sequence).
    body = struct.pack('!BBHI', icmp_type, 0, 0, 0) + bytes(body_len - 8)
    pseudo = s6 + d6 + struct.pack('!I3xB', len(body), 58)
    body = body[:2] + struct.pack('!H', csum(pseudo + body)) + body[4:]
    exts = b''
    for i in range(ext):
        nh = 60 if i < ext - 1 else 58
        # Next header, length 0 (8 bytes), a PadN option of 4 bytes.
        exts += struct.pack('!BBBB4x', nh, 0, 1, 4)
    first = 60 if ext else 58
    hdr = struct.pack('!IHBB16s16s', 6 << 28, len(exts) + len(body), first,
                      64, s6, d6)
    return hdr + exts + body


def main():
    iface, src, case = sys.argv[1], mac(sys.argv[2]), sys.argv[3]
    a = sys.argv[4:]
    if case == 'short':
        frame = mac(a[0]) + src + struct.pack('!H', int(a[1], 0))
    elif case == 'ip4df':
        frame = mac(a[0]) + src + b'\x08\x00' + ip4df(a[1], a[2], int(a[3]))
    elif case == 'icmp6':
        frame = mac(a[0]) + src + b'\x86\xdd' + \
            icmp6(a[1], a[2], int(a[3]), int(a[4]), int(a[5]))
    else:
        sys.exit('unknown case ' + case)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(frame)
    print('sent 1')


if __name__ == '__main__':
    main()
