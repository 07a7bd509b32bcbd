#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Geneve over IPv4: two ovx hypervisors with "encap geneve" and a third
# host with Linux's own geneve device in a bridge.  VMs ping each other
# across both kinds, both ways; each ovx switch learns the remote VMs with
# the port they sit behind on their hypervisor (ovx's Geneve option,
# "remote-port" in ovx fdb show), which follows a port attached again
# under another id; on the wire that option is class 0xff58, type 1 (not
# critical), 4 bytes holding the port id; Linux's geneve ignores it (no
# error, no drop) and sends no option itself, so what ovx learns from it
# has no remote port.
#
#               +------------------- ul: br0 -------------------+
#               |                        |                      |
#          ul0 10.0.0.1             ul0 10.0.0.2           ul0 10.0.0.3
#   +-------- hv1 --------+   +-------- hv2 --------+   +----- hv3 (Linux) ------+
#   | ovx0 encap geneve   |   | ovx0 encap geneve   |   | br0: gnv0 (geneve id   |
#   |  blue vni 100:      |   |  blue vni 100: c2   |   |   100, remote          |
#   |   a1, b1            |   |                     |   |   10.0.0.1), l3        |
#   +---------------------+   +---------------------+   +------------------------+
#   a1 10.1.0.1, b1 10.1.0.11, c2 10.1.0.2, l3 10.1.0.3
#
# hv1 peers with hv2 and hv3; hv2 with hv1 only (Linux's geneve device has
# one remote, hv1).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip bridge jq ping tcpdump

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hv1="" hv2="" hv3="" a1="" b1="" c2="" l3=""
A1=02:00:00:00:01:01
B1=02:00:00:00:01:11
C2=02:00:00:00:02:01
L3=02:00:00:00:03:01
tmp=""

setup() {
	tmp=$(mktemp -d) || return 1
	defer rm -rf "$tmp"
	setup_ns ul hv1 hv2 hv3 a1 b1 c2 l3 || return 1
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 encap geneve || return 1
	topo_hv hv2 "$ul" 10.0.0.2 encap geneve || return 1
	topo_host hv3 "$ul" 10.0.0.3 || return 1
	topo_vm a1 "$hv1" a1 $A1 10.1.0.1/24 || return 1
	topo_vm b1 "$hv1" b1 $B1 10.1.0.11/24 || return 1
	topo_vm c2 "$hv2" c2 $C2 10.1.0.2/24 || return 1
	topo_vm l3 "$hv3" l3 $L3 10.1.0.3/24 || return 1
	# The ports' MTU (1500) exceeds the inner MTU: "port add" warns.
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		net add blue vni 100
		port add dev a1 net blue
		port add dev b1 net blue
		peer add 10.0.0.2
		peer add 10.0.0.3
	EOF
	ovx_batch_quiet "$hv2" <<-EOF || return 1
		net add blue vni 100
		port add dev c2 net blue
		peer add 10.0.0.1
	EOF
	ip_batch "$hv3" <<-EOF
		link add gnv0 type geneve id 100 remote 10.0.0.1
		link add br0 type bridge
		link set gnv0 master br0
		link set l3 master br0
		link set gnv0 up
		link set br0 up
	EOF
}

# port_ids HV: PORT_ID[DEV] for every port of HV, from "ovx port show":
# "dev a1 net blue vni 100 switch ovx0 id 1".  (The text, not -j: jq is
# slow to start under TCG.)
declare -A PORT_ID
port_ids() {
	local out w
	out=$(ovx_n "$1" port show) || return 1
	while read -r -a w; do
		[ "${w[0]}" = dev ] && [ "${w[-2]}" = id ] && PORT_ID[${w[1]}]=${w[-1]}
	done <<<"$out"
}

# remote_ports HV PORT:MAC...: HV's entry of each MAC in blue has the
# remote port PORT_ID[PORT] (see port_ids), from "ovx fdb show": "MAC net
# blue vni 100 peer ADDR remote-port N learned age N".
remote_ports() {
	local hv=$1 fdb pm port mac line rp rc=0
	shift
	fdb=$(ovx_n "$hv" fdb show net blue) || return 1
	for pm in "$@"; do
		port=${pm%%:*} mac=${pm#*:} rp=none
		while IFS= read -r line; do
			[[ $line == "$mac "*" remote-port "* ]] || continue
			rp=${line#* remote-port }
			rp=${rp%% *}
		done <<<"$fdb"
		echo "$mac: remote-port $rp, port $port has id ${PORT_ID[$port]:-?}"
		[ -n "${PORT_ID[$port]:-}" ] && [ "$rp" = "${PORT_ID[$port]}" ] || rc=1
	done
	[ $rc -eq 0 ] || printf 'fdb of blue:\n%s\n' "$fdb"
	return $rc
}

# ids_remote: hv2 learnt a1 and b1 with their (different) ids on hv1.
ids_remote() {
	[ -n "${PORT_ID[a1]:-}" ] && [ "${PORT_ID[a1]}" != "${PORT_ID[b1]:-}" ] ||
		{ echo "a1 and b1 have the same id ${PORT_ID[a1]}"; return 1; }
	remote_ports "$hv2" "a1:$A1" "b1:$B1"
}

# Attached again in the other order, a1 and b1 get other ids (they swap
# them, as ids are allocated lowest first); their next frames update hv2's
# entries.  (A check runs in a subshell: the main shell reads the new ids
# again afterwards.)
ids_swapped() {
	local old_a1=${PORT_ID[a1]} old_b1=${PORT_ID[b1]}
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		port del dev a1
		port del dev b1
		port add dev b1 net blue
		port add dev a1 net blue
	EOF
	port_ids "$hv1" || return 1
	echo "ids on hv1: a1 $old_a1 -> ${PORT_ID[a1]}, b1 $old_b1 -> ${PORT_ID[b1]}"
	[ "${PORT_ID[a1]}" != "$old_a1" ] && [ "${PORT_ID[b1]}" != "$old_b1" ] ||
		{ echo "the ids did not change: the check would prove nothing"; return 1; }
	vm_ping "$a1" 10.1.0.2 && vm_ping "$b1" 10.1.0.2 ||
		{ echo "a1 or b1 cannot ping c2"; return 1; }
	remote_ports "$hv2" "a1:$A1" "b1:$B1"
}

# --- on the wire -------------------------------------------------------------

# wire_option: a packet from hv1 to hv3 (tcpdump on hv3's ul0, as hex):
# its Geneve header has version 0, no flag, one option word-length 2, VNI
# 100, and the option is 0xff58 type 1 length 1 with the id of a1's port.
wire_option() {
	local pid hex expect
	ip netns exec "$hv3" tcpdump -n -c 1 -x -i ul0 \
		'src host 10.0.0.1 and udp dst port 6081' >"$tmp/wire" 2>"$tmp/wire.err" &
	pid=$!
	busywait 20000 grep -q 'listening on' "$tmp/wire.err" ||
		{ kill "$pid"; cat "$tmp/wire.err"; return 1; }
	ipn "$a1" neigh flush dev eth0
	vm_ping "$a1" 10.1.0.3 || echo "a1 cannot ping l3"
	timeout 10 tail --pid="$pid" -f /dev/null
	# The hex lines: "	0x0010:  0a00 0003 ...", after the IPv4
	# header (20 bytes) and the UDP header (8), the Geneve header.
	hex=$(sed -n 's/^[[:space:]]*0x[0-9a-f]*:[[:space:]]*//p' "$tmp/wire" | tr -d ' \n')
	hex=${hex:56:32}
	expect=$(printf '0200655800006400ff580101%08x' "${PORT_ID[a1]}")
	echo "Geneve header and option: $hex, expected $expect"
	[ "$hex" = "$expect" ] && return 0
	cat "$tmp/wire"
	return 1
}

# --- Linux's geneve ----------------------------------------------------------

# a1 pings l3 with every cache forgotten first: the ARP entries of both
# VMs, hv1's FDB and the Linux bridge's entry for a1.
ping_flushed() {
	ovx_n "$hv1" fdb flush || return 1
	__ovx_trace bridge -n "$hv3" fdb del $A1 dev gnv0 master 2>/dev/null
	ipn "$a1" neigh flush dev eth0 || return 1
	ipn "$l3" neigh flush dev eth0 || return 1
	vm_ping "$a1" 10.1.0.3
}

linux_learnt() {
	fdb_expect "$hv1" "blue $L3 peer 10.0.0.3" || return 1
	json_check "$hv1" "any(.[]; .mac == \"$L3\" and (has(\"remote_port\") | not))" \
		-j fdb show net blue || return 1
	bridge_learnt "$hv3" br0 $A1 gnv0
}

# Nothing dropped: not by hv1's switch, not by gnv0 (which counts a packet
# with a critical option it cannot read as a frame error), and the
# packets did cross.
no_drops() {
	local out
	json_check "$hv1" '.[0].drops | all(.[]; . == 0)' -s -j switch show ||
		return 1
	json_check "$hv1" 'any(.[]; .peer == "10.0.0.3" and .stats.rx_packets > 0 and
		.stats.tx_packets > 0)' -s -j peer show || return 1
	out=$(ipn "$hv3" -s -s -j link show gnv0) || return 1
	jq -e '.[0].stats64.rx | .packets > 0 and .errors == 0 and
		.dropped == 0 and .frame_errors == 0' <<<"$out" >/dev/null && return 0
	printf 'gnv0 on the Linux host:\n%s\n' "$out"
	return 1
}

# ---------------------------------------------------------------------------

ktap_print_header
ktap_set_plan 11

setup || ktap_exit_fail_msg "cannot build the topology"

ktap_test_result "ovx to ovx: a1 on hv1 pings c2 on hv2" vm_ping "$a1" 10.1.0.2
ktap_test_result "ovx to ovx: c2 on hv2 pings b1 on hv1" vm_ping "$c2" 10.1.0.11
port_ids "$hv1" && port_ids "$hv2" || ktap_print_msg "cannot read the port ids"
ktap_test_result "remote-port: hv2 learnt a1 and b1 behind 10.0.0.1 with the ids of their ports on hv1" \
	ids_remote
ktap_test_result "remote-port: hv1 learnt c2 behind 10.0.0.2 with the id of its port on hv2" \
	remote_ports "$hv1" "c2:$C2"
ktap_test_result "remote-port: a1 and b1 attached again in the other order get other ids; hv2's entries follow" \
	ids_swapped
port_ids "$hv1" || ktap_print_msg "cannot read the port ids"
ktap_test_result "Linux geneve+bridge VM l3 pings a1" vm_ping "$l3" 10.1.0.1
ktap_test_result "a1 pings l3 behind Linux geneve, caches flushed" ping_flushed
ktap_test_result "hv1 learnt l3 behind 10.0.0.3 without remote-port (Linux sends no option), the Linux bridge learnt a1 on gnv0" \
	linux_learnt
ktap_test_result "neither hv1 nor Linux's gnv0 dropped a packet or counted an error (ovx's option is not critical)" \
	no_drops
ktap_test_result "on the wire to Linux: Geneve version 0, no flag, VNI 100, ovx's option 0xff58 type 1 (not critical), 4 bytes: a1's port id" \
	wire_option
ktap_test_result "ovx to ovx still: c2 pings a1" vm_ping "$c2" 10.1.0.1

ktap_finished
