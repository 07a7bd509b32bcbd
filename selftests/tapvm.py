#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The guest side of a tap port, for the selftests: a "VM" whose NIC is a
# tap device in its own network namespace, wired to a tap device of the
# hypervisor's namespace (the ovx port) by copying frames between the two
# file descriptors, as QEMU would.
#
#   ip netns exec HV tapvm.py PORT_TAP VM_NETNS GUEST_TAP
#
# Run in the hypervisor's namespace: attaches to PORT_TAP there (created
# with "ip tuntap add mode tap" beforehand, or now), then enters
# /run/netns/VM_NETNS and creates GUEST_TAP in it, which the test
# configures like any NIC.  Exits when either tap goes away (for example
# "ip link del PORT_TAP") or on SIGTERM; GUEST_TAP goes with it.

import ctypes
import fcntl
import os
import select
import signal
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000


def tap_open(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF,
                struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: tapvm.py PORT_TAP VM_NETNS GUEST_TAP")
    port_name, netns, guest_name = sys.argv[1:]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    port = tap_open(port_name)
    libc = ctypes.CDLL(None, use_errno=True)
    nsfd = os.open("/run/netns/" + netns, os.O_RDONLY)
    if libc.setns(nsfd, CLONE_NEWNET):
        err = ctypes.get_errno()
        sys.exit("tapvm: setns %s: %s" % (netns, os.strerror(err)))
    os.close(nsfd)
    guest = tap_open(guest_name)

    other = {port: guest, guest: port}
    while True:
        ready, _, _ = select.select(list(other), [], [])
        for fd in ready:
            try:
                frame = os.read(fd, 65536)
            except OSError:
                return 0	# the tap was deleted
            if not frame:
                return 0
            try:
                os.write(other[fd], frame)
            except OSError:
                pass		# the other side is down: the frame is lost


if __name__ == "__main__":
    sys.exit(main())
