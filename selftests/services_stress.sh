#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest services under stress, on services.sh's topology: a guest flooding
# DHCP (token bucket), 10000 malformed DHCP and DNS requests, ovxd
# restarted while a guest renews its lease, and no ovxd at all.
SERVICES_PART=2
# shellcheck source=selftests/services.sh
source "$(dirname "$0")/services.sh"
