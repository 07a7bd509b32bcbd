#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The CLI forms of issue 9: the show-one forms (port show dev, peer show
# ADDR, fdb get), fdb flush ... learned (static entries stay), -d, and
# network names without blanks or separators (refused by the CLI and,
# behind its back, by the kernel).
#
#   +-------------------------- ns0 --------------------------+
#   |  ovx0 (local 192.0.2.1)   net blue (vni 10)             |
#   |    port v0 <--veth--> v1 (10.9.0.1/24, ARPs 10.9.0.2:   |
#   |                           its MAC is learnt on v0)      |
#   |    peer 192.0.2.2 (no traffic)                          |
#   +---------------------------------------------------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ns0=""
MAC1=02:00:00:00:09:01
MAC2=02:00:00:00:09:02

ovx_mod_check
require_cmd ip jq arping

setup() {
	setup_ns ns0 || return 1
	# v1 sends only the ARP requests of the test: no IPv6 chatter (DAD,
	# MLD, RS) to be learnt again right after a flush.
	ip netns exec "$ns0" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
		ovxn "$ns0" switch add ovx0 local 192.0.2.1 &&
		ovxn "$ns0" net add blue vni 10 &&
		ipn "$ns0" link add v0 type veth peer name v1 &&
		ipn "$ns0" link set v0 up &&
		ipn "$ns0" link set v1 up &&
		ipn "$ns0" addr add 10.9.0.1/24 dev v1 &&
		ovxn "$ns0" port add dev v0 net blue &&
		ovxn "$ns0" peer add 192.0.2.2 net blue &&
		ovxn "$ns0" fdb add "$MAC1" net blue dev v0 &&
		ovxn "$ns0" fdb add "$MAC2" net blue peer 192.0.2.2
}

# jq FILTER on the JSON output of ovx ARGS in ns0.
ovx_jq() { # FILTER ARGS...
	local filter=$1 out
	shift
	out=$(ovxn "$ns0" -j "$@") || return 1
	jq -e "$filter" <<<"$out" >/dev/null
}

port_show_dev() {
	ovx_jq 'length == 1 and .[0].dev == "v0" and .[0].net == "blue" and
		.[0].vni == 10 and .[0].switch == "ovx0"' port show dev v0
}

fails() { # ARGS...: ovx fails with exit 1 and an error message
	local err rc
	err=$(ip netns exec "$ns0" "$OVX" "$@" 2>&1 >/dev/null)
	rc=$?
	[ $rc -eq 1 ] && [[ $err == Error:* ]]
}

peer_show_addr() {
	ovx_jq 'length == 1 and .[0].peer == "192.0.2.2" and
		.[0].switch == "ovx0" and .[0].nets == ["blue"]' \
		peer show 192.0.2.2 &&
		ovx_jq 'length == 1' peer show 192.0.2.2 switch ovx0
}

fdb_get() {
	ovx_jq "length == 1 and .[0].mac == \"$MAC1\" and .[0].dev == \"v0\" and
		.[0].static == true" fdb get "$MAC1" net blue &&
		ovx_jq "length == 1 and .[0].peer == \"192.0.2.2\"" \
			fdb get "$MAC2" net blue
}

# One ARP request from v1 (a broadcast: it enters the overlay on v0,
# whatever the state of v1's neighbour cache), until v1's MAC is learnt.
send_from_v1() {
	ip netns exec "$ns0" arping -c 1 -w 1 -I v1 10.9.0.2 >/dev/null 2>&1
	ovx_jq 'length >= 1' fdb show net blue learned
}

learn_v1() {
	busywait 10000 send_from_v1
}

count() { # KIND
	ovxn "$ns0" -j fdb show net blue "$1" | jq length
}

flush_learned() {
	ovxn "$ns0" fdb flush net blue learned || return 1
	[ "$(count learned)" = 0 ] && [ "$(count static)" = 2 ]
}

flush_all() {
	learn_v1 || { echo "# v1's MAC is not learnt again"; return 1; }
	ovxn "$ns0" fdb flush net blue || return 1
	[ "$(count learned)" = 0 ] && [ "$(count static)" = 0 ]
}

details() {
	local idx
	idx=$(ip -n "$ns0" -o link show v0 | cut -d: -f1)
	ovxn "$ns0" -d port show dev v0 | grep -q "^dev v0 ifindex $idx net blue" &&
		! ovxn "$ns0" port show dev v0 | grep -q ifindex
}

cli_refuses_name() { # NAME
	local err
	err=$(ip netns exec "$ns0" "$OVX" net add "$1" vni 11 2>&1)
	[ $? -eq 255 ] && [[ $err == *"not a network name"* ]]
}

ktap_print_header
ktap_set_plan 13

setup || ktap_exit_fail_msg "cannot set up ns0"

ktap_test_result "port show dev v0: a list of one port" port_show_dev
ktap_test_result "port show dev v1 (no port): an error" fails port show dev v1
ktap_test_result "peer show 192.0.2.2 [switch ovx0]: a list of one peer" \
	peer_show_addr
ktap_test_result "peer show of an unknown address: an error" \
	fails peer show 192.0.2.9
ktap_test_result "fdb get MAC net blue: the entry, as fdb show prints it" fdb_get
ktap_test_result "fdb get of an unknown MAC: an error" \
	fails fdb get 02:00:00:00:09:09 net blue
ktap_test_result "traffic from v1 is learnt on v0" learn_v1
ktap_test_result "fdb flush net blue learned keeps the static entries" \
	flush_learned
ktap_test_result "fdb flush net blue removes static and learnt entries" \
	flush_all
ktap_test_result "-d shows the port's ifindex in text" details
ktap_test_result "the CLI refuses a network name with a blank" \
	cli_refuses_name "a b"
ktap_test_result "the CLI refuses a network name with a comma" \
	cli_refuses_name "a,b"
ktap_test_result "net add of a valid name works" \
	ovxn "$ns0" net add red-1.x_y vni 11

ktap_finished
