#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Move announcements for selftests/migrate.sh, crafted as a peer switch
or a guest would send them.

  move_send.py peer SRC DST VNI MAC SEQ   VXLAN from SRC to DST:4789
  move_send.py guest IFACE MAC SEQ        a raw frame out of IFACE

The frame is what ovx.ko sends at a guest's switch-over: Ethernet
broadcast, source MAC, EtherType 0x88b6, then "OVXM", version 1, a
reserved byte and the 16-bit move sequence, padded to 60 bytes.
"""

import socket
import struct
import sys


def announcement(mac, seq):
    src = bytes.fromhex(mac.replace(':', ''))
    body = struct.pack('!4sBBH', b'OVXM', 1, 0, seq)
    frame = b'\xff' * 6 + src + b'\x88\xb6' + body
    return frame + bytes(60 - len(frame))


def main(argv):
    if len(argv) == 7 and argv[1] == 'peer':
        _, _, src, dst, vni, mac, seq = argv
        vxlan = struct.pack('!B3sI', 0x08, b'\0\0\0', int(vni) << 8)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((src, 0))
            s.sendto(vxlan + announcement(mac, int(seq)), (dst, 4789))
        return 0
    if len(argv) == 5 and argv[1] == 'guest':
        _, _, iface, mac, seq = argv
        with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
            s.bind((iface, 0))
            s.send(announcement(mac, int(seq)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
