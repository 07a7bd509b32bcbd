# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The version of libovx and of the ovx tool, included by lib/Makefile and
# cli/Makefile.  The shared object's ABI version is separate: see
# SO_VERSION in lib/Makefile.
OVX_VERSION := 0.1.0
