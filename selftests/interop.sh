#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Interoperability with Linux's own VXLAN: ovx on one hypervisor, a vxlan
# device in a Linux bridge on the other, flooding to ovx through an
# all-zeros FDB entry (head-end replication as EVPN-less setups do).
#
#              +------------ ul: br0 ------------+
#              |                                 |
#        ul0 10.0.0.1                      ul0 10.0.0.2
#   +------- hva -------+           +---------- hvb ----------+
#   | ovx0, net blue     |           | br0: vx0 (vxlan id 100, |
#   |   vni 100: va      |           |   nolearning), vb       |
#   +--------------------+           +-------------------------+
#   va 10.1.0.1                       vb 10.1.0.2

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip bridge jq ping

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hva="" hvb="" va="" vb=""
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

setup() {
	topo_underlay ul || return 1
	topo_hv hva "$ul" 10.0.0.1 || return 1
	topo_host hvb "$ul" 10.0.0.2 || return 1
	topo_vm va "$hva" va $MA 10.1.0.1/24 || return 1
	topo_vm vb "$hvb" vb $MB 10.1.0.2/24 || return 1
	ovx_batch "$hva" <<-EOF || return 1
		net add blue vni 100
		port add dev va net blue
		peer add 10.0.0.2
	EOF
	ip_batch "$hvb" <<-EOF || return 1
		link add vx0 type vxlan id 100 local 10.0.0.2 dstport 4789 nolearning
		link add br0 type bridge
		link set vx0 master br0
		link set vb master br0
		link set vx0 up
		link set br0 up
	EOF
	__ovx_trace bridge -n "$hvb" fdb append 00:00:00:00:00:00 \
		dst 10.0.0.1 dev vx0
}

# Both sides forget: the next ping starts with an ARP broadcast from va
# that ovx floods to the Linux host.
ping_from_ovx() {
	ovx_n "$hva" fdb flush || return 1
	ipn "$va" neigh flush dev eth0 || return 1
	ipn "$vb" neigh flush dev eth0 || return 1
	vm_ping "$va" 10.1.0.2
}

# The packets did cross, and neither end dropped any of them.
no_tunnel_drops() {
	local out

	json_check "$hva" '.[0] | .drops | all(.[]; . == 0)' -s -j switch show ||
		return 1
	json_check "$hva" '.[0].stats | .rx_packets > 0 and .tx_packets > 0' \
		-s -j peer show || return 1
	out=$(ipn "$hvb" -s -j link show vx0) || return 1
	jq -e '.[0].stats64.rx | .packets > 0 and .errors == 0 and .dropped == 0' \
		<<<"$out" >/dev/null && return 0
	printf 'vx0 on the Linux host:\n%s\n' "$out"
	return 1
}

ktap_print_header
ktap_set_plan 5

setup || ktap_exit_fail_msg "cannot build the topology"

ktap_test_result "Linux vxlan+bridge VM vb pings ovx VM va" vm_ping "$vb" 10.1.0.1
ktap_test_result "ovx VM va pings vb behind Linux vxlan+bridge, caches flushed" \
	ping_from_ovx
ktap_test_result "ovx learnt vb's MAC behind peer 10.0.0.2, the Linux host" \
	fdb_expect "$hva" "blue $MB peer 10.0.0.2"
ktap_test_result "the Linux bridge learnt va's MAC on vx0" \
	bridge_learnt "$hvb" br0 $MA vx0
ktap_test_result "neither ovx nor Linux's vxlan dropped a tunnel packet" \
	no_tunnel_drops

ktap_finished
