#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The packet channel that serves guests (issue 11): service settings of
# networks and switches, the listener, upcalls of DHCPv4, DHCPv6, router
# solicitations and DNS from a guest, frames that are not handed up,
# packet-send to a guest, the token bucket, and ARP/ND for the service
# addresses.  The checks are in service_nl.py (raw generic netlink, frames
# written and read with packet sockets in the guests' namespaces).
#
#                 +---------- ul: br0 ----------+
#                          ul0 10.0.0.1
#     +--------------------- hv1 ---------------------+
#     | ovx0  blue vni 100: v1, v2                     |
#     | ovx1  (down) red vni 200: p9 (veth to p9x)     |
#     +------------------------------------------------+
#       v1: eth0 02:00:00:00:01:01 10.1.0.1/24 fd00:1::1/64
#       v2: eth0 02:00:00:00:02:01 10.1.0.2/24 fd00:1::2/64
#
# blue's service address is 10.1.0.254 / fd00:1::fe (no router attached),
# service-mac 02:00:00:00:00:fe.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
ovx_mod_check
require_cmd ip python3

# shellcheck disable=SC2034
ul="" hv1="" v1="" v2=""
V1=02:00:00:00:01:01
V2=02:00:00:00:02:01

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

setup() {
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	topo_vm v1 "$hv1" v1 $V1 10.1.0.1/24 fd00:1::1/64 || return 1
	topo_vm v2 "$hv1" v2 $V2 10.1.0.2/24 fd00:1::2/64 || return 1
	ipn "$hv1" link add p9 type veth peer p9x || return 1
	ipn "$hv1" link set p9 up || return 1
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		switch add ovx1 local 10.0.0.9
		net add blue vni 100 switch ovx0
		net add red vni 200 switch ovx1
		port add dev v1 net blue
		port add dev v2 net blue
		port add dev p9 net red
	EOF
}

kmsg_mark service_channel start
setup || ktap_exit_fail_msg "cannot set up the namespaces and the switches"

# hold_start NS SWITCH: a listener on SWITCH of NS that keeps its socket
# until hold_stop; its PID in hold_pid.
hold_pid=""
hold_start() {
	rm -f "$tmp/hold.in"
	mkfifo "$tmp/hold.in" || return 1
	ip netns exec "$1" python3 "$here/service_nl.py" --hold "$2" \
		<"$tmp/hold.in" >"$tmp/hold.out" 2>&1 &
	hold_pid=$!
	exec 7>"$tmp/hold.in"
	busywait 20000 grep -q 'listening' "$tmp/hold.out" || {
		cat "$tmp/hold.out"
		return 1
	}
}

hold_stop() {
	exec 7>&-
	wait "$hold_pid"
}

ktap_print_header
ip netns exec "$hv1" python3 "$here/service_nl.py" "$v1" "$v2" p9 >"$tmp/nl" 2>&1
rc=$?
n=$(ktap_sub_count "$tmp/nl")
ktap_set_plan $((n + 5))
ktap_forward "$tmp/nl"
ktap_test_result "service_nl.py ran to its end" [ "$rc" -eq 0 ]

# The namespace of a switch goes while its listener's socket is open (the
# socket keeps it alive until it closes, then everything goes).
ns_gone_with_listener() {
	hold_start "$hv1" ovx0 || return 1
	ip netns del "$hv1" || return 1
	hold_stop
}
ktap_test_result "a namespace deleted while its switch has a listener" ns_gone_with_listener

# rmmod while a switch has a listener, then the module again.
setup_ns x || ktap_exit_fail_msg "cannot make one more namespace"
unload_with_listener() {
	ovxn "$x" switch add ovx0 local 10.0.0.1 || return 1
	hold_start "$x" ovx0 || return 1
	ovx_mod_unload || return 1
	hold_stop
	ovx_mod_load
}
ktap_test_result "rmmod while a switch has a listener, insmod again" unload_with_listener
ktap_test_result "the module works after: a switch, its listener" \
	eval 'ovxn "$x" switch add ovx0 local 10.0.0.1 && hold_start "$x" ovx0 && hold_stop'
ktap_test_result "no kernel warning" kmsg_clean_since "service_channel start"
ktap_finished
