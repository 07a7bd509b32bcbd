#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Malformed tunnel packets are dropped and counted by reason, never
# delivered, and never leak from one network into another: the underlay
# neighbour of a hypervisor sends crafted VXLAN packets (tunnel_send.py,
# plain UDP sockets) to the switch, and after each case the switch's drop
# counters (ovx -s -j switch show: "drops") must have grown by exactly the
# number of packets sent, under the right reason only, while nothing reached
# the guests (port and device counters).  A well-formed packet from the
# right peer, for each network, is delivered: the test can fail.
#
#   +-- vm1 --+   +-- vm2 --+
#   |  eth0   |   |  eth0   |   02:00:00:00:01:01 / 02:00:00:00:02:01
#   +----|----+   +----|----+
#   +----|---------- hv -|-------------+        +--------- und ---------+
#   |  vm1p (blue)    vm2p (red)        |        | u2: 10.0.0.2 peer of  |
#   |   ovx0 local 10.0.0.1             |        |        blue (vni 100) |
#   |    blue vni 100: peer 10.0.0.2    |        |     10.0.0.3 peer of  |
#   |    red  vni 200: peer 10.0.0.3    |        |        red (vni 200)  |
#   |  u1: 10.0.0.1/24 -----------------+--------+-    10.0.0.4 no peer  |
#   +-----------------------------------+        +-----------------------+
#
# IPv6 is off in every namespace, so the guests' counters only move for
# what the test sends.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
hv="" und="" vm1="" vm2=""
sender_pid=""

ovx_mod_check
require_cmd ip jq "$py"

setup() {
	local n
	setup_ns hv und vm1 vm2 || return 1
	for n in "$hv" "$und" "$vm1" "$vm2"; do
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
	ipn "$hv" link add u1 type veth peer u2 netns "$und" &&
		ipn "$hv" addr add 10.0.0.1/24 dev u1 &&
		ipn "$hv" link set u1 up &&
		ipn "$und" addr add 10.0.0.2/24 dev u2 &&
		ipn "$und" addr add 10.0.0.3/24 dev u2 &&
		ipn "$und" addr add 10.0.0.4/24 dev u2 &&
		ipn "$und" link set u2 up || return 1
	for n in 1 2; do
		local vm=vm$n
		ipn "$hv" link add "vm${n}p" type veth peer eth0 netns "${!vm}" \
			address "02:00:00:00:0$n:01" &&
			ipn "$hv" link set "vm${n}p" up &&
			ipn "${!vm}" link set eth0 up || return 1
	done
	ovxn "$hv" -b - <<-EOF || return 1
		switch add ovx0 local 10.0.0.1
		net add blue vni 100
		net add red vni 200
		port add dev vm1p net blue
		port add dev vm2p net red
		peer add 10.0.0.2 net blue
		peer add 10.0.0.3 net red
	EOF
	ipn "$hv" link set ovx0 up &&
		ip netns exec "$und" ping -q -c 1 -W 5 10.0.0.1 >/dev/null
}

# counters: one JSON object with everything the checks compare.
counters() {
	local sw ports v1 v2
	sw=$(ovxn "$hv" -s -j switch show ovx0) &&
		ports=$(ovxn "$hv" -s -j port show) &&
		v1=$(ipn "$vm1" -s -j link show eth0) &&
		v2=$(ipn "$vm2" -s -j link show eth0) || return 1
	jq -n -c --argjson sw "$sw" --argjson p "$ports" --argjson v1 "$v1" \
		--argjson v2 "$v2" '{
		drops: $sw[0].drops,
		sw_rx_dropped: $sw[0].stats.rx_dropped,
		sw_rx_packets: $sw[0].stats.rx_packets,
		vm1p_tx: ($p[] | select(.dev == "vm1p") | .stats.tx_packets),
		vm2p_tx: ($p[] | select(.dev == "vm2p") | .stats.tx_packets),
		vm1_rx: $v1[0].stats64.rx.packets,
		vm2_rx: $v2[0].stats64.rx.packets
	}'
}

before="" after=""

# delta FILTER: FILTER applied to the difference after - before (an object
# of the same keys, drops flattened as drops.NAME).
delta() {
	jq -n -e --argjson a "$after" --argjson b "$before" --argjson n "$sent" '
		def flat: (.drops | with_entries(.key |= "drops." + .)) +
			(del(.drops));
		($a | flat) as $a | ($b | flat) as $b |
		($a | with_entries(.value -= $b[.key])) | '"$1" >/dev/null
}

show_delta() {
	jq -n -c --argjson a "$after" --argjson b "$before" '
		def flat: (.drops | with_entries(.key |= "drops." + .)) + (del(.drops));
		($a | flat) as $a | ($b | flat) as $b |
		$a | with_entries(.value -= $b[.key]) | with_entries(select(.value != 0))'
}

# counted KEY: the drop reason KEY grew by $sent, every other reason by 0,
# and the switch's rx_dropped by $sent.
counted() {
	delta '.["drops.'"$1"'"] == $n and .sw_rx_dropped == $n and
		([to_entries[] | select(.key | startswith("drops.")) |
		  select(.key != "drops.'"$1"'") | .value] | all(. == 0))' || {
		echo "sent $sent, counters changed by $(show_delta)"
		return 1
	}
}

not_delivered() {
	delta '.vm1p_tx == 0 and .vm2p_tx == 0 and .vm1_rx == 0 and .vm2_rx == 0 and
		.sw_rx_packets == 0' || {
		echo "sent $sent, counters changed by $(show_delta)"
		return 1
	}
}

# delivered_to VM: the one frame reached VM (port and device), not the other,
# and no drop was counted.
delivered_to() {
	local other=vm1
	[ "$1" = vm1 ] && other=vm2
	delta '.'"$1"'p_tx == $n and .'"$1"'_rx == $n and .'"$other"'p_tx == 0 and
		.'"$other"'_rx == 0 and .sw_rx_packets == $n and .sw_rx_dropped == 0 and
		([to_entries[] | select(.key | startswith("drops.")) | .value] |
		 all(. == 0))' || {
		echo "sent $sent, counters changed by $(show_delta)"
		return 1
	}
}

fdb_json() {
	ovxn "$hv" -j fdb show
}

fdb_empty() {
	local fdb
	fdb=$(fdb_json) || return 1
	jq -e 'length == 0' <<<"$fdb" >/dev/null || {
		echo "fdb: $fdb"
		return 1
	}
}

learnt() { # MAC NET PEER
	local fdb
	fdb=$(fdb_json) || return 1
	jq -e --arg m "$1" --arg n "$2" --arg p "$3" 'map(select(.mac == $m)) |
		length == 1 and .[0].net == $n and .[0].peer == $p and
		.[0].static == false' <<<"$fdb" >/dev/null || {
		echo "fdb: $fdb"
		return 1
	}
}

# run_case CASE REASON DESC: send CASE, which must be dropped for REASON.
run_case() {
	local case=$1 reason=$2 desc=$3
	before=$after
	if ! tunnel_send "$case" || ! after=$(counters); then
		ktap_test_fail "$desc: dropped, counted in drops.$reason (could not send or read counters)"
		ktap_test_fail "$desc: not delivered to any guest"
		after=$(counters)
		return
	fi
	ktap_test_result "$desc: all $sent counted in drops.$reason only" \
		counted "$reason"
	ktap_test_result "$desc: not delivered to any guest, in no network" \
		not_delivered
}

run_good() { # CASE VM DESC
	local case=$1 vm=$2 desc=$3
	before=$after
	if ! tunnel_send "$case" || ! after=$(counters); then
		ktap_test_fail "$desc (could not send or read counters)"
		after=$(counters)
		return
	fi
	ktap_test_result "$desc" delivered_to "$vm"
}

ktap_print_header
ktap_set_plan 28
setup || ktap_exit_fail_msg "cannot set up the namespaces and the switch"

coproc SENDER { ip netns exec "$und" "$py" "$here/tunnel_send.py" 2>&1; }
sender_pid=$SENDER_PID
defer kill "$sender_pid"
read -r -t 60 ready <&"${SENDER[0]}"
[ "$ready" = ready ] || ktap_exit_fail_msg "tunnel_send.py did not start: $ready"

after=$(counters) || ktap_exit_fail_msg "cannot read the counters"
ktap_test_result "drop counters are there and start at 0" \
	jq -n -e --argjson c "$after" '$c.drops | (has("tunnel_short") and
		has("tunnel_bad_flags") and has("tunnel_unknown_vni") and
		has("tunnel_unknown_peer") and has("tunnel_bad_inner")) and
		all(.[]; . == 0)'

run_case short-vxlan tunnel_short \
	"UDP payloads of 0, 4 and 7 bytes (less than a VXLAN header)"
run_case short-inner tunnel_short \
	"VXLAN headers with no or 13 bytes of inner Ethernet header"
run_case no-i-flag tunnel_bad_flags "VXLAN without the I flag"
run_case extra-flags tunnel_bad_flags "VXLAN with flag bits besides I"
run_case reserved-flag-bits tunnel_bad_flags \
	"VXLAN with reserved bits set after the flags"
run_case reserved-vni-byte tunnel_bad_flags \
	"VXLAN with the reserved byte after the VNI set"
run_case unknown-vni tunnel_unknown_vni "VNI 999, which no network has"
run_case not-a-peer tunnel_unknown_peer \
	"VNI 100 from 10.0.0.4, no peer of the switch"
run_case peer-of-other-net tunnel_unknown_peer \
	"VNI 100 (blue) from 10.0.0.3, a peer of red only"
run_case multicast-inner-source tunnel_bad_inner \
	"inner frames with a multicast or broadcast source MAC"
run_case zero-inner-source tunnel_bad_inner "inner frames with source MAC 0"
ktap_test_result "no FDB entry was learnt from the dropped packets" fdb_empty

run_good good-blue vm1 \
	"a well-formed VNI 100 frame from peer 10.0.0.2 reaches vm1 only, no drop counted"
ktap_test_result "its source was learnt in blue behind peer 10.0.0.2" \
	learnt 02:00:00:bb:00:01 blue 10.0.0.2
run_good good-red vm2 \
	"a well-formed VNI 200 frame from peer 10.0.0.3 reaches vm2 only, no drop counted"
ktap_test_result "its source was learnt in red behind peer 10.0.0.3" \
	learnt 02:00:00:bb:00:02 red 10.0.0.3

ktap_finished
