#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Stress: rmmod ovx OVX_STRESS_RMMOD times (default 100) while a MAC flood
# (pktgen, random source addresses) crosses the overlay and a loop of
# netlink changes (networks, ports, peers, FDB entries) runs; the module
# comes back each time and the overlay is rebuilt.  Then OVX_STRESS_NETNS
# times (default 20) a namespace holding a switch with live traffic is
# deleted.  The learning cap holds under the flood; the kernel log stays
# clean throughout.
#
#              +------------ ul: br0 ------------+
#              |                                 |
#        ul0 10.0.0.1                      ul0 10.0.0.2
#   +------- hv1 ---------+           +------- hv2 -------+
#   | ovx0  blue: vm1 vm3 |           | ovx0  blue: vm2   |
#   |   fdb-max 256       |           |   fdb-max 256     |
#   |   churn: net tmp, port p0, fdb, peer 10.0.0.9       |
#   +---------------------+           +-------------------+
#
#   vm3 --pktgen, random source MACs, ff:ff:ff:ff:ff:ff--> all
#
#   +-- nsX (deleted with traffic) --+   +-- gX --+
#   | ovx0 local 10.9.0.1, net n:    |   | eth0 --|-- pktgen into port pX
#   |   port pX, peer 10.9.0.2       |   +--------+
#   +--------------------------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq dmesg

rounds=${OVX_STRESS_RMMOD:-100}
netns_rounds=${OVX_STRESS_NETNS:-20}
FDB_MAX=256
MARK="stress.sh: start"

# shellcheck disable=SC2034
ul="" hv1="" hv2="" vm1="" vm2="" vm3=""
churn_pid=""
tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

overlay_up() {
	ovx_batch "$hv1" <<-EOF 2>/dev/null || return 1
		switch add ovx0 local 10.0.0.1
		net add blue vni 100 fdb-max $FDB_MAX
		port add dev vm1 net blue
		port add dev vm3 net blue
		peer add 10.0.0.2
	EOF
	ipn "$hv1" link set ovx0 up || return 1
	ovx_batch "$hv2" <<-EOF 2>/dev/null || return 1
		switch add ovx0 local 10.0.0.2
		net add blue vni 100 fdb-max $FDB_MAX
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
	ipn "$hv1" link add p0 type veth peer p0x || return 1
	overlay_up && vm_ping "$vm1" 10.1.0.2
}

# The flood: about 2000 broadcasts a second from random source addresses
# (pktgen's MACSRC_RND over 65536 of them), which hv1 learns up to its cap
# and floods to vm1 and hv2.
flood_start() {
	pktgen "$vm3" eth0 "count 0" "delay 500000" \
		"dst_mac ff:ff:ff:ff:ff:ff" "dst 10.1.0.255" \
		"src_mac 02:00:00:10:00:00" "src_mac_count 65536" "flag MACSRC_RND"
}

# Netlink changes, over and over, failing harmlessly while the module is
# away: one "ovx -b -force" process per round of them.
churn_start() {
	cat >"$tmp/churn" <<-EOF
		net add tmp vni 200
		port add dev p0 net tmp
		fdb add 02:00:00:00:0c:01 net tmp dev p0
		fdb add 02:00:00:00:0c:02 net blue peer 10.0.0.2
		peer add 10.0.0.9 net tmp
		net set blue ageing 10
		fdb show net blue
		fdb flush net blue peer 10.0.0.2
		peer del 10.0.0.9
		port del dev p0
		net del tmp
		net set blue ageing 300
	EOF
	(
		while :; do
			"$OVX" -n "$hv1" -force -b "$tmp/churn" >/dev/null 2>&1
			echo x >>"$tmp/churn.rounds"
		done
	) &
	churn_pid=$!
	defer churn_stop
}

churn_stop() {
	[ -n "$churn_pid" ] || return 0
	kill "$churn_pid" 2>/dev/null
	wait "$churn_pid" 2>/dev/null
	churn_pid=""
	return 0
}

traffic_stop() {
	pktgen_stop "$vm3" eth0
	return 0
}

# The learning cap holds under the flood: one port may hold half of
# fdb-max, so hv1 learnt that share from the flooding port (and at most
# fdb-max in all, statics apart), counted the rest as fdb-port-full, and its
# FDB dump agrees.
cap_holds() {
	local net fdb drops
	net=$(ovx_n "$hv1" -j net show blue) &&
		fdb=$(ovx_n "$hv1" -j fdb show net blue) &&
		drops=$(ovx_n "$hv1" -s -j switch show ovx0) || return 1
	jq -e --argjson max $FDB_MAX \
		'.[0].fdb_learned >= $max / 2 and .[0].fdb_learned <= $max' \
		<<<"$net" >/dev/null &&
		jq -e --argjson max $FDB_MAX \
			'[.[] | select((.flags // []) | index("static") | not)] | length <= $max' \
			<<<"$fdb" >/dev/null &&
		jq -e '.[0].drops.fdb_port_full > 0' <<<"$drops" >/dev/null || {
		echo "net: $net"
		echo "drops: $(jq -c '.[0].drops' <<<"$drops")"
		echo "fdb entries: $(jq length <<<"$fdb")"
		return 1
	}
}

flood_flows() {
	local out
	out=$(ovx_n "$hv1" -s -j net show blue) || return 1
	jq -e '.[0].stats.rx_packets > 1000' <<<"$out" >/dev/null
}

# rmmod, retried while a netlink request or dump holds the module.
unload() {
	local i
	for i in $(seq 50); do
		rmmod ovx 2>"$tmp/rmmod.err" && return 0
		grep -q 'in use' "$tmp/rmmod.err" || break
		echo x >>"$tmp/busy"
		sleep 0.1
	done
	cat "$tmp/rmmod.err"
	return 1
}

rmmod_rounds() {
	local i start=$SECONDS
	for ((i = 1; i <= rounds; i++)); do
		pktgen_running "$vm3" eth0 || { echo "round $i: the flood stopped"; return 1; }
		# Somewhere between 0 and 1.5 s into the overlay's life.
		sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
		[ $((RANDOM % 3)) -eq 0 ] && sleep 1
		unload || { echo "round $i: rmmod failed"; return 1; }
		if [ -d /sys/module/ovx ] || ip -n "$hv1" link show ovx0 >/dev/null 2>&1; then
			echo "round $i: the module or a switch is still there"
			return 1
		fi
		ovx_mod_load || { echo "round $i: insmod failed"; return 1; }
		overlay_up || { echo "round $i: cannot rebuild the overlay"; return 1; }
		if [ $((i % 10)) -eq 0 ]; then
			kmsg_clean_since "$MARK" || { echo "round $i: kernel log"; return 1; }
		fi
	done
	echo "$rounds rounds in $((SECONDS - start)) s; rmmod found the module busy" \
		"$(cat "$tmp/busy" 2>/dev/null | wc -l) times;" \
		"$(cat "$tmp/churn.rounds" 2>/dev/null | wc -l) rounds of netlink changes ran" \
		>"$tmp/summary"
}

# A namespace with a switch, a network, a port with traffic and a peer,
# deleted while pktgen sends into the port from a namespace of its own.
netns_rounds() {
	local i ns g start=$SECONDS
	for ((i = 1; i <= netns_rounds; i++)); do
		ns="" g=""
		setup_ns ns g || return 1
		ip_batch "$ns" <<-EOF || return 1
			link add px type veth peer eth0 netns $g
			link set px up
			link add ul0 type dummy
			addr add 10.9.0.1/24 dev ul0
			link set ul0 up
		EOF
		ip -n "$g" link set eth0 up || return 1
		ovx_batch "$ns" <<-EOF 2>/dev/null || return 1
			switch add ovx0 local 10.9.0.1
			net add n$i vni $i
			port add dev px net n$i
			peer add 10.9.0.2
			fdb add 02:00:00:00:0e:01 net n$i dev px
		EOF
		ipn "$ns" link set ovx0 up || return 1
		pktgen "$g" eth0 "count 0" "delay 200000" "dst_mac ff:ff:ff:ff:ff:ff" \
			"src_mac 02:00:00:20:00:00" "src_mac_count 1000" "flag MACSRC_RND" ||
			return 1
		sleep "0.$((RANDOM % 10))"
		ip netns del "$ns" || return 1
		pktgen_stop "$g" eth0
		ip netns del "$g"
		# Neither was ever deleted by cleanup_ns again.
		__ovx_ns_list=("${__ovx_ns_list[@]/$ns/}")
		__ovx_ns_list=("${__ovx_ns_list[@]/$g/}")
	done
	echo "$netns_rounds namespaces in $((SECONDS - start)) s" >"$tmp/summary"
	# The namespaces' switches were all freed: the module goes.
	busywait 30000 sh -c '[ "$(cat /sys/module/ovx/refcnt)" = 0 ]' &&
		ovx_n "$hv1" switch show ovx0 >/dev/null
}

ktap_print_header
ktap_set_plan 7

kmsg_mark "$MARK"
setup || ktap_exit_fail_msg "cannot build the topology"
flood_start || ktap_print_msg "pktgen did not start"
defer traffic_stop
churn_start

ktap_test_result "the MAC flood crosses the overlay" busywait 30000 flood_flows
ktap_test_result "under the flood, hv1 learns the port's share of fdb-max ($FDB_MAX), counts the rest as fdb-port-full" \
	busywait 30000 cap_holds
ktap_test_result "rmmod under a MAC flood and netlink changes, $rounds times; reload and rebuild each time" \
	rmmod_rounds
[ -f "$tmp/summary" ] && ktap_print_msg "$(cat "$tmp/summary")"
ktap_test_result "the overlay works after the last reload: vm1 pings vm2" \
	vm_ping "$vm1" 10.1.0.2
churn_stop
ktap_test_result "the learning cap still holds after the reloads" busywait 30000 cap_holds
ktap_test_result "$netns_rounds namespaces with a live switch and traffic deleted" netns_rounds
ktap_print_msg "$(cat "$tmp/summary")"
traffic_stop
ktap_test_result "kernel log through the stress: no warning, BUG or oops" \
	kmsg_clean_since "$MARK"
ktap_finished
