#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rmmod ovx while traffic crosses the overlay: a ping flood between two
# hypervisors and pktgen broadcasts that every switch floods to its ports
# and peer.  The module must go without a trace in the kernel log, and come
# back (ovx_mod_load) to switch on the same devices again.
#
#              +------------ ul: br0 ------------+
#              |                                 |
#        ul0 10.0.0.1                      ul0 10.0.0.2
#   +------- hv1 -------+             +------- hv2 -------+
#   | ovx0  blue: vm1 vm3|            | ovx0  blue: vm2   |
#   +--------------------+            +-------------------+
#
#   vm1 --ping -f--> vm2          vm3 --pktgen, ff:ff:ff:ff:ff:ff--> all

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq ping dmesg

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hv1="" hv2="" vm1="" vm2="" vm3=""
MARK="unload.sh: rmmod under traffic"

# overlay_up: the switches and their configuration, which go with the
# module; the namespaces and devices stay.
overlay_up() {
	ovx_batch "$hv1" <<-EOF || return 1
		switch add ovx0 local 10.0.0.1
		net add blue vni 100
		port add dev vm1 net blue
		port add dev vm3 net blue
		peer add 10.0.0.2
	EOF
	ipn "$hv1" link set ovx0 up || return 1
	ovx_batch "$hv2" <<-EOF || return 1
		switch add ovx0 local 10.0.0.2
		net add blue vni 100
		port add dev vm2 net blue
		peer add 10.0.0.1
	EOF
	ipn "$hv2" link set ovx0 up
}

setup() {
	modprobe pktgen || return 1
	topo_underlay ul || return 1
	topo_host hv1 "$ul" 10.0.0.1 || return 1
	topo_host hv2 "$ul" 10.0.0.2 || return 1
	topo_vm vm1 "$hv1" vm1 02:00:00:00:01:01 10.1.0.1/24 || return 1
	topo_vm vm2 "$hv2" vm2 02:00:00:00:02:01 10.1.0.2/24 || return 1
	topo_vm vm3 "$hv1" vm3 02:00:00:00:01:03 10.1.0.3/24 || return 1
	overlay_up && vm_ping "$vm1" 10.1.0.2
}

ping_pid=""

traffic_start() {
	ip netns exec "$vm1" ping -f -q -w 300 10.1.0.2 >/dev/null 2>&1 &
	ping_pid=$!
	defer traffic_stop
	# About 1000 frames a second (hrtimer sleeps rather than spinning).
	pktgen "$vm3" eth0 "count 0" "delay 1000000" \
		"dst_mac ff:ff:ff:ff:ff:ff" "dst 10.1.0.255"
}

traffic_stop() {
	pktgen_stop "$vm3" eth0
	kill "$ping_pid" 2>/dev/null
	wait "$ping_pid" 2>/dev/null
	return 0
}

# What hv1's switch sent to its peer: the ping flood and the broadcasts.
hv1_tx() {
	local out
	out=$(ovx_n "$hv1" -s -j peer show) || return 1
	jq -e '.[0].stats.tx_packets' <<<"$out"
}

# ... and the replies it received.
traffic_flows() {
	local out
	out=$(ovx_n "$hv1" -s -j peer show) || return 1
	jq -e '.[0].stats | .tx_packets > 300 and .rx_packets > 100' \
		<<<"$out" >/dev/null
}

tx_grows() { # OLD
	local now
	now=$(hv1_tx) && [ "$now" -gt "$1" ]
}

rmmod_under_traffic() {
	local tx

	kill -0 "$ping_pid" || { echo "ping -f is not running"; return 1; }
	pktgen_running "$vm3" eth0 || return 1
	tx=$(hv1_tx) || return 1
	busywait 5000 tx_grows "$tx" || { echo "no traffic any more"; return 1; }
	kmsg_mark "$MARK"
	ovx_mod_unload
}

switches_gone() {
	! ip -n "$hv1" link show ovx0 >/dev/null 2>&1 &&
		! ip -n "$hv2" link show ovx0 >/dev/null 2>&1 &&
		ip -n "$hv1" link show vm1 >/dev/null &&
		[ ! -d /sys/module/ovx ]
}

reloaded() {
	ovx_mod_load && ovx_n "$hv1" switch show >/dev/null
}

rebuilt() {
	overlay_up && vm_ping "$vm1" 10.1.0.2
}

ktap_print_header
ktap_set_plan 7

setup || ktap_exit_fail_msg "cannot build the topology"
traffic_start || ktap_print_msg "pktgen did not start"

traffic_ok() {
	busywait 20000 traffic_flows && pktgen_running "$vm3" eth0
}
ktap_test_result "traffic flows: ping -f vm1 -> vm2 across the overlay, pktgen broadcasts from vm3" \
	traffic_ok
ktap_test_result "rmmod ovx succeeds while the traffic flows" rmmod_under_traffic
ktap_test_result "rmmod deleted the switches and left the ports' devices" switches_gone
ktap_test_result "kernel log after rmmod under traffic: no warning, BUG or oops" \
	kmsg_clean_since "$MARK"
ktap_test_result "ovx_mod_load brings the module back" reloaded
ktap_test_result "switches rebuilt on the same devices, still under traffic: vm1 pings vm2" \
	rebuilt
traffic_stop
ktap_test_result "kernel log stays clean through the reload and the end of the traffic" \
	kmsg_clean_since "$MARK"

ktap_finished
