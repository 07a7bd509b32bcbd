#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The overlay across three hypervisors: ping through VXLAN tunnels in a
# full mesh of peers, flooding, isolation of networks with the same
# addresses, learning and what it points to, static entries, ageing, a VM
# moving between hypervisors, deleting a peer, detaching and deleting ports
# (veth and tap), the limit of learnt entries under a flood of random
# source MACs, and the JSON of every show command.  The checks build on one
# another in the order below, on one topology built once (processes are
# slow under TCG).
#
#                      +------------ ul: br0 -------------+
#                      |                |                 |
#               ul0 10.0.0.1     ul0 10.0.0.2      ul0 10.0.0.3
#          +----- hv1 -----+  +----- hv2 -----+  +----- hv3 ------+
#          | ovx0          |  | ovx0          |  | ovx0           |
#   blue   | b1 tap1(t1)   |  | b2            |  | b3 (b2 later)  |
#   red    | r1            |  | r2            |  | r3             |
#   green  | g1            |  | g2            |  |                |
#          +---------------+  +---------------+  +----------------+
#
# blue (vni 100) and red (vni 200) use the same subnet 10.1.0.0/24, and
# b1/r1 and b2/r2 the same MAC and IP addresses; r3 (10.1.0.9) exists in
# red only.  green (vni 300) has fdb-max 16.  Each VM is a namespace; t1's
# NIC is wired to the tap port tap1 by selftests/tapvm.py.  hv1 and hv2
# peer in every network, hv3 with both in blue and red (it has no green).
# Frames with chosen source addresses come from pktgen in a VM.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq ping python3

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hv1="" hv2="" hv3="" b1="" b2="" b3="" r1="" r2="" r3="" t1="" g1="" g2=""

B1=02:00:00:00:01:01	# b1 and r1
B2=02:00:00:00:02:01	# b2 and r2
B3=02:00:00:00:03:01
R3=02:00:00:00:03:09
T1=02:00:00:00:01:11
G1=02:00:00:03:01:01
G2=02:00:00:03:02:01
S1=02:00:00:5a:00:01	# static on hv1: peer 10.0.0.3
S2=02:00:00:5a:00:02	# static on hv1: dev b1
A1=02:00:00:a9:00:01	# learnt on hv1, then aged
FDB_MAX=16

setup() {
	modprobe pktgen || return 1
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	# Python starts slowly: let it while the rest is built.
	topo_tap_vm t1 "$hv1" tap1 || return 1
	topo_hv hv2 "$ul" 10.0.0.2 || return 1
	topo_hv hv3 "$ul" 10.0.0.3 || return 1
	topo_vm b1 "$hv1" b1 $B1 10.1.0.1/24 || return 1
	topo_vm b2 "$hv2" b2 $B2 10.1.0.2/24 || return 1
	topo_vm b3 "$hv3" b3 $B3 10.1.0.3/24 || return 1
	topo_vm r1 "$hv1" r1 $B1 10.1.0.1/24 || return 1
	topo_vm r2 "$hv2" r2 $B2 10.1.0.2/24 || return 1
	topo_vm r3 "$hv3" r3 $R3 10.1.0.9/24 || return 1
	topo_vm g1 "$hv1" g1 $G1 10.3.0.1/24 || return 1
	topo_vm g2 "$hv2" g2 $G2 10.3.0.2/24 || return 1
	topo_tap_vm_nic "$t1" $T1 10.1.0.11/24 || return 1

	# Peers come after the networks: "peer add ADDR" without "net"
	# joins the networks the switch has at that moment.
	ovx_batch "$hv1" <<-EOF || return 1
		net add blue vni 100
		net add red vni 200
		net add green vni 300 fdb-max $FDB_MAX
		port add dev b1 net blue
		port add dev tap1 net blue
		port add dev r1 net red
		port add dev g1 net green
		peer add 10.0.0.2
		peer add 10.0.0.3 net blue net red
	EOF
	ovx_batch "$hv2" <<-EOF || return 1
		net add blue vni 100
		net add red vni 200
		net add green vni 300 fdb-max $FDB_MAX
		port add dev b2 net blue
		port add dev r2 net red
		port add dev g2 net green
		peer add 10.0.0.1
		peer add 10.0.0.3 net blue net red
	EOF
	ovx_batch "$hv3" <<-EOF
		net add blue vni 100
		net add red vni 200
		port add dev b3 net blue
		port add dev r3 net red
		peer add 10.0.0.1
		peer add 10.0.0.2
	EOF
}

# --- flooding --------------------------------------------------------------

declare -A tx_before tx_after

# ports_tx ARRAY: the tx_packets of every port of the three hypervisors
# into the associative array ARRAY, by device (names are unique here).
ports_tx() {
	local -n arr=$1
	local ns dev n list

	# Not "< <(...)": the VM has no /dev/fd.
	list=$(for ns in "$hv1" "$hv2" "$hv3"; do
			ovx_n "$ns" -s -j port show || exit 1
		done) || return 1
	list=$(jq -r '.[] | "\(.dev) \(.stats.tx_packets)"' <<<"$list") ||
		return 1
	arr=()
	while read -r dev n; do
		arr[$dev]=$n
	done <<<"$list"
	[ ${#arr[@]} -gt 0 ]
}

# flooded_to DEV...: each port sent at least one frame between the snapshots.
flooded_to() {
	local dev rc=0
	for dev in "$@"; do
		if [ $((${tx_after[$dev]:-0} - ${tx_before[$dev]:-0})) -lt 1 ]; then
			echo "port $dev: tx_packets ${tx_before[$dev]:-?} -> ${tx_after[$dev]:-?}"
			rc=1
		fi
	done
	return $rc
}

# not_flooded_to DEV...: each port sent nothing between the snapshots.
not_flooded_to() {
	local dev rc=0
	for dev in "$@"; do
		if [ -z "${tx_after[$dev]:-}" ] ||
		   [ "${tx_after[$dev]}" != "${tx_before[$dev]:-}" ]; then
			echo "port $dev: tx_packets ${tx_before[$dev]:-?} -> ${tx_after[$dev]:-?}"
			rc=1
		fi
	done
	return $rc
}

# exactly_once DEV...: each port sent exactly one frame between the snapshots.
exactly_once() {
	local dev rc=0
	for dev in "$@"; do
		if [ $((${tx_after[$dev]:-0} - ${tx_before[$dev]:-0})) -ne 1 ]; then
			echo "port $dev: tx_packets ${tx_before[$dev]:-?} -> ${tx_after[$dev]:-?}"
			rc=1
		fi
	done
	return $rc
}

# One broadcast frame from r1 (pktgen) in red, which nothing else uses
# yet: hv1 sends a copy to each peer, which delivers it to its own ports
# only (split horizon), so r2 and r3 get it once, not again through the
# third hypervisor, and r1 not at all.
broadcast_once() {
	ports_tx tx_before || return 1
	pktgen "$r1" eth0 "count 1" "dst_mac ff:ff:ff:ff:ff:ff" || return 1
	busywait 5000 eval 'ports_tx tx_after && flooded_to r2 r3 >/dev/null' ||
		{ flooded_to r2 r3; return 1; }
	# A new snapshot, hundreds of milliseconds later: any duplicate has
	# arrived by then.
	ports_tx tx_after && exactly_once r2 r3 && not_flooded_to r1
}

# b1 resolves b3's address again: its ARP request is a broadcast.
# b1 asks for an address nobody has, which it never resolved before: a
# broadcast for sure.  (Asking again for a flushed neighbour may start with
# unicast probes to its old address, which flood nowhere.)
arp_broadcast() {
	ports_tx tx_before || return 1
	vm_no_ping "$b1" 10.1.0.250 || echo "b1 got an answer from 10.1.0.250"
	ports_tx tx_after
}

# --- isolation -------------------------------------------------------------

# Neither network reaches an address that only the other one has.
networks_isolated() {
	local p1 p2 rc=0

	vm_no_ping "$b1" 10.1.0.9 &	# r3, in red only
	p1=$!
	vm_no_ping "$r1" 10.1.0.3 &	# b3, in blue only
	p2=$!
	wait $p1 || { echo "b1 (blue) reached r3 (red)"; rc=1; }
	wait $p2 || { echo "r1 (red) reached b3 (blue)"; rc=1; }
	return $rc
}

# --- static entries and ageing -----------------------------------------------

# Frames with the static entries' addresses as sources, from a local port
# other than S1's destination and from a peer other than S2's; they are
# flooded, so hv3 learns them too, which shows that they went through hv1.
static_not_relearnt() {
	pktgen "$b1" eth0 "count 1" "src_mac $S1" "dst_mac ff:ff:ff:ff:ff:ff" ||
		return 1
	pktgen "$b2" eth0 "count 1" "src_mac $S2" "dst_mac ff:ff:ff:ff:ff:ff" ||
		return 1
	busywait 5000 fdb_expect "$hv3" "blue $S1 peer 10.0.0.1" \
		"blue $S2 peer 10.0.0.2" >/dev/null || {
		fdb_expect "$hv3" "blue $S1 peer 10.0.0.1" "blue $S2 peer 10.0.0.2"
		echo "the frames did not go through hv1"
		return 1
	}
	fdb_expect "$hv1" "blue $S1 peer 10.0.0.3 static" "blue $S2 dev b1 static"
}

# A1 is learnt from one frame of b2 and never seen again.
learnt_entry_ages() {
	pktgen "$b2" eth0 "count 1" "src_mac $A1" "dst_mac ff:ff:ff:ff:ff:ff" ||
		return 1
	busywait 5000 fdb_expect "$hv1" "blue $A1 peer 10.0.0.2" >/dev/null ||
		{ fdb_expect "$hv1" "blue $A1 peer 10.0.0.2"; return 1; }
	ovx_n "$hv1" net set blue ageing 2 || return 1
	json_check "$hv1" '.[0].ageing == 2' -j net show blue || return 1
	busywait 10000 fdb_reject "$hv1" "^blue $A1 " >/dev/null ||
		{ fdb_reject "$hv1" "^blue $A1 "; return 1; }
}

# --- a VM moves from hv2 to hv3 ---------------------------------------------

veth_deleted() {
	# hv1 knows where b2 is before it moves.
	vm_ping "$b1" 10.1.0.2 || { echo "b1 cannot ping b2"; return 1; }
	fdb_expect "$hv1" "blue $B2 peer 10.0.0.2" || return 1
	fdb_expect "$hv2" "blue $B2 dev b2" || return 1
	ipn "$hv2" link del b2 || return 1
	json_check "$hv2" 'all(.[]; .dev != "b2")' -j port show &&
		fdb_reject "$hv2" " dev b2( |$)"
}

vm_moved() {
	topo_vm_nic "$b2" "$hv3" b2 $B2 10.1.0.2/24 || return 1
	ovx_n "$hv3" port add dev b2 net blue || return 1
	vm_ping "$b2" 10.1.0.1
}

# --- peer deletion -------------------------------------------------------------

# rx_packets of hv3's peer 10.0.0.1: what hv3 received from hv1.
hv3_rx_from_hv1() {
	local out
	out=$(ovx_n "$hv3" -s -j peer show) || return 1
	jq -e '.[] | select(.peer == "10.0.0.1") | .stats.rx_packets' <<<"$out"
}

peer_traffic_stops() {
	local before after

	before=$(hv3_rx_from_hv1) || return 1
	vm_no_ping "$b1" 10.1.0.2 || { echo "b1 still reaches b2 on hv3"; return 1; }
	after=$(hv3_rx_from_hv1) || return 1
	[ "$before" = "$after" ] ||
		{ echo "hv3 received $((after - before)) packets from hv1"; return 1; }
}

# --- tap deletion ----------------------------------------------------------------

tap_learnt() {
	vm_ping "$t1" 10.1.0.1 && fdb_expect "$hv1" "blue $T1 dev tap1"
}

# --- fdb-max -------------------------------------------------------------------

# fdb_full_drops NS: sources not learnt for a cap: the network's
# (fdb_full), or the half of it that one port or one peer may hold.
fdb_full_drops() { # NS
	local out
	out=$(ovx_n "$1" -s -j switch show) || return 1
	jq -e '.[0].drops | .fdb_full + .fdb_port_full + .fdb_peer_full' <<<"$out"
}

drops1="" drops2=""

# Broadcasts from 1000 random source addresses: hv1 learns from its port
# g1, and floods them to hv2, which learns from its peer.
fdb_flood() {
	vm_ping "$g1" 10.3.0.2 || { echo "g1 cannot ping g2"; return 1; }
	drops1=$(fdb_full_drops "$hv1") || return 1
	drops2=$(fdb_full_drops "$hv2") || return 1
	pktgen "$g1" eth0 "count 1000" "src_mac 02:00:00:f0:00:00" \
		"src_mac_count 1000" "flag MACSRC_RND" \
		"dst_mac ff:ff:ff:ff:ff:ff" "dst 10.3.0.1"
}

fdb_within_limit() {
	local ns n rc=0

	for ns in "$hv1" "$hv2"; do
		json_check "$ns" ".[0].fdb_learned <= $FDB_MAX" -j net show green ||
			rc=1
		n=$(ovx_n "$ns" -j fdb show net green learned) || return 1
		n=$(jq length <<<"$n") || return 1
		echo "$ns: $n learnt entries in green"
		# More than g1 and g2: the flood did reach the FDB.
		[ "$n" -le "$FDB_MAX" ] && [ "$n" -gt 2 ] || rc=1
	done
	return $rc
}

fdb_full_counted() {
	local after1 after2

	after1=$(fdb_full_drops "$hv1") || return 1
	after2=$(fdb_full_drops "$hv2") || return 1
	echo "fdb_full and port/peer caps: hv1 $drops1 -> $after1, hv2 $drops2 -> $after2"
	[ "$after1" -gt "$drops1" ] && [ "$after2" -gt "$drops2" ]
}

# ---------------------------------------------------------------------------

ktap_print_header
ktap_set_plan 36

setup || ktap_exit_fail_msg "cannot build the topology"

# ping across hypervisors
ktap_test_result "ping: b1 on hv1 to b2 on hv2" vm_ping "$b1" 10.1.0.2
ktap_test_result "ping: b1 on hv1 to b3 on hv3" vm_ping "$b1" 10.1.0.3
ktap_test_result "ping: b2 on hv2 to b3 on hv3 (full mesh of peers)" \
	vm_ping "$b2" 10.1.0.3
ktap_test_result "ping: t1 behind tap port tap1 on hv1 to b2 on hv2" \
	vm_ping "$t1" 10.1.0.2

# flooding stays in its network
arp_broadcast
ktap_test_result "flood: b1's ARP broadcast reaches every other blue port on hv1, hv2 and hv3" \
	flooded_to tap1 b2 b3
ktap_test_result "flood: b1's ARP broadcast reaches no port of red or green" \
	not_flooded_to r1 r2 r3 g1 g2
ktap_test_result "flood: one broadcast from r1 reaches r2 and r3 exactly once, r1 never (no relaying between peers, no echo)" \
	broadcast_once

# two networks with the same addresses
ktap_test_result "isolation: r1 pings r2 in red, with the MAC and IP addresses of b1 and b2" \
	vm_ping "$r1" 10.1.0.2
ktap_test_result "isolation: blue and red do not reach addresses only the other has" \
	networks_isolated
separate_entries() {
	fdb_expect "$hv1" "blue $B1 dev b1" "red $B1 dev r1" \
		"blue $B2 peer 10.0.0.2" "red $B2 peer 10.0.0.2" &&
	fdb_expect "$hv2" "blue $B2 dev b2" "red $B2 dev r2" \
		"blue $B1 peer 10.0.0.1" "red $B1 peer 10.0.0.1"
}
ktap_test_result "isolation: the same MAC has separate entries in blue and red on hv1 and hv2" \
	separate_entries

# learnt entries
learnt_blue() {
	fdb_expect "$hv1" "blue $B1 dev b1" "blue $B2 peer 10.0.0.2" \
		"blue $B3 peer 10.0.0.3" "blue $T1 dev tap1" &&
	fdb_expect "$hv2" "blue $B1 peer 10.0.0.1" "blue $B2 dev b2" \
		"blue $B3 peer 10.0.0.3" "blue $T1 peer 10.0.0.1" &&
	fdb_expect "$hv3" "blue $B1 peer 10.0.0.1" "blue $B2 peer 10.0.0.2" \
		"blue $B3 dev b3"
}
ktap_test_result "learning: entries point to the local port (dev) or the VM's hypervisor (peer) on hv1, hv2, hv3" \
	learnt_blue

# static entries (added before ageing is shortened)
static_added() {
	ovx_batch "$hv1" <<-EOF || return 1
		fdb add $S1 net blue peer 10.0.0.3
		fdb add $S2 net blue dev b1
	EOF
	fdb_expect "$hv1" "blue $S1 peer 10.0.0.3 static" "blue $S2 dev b1 static"
}
ktap_test_result "static: ovx fdb add to a peer and to a port lists them as static" \
	static_added
ktap_test_result "static: entries are not replaced by learning from another port or peer" \
	static_not_relearnt

# ageing
ktap_test_result "ageing: with ageing 2 (ovx net set) a learnt entry disappears" \
	learnt_entry_ages
ktap_test_result "ageing: static entries survive it" \
	fdb_expect "$hv1" "blue $S1 peer 10.0.0.3 static" "blue $S2 dev b1 static"
ovx_n "$hv1" net set blue ageing 300

# a VM moves from hv2 to hv3
ktap_test_result "veth deletion: b2's port leaves ovx port show on hv2 and its entries go" \
	veth_deleted
ktap_test_result "move: b2 recreated on hv3 with the same MAC and IP pings b1 on hv1" \
	vm_moved
reach_moved() {
	vm_ping "$b1" 10.1.0.2 || { echo "b1 cannot ping b2"; return 1; }
	vm_ping "$b3" 10.1.0.2 || { echo "b3 cannot ping b2"; return 1; }
}
ktap_test_result "move: b1 (hv1) and b3 (hv3) reach b2 at its new place" reach_moved
entries_moved() {
	fdb_expect "$hv1" "blue $B2 peer 10.0.0.3" &&
	fdb_expect "$hv2" "blue $B2 peer 10.0.0.3" &&
	fdb_expect "$hv3" "blue $B2 dev b2"
}
ktap_test_result "move: entries follow: peer 10.0.0.3 on hv1 and hv2, port b2 on hv3" \
	entries_moved

# deleting a peer
ovx_n "$hv1" peer del 10.0.0.3
ktap_test_result "peer del: hv1 no longer lists peer 10.0.0.3" \
	json_check "$hv1" 'length == 1 and all(.[]; .peer != "10.0.0.3")' -j peer show
ktap_test_result "peer del: hv1's entries pointing to 10.0.0.3 are flushed" \
	fdb_reject "$hv1" " peer 10\.0\.0\.3( |$)"
ktap_test_result "peer del: hv1 sends nothing more to 10.0.0.3 (b1 cannot ping b2 on hv3)" \
	peer_traffic_stops
ovx_n "$hv1" peer add 10.0.0.3 net blue net red
ktap_test_result "peer add: with the peer back, b1 pings b2 on hv3 again" \
	vm_ping "$b1" 10.1.0.2

# a tap port: detached, attached again, then its tap is deleted
ktap_test_result "tap: t1 behind tap1 pings b1 and hv1 learns it on tap1" tap_learnt
tap_detached() {
	ovx_n "$hv1" port del dev tap1 || return 1
	json_check "$hv1" 'all(.[]; .dev != "tap1")' -j port show &&
		fdb_reject "$hv1" " dev tap1( |$)" || return 1
	vm_no_ping "$t1" 10.1.0.1 || { echo "t1 still reaches b1"; return 1; }
}
ktap_test_result "tap detach: ovx port del dev tap1 leaves ovx port show, flushes its entries, cuts t1 off" \
	tap_detached
tap_reattached() {
	ovx_n "$hv1" port add dev tap1 net blue && tap_learnt
}
ktap_test_result "tap attach: tap1 attached again, t1 pings b1 through it and is learnt there" \
	tap_reattached
ipn "$hv1" link del tap1
ktap_test_result "tap deletion: tap1 leaves ovx port show" \
	json_check "$hv1" 'length > 0 and all(.[]; .dev != "tap1")' -j port show
ktap_test_result "tap deletion: tap1's FDB entries go with it" \
	fdb_reject "$hv1" " dev tap1( |$)" "^blue $T1 "

# fdb-max under a flood of random source addresses
fdb_flood || ktap_print_msg "the flood of random source MACs failed"
ktap_test_result "fdb-max $FDB_MAX: after 1000 frames from random source MACs, at most $FDB_MAX learnt entries on hv1 (port) and hv2 (peer)" \
	fdb_within_limit
ktap_test_result "fdb-max: hv1 and hv2 count what they could not learn (fdb_full, fdb_port_full, fdb_peer_full)" \
	fdb_full_counted
known_hosts_ok() {
	vm_ping "$g1" 10.3.0.2 || { echo "g1 cannot ping g2"; return 1; }
	fdb_expect "$hv1" "green $G1 dev g1" "green $G2 peer 10.0.0.2"
}
ktap_test_result "fdb-max: known hosts keep their entries and g1 still pings g2" \
	known_hosts_ok

# JSON of every show command, with and without -s
# show_json OBJECT JQ JQ_STATS: "ovx -j OBJECT show" satisfies JQ, and
# "ovx -s -j OBJECT show" JQ_STATS.
show_json() {
	json_check "$hv1" "$2" -j "$1" show &&
		json_check "$hv1" "$3" -s -j "$1" show
}
ktap_test_result "json: ovx -j [-s] switch show parses, with stats and drops" \
	show_json switch 'length == 1 and .[0].name == "ovx0"' \
	'all(.[]; has("stats") and (.drops | type == "object"))'
ktap_test_result "json: ovx -j [-s] net show parses, with stats" \
	show_json net 'length == 3' 'all(.[]; has("stats"))'
ktap_test_result "json: ovx -j [-s] port show parses, with stats" \
	show_json port 'length == 3' 'all(.[]; has("stats"))'
ktap_test_result "json: ovx -j [-s] peer show parses, with stats" \
	show_json peer 'length == 2 and all(.[]; .nets | type == "array")' \
	'all(.[]; has("stats"))'
ktap_test_result "json: ovx -j [-s] fdb show parses, each entry with either dev or peer" \
	show_json fdb 'length > 0 and all(.[]; has("mac") and has("dev") != has("peer"))' \
	'length > 0'

ktap_finished
