#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""One TCP transfer whose bytes are checked end to end, for selftests/gro.sh.

  tcp_xfer.py recv ADDR PORT        accept one connection, read to EOF, print
                                    "BYTES SHA256" of what arrived
  tcp_xfer.py send ADDR PORT BYTES  send BYTES pseudo-random bytes (the same
                                    for every run), print "BYTES SHA256"

TCP's own checksum proves little here: a merged (GRO) packet reaches the
receiving VM with CHECKSUM_PARTIAL, which no one verifies, so corruption in
merging would go unnoticed but for a hash of the payload.
"""

import hashlib
import random
import socket
import sys

CHUNK = 1 << 20


def recv(addr, port):
    family = socket.AF_INET6 if ':' in addr else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as ls:
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((addr, port))
        ls.listen(1)
        print('ready', flush=True)
        conn, _ = ls.accept()
        h, n = hashlib.sha256(), 0
        with conn:
            while True:
                b = conn.recv(CHUNK)
                if not b:
                    break
                h.update(b)
                n += len(b)
    print(n, h.hexdigest(), flush=True)


def send(addr, port, total):
    rnd = random.Random(20261121)
    h, n = hashlib.sha256(), 0
    with socket.create_connection((addr, port), timeout=60) as s:
        while n < total:
            b = rnd.randbytes(min(CHUNK, total - n))
            s.sendall(b)
            h.update(b)
            n += len(b)
    print(n, h.hexdigest(), flush=True)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == 'recv':
        recv(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == 'send':
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
