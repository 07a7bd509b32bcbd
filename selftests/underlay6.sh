#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The overlay over an IPv6 underlay, with VXLAN and with Geneve: pings
# across three hypervisors in a full mesh of peers, learning, broadcasts
# that reach the ports of their own network only (not those of another VNI
# of the switch, nor those of the same VNI on the host's other switch),
# Geneve's remote port; and interoperability with Linux's own vxlan and
# geneve devices over IPv6, both ways, with UDP checksums as Linux does by
# default; a Linux vxlan that sends zero checksums (udp6zerocsumtx) is not
# heard.  Then zero checksums by agreement (RFC 6935, 6936): hv1's ovx0,
# recreated with udp6zerocsumrx, hears that vxlan; recreated with
# udp6zerocsumtx too, it is refused by the vxlan until that one has
# udp6zerocsumrx.
#
#                 +---------------------- ul: br0 -----------------------+
#                 |                 |                 |                  |
#          ul0 fd00::1       ul0 fd00::2       ul0 fd00::3        ul0 fd00::4
#   +------- hv1 -------+ +---- hv2 ----+ +---- hv3 ----+ +------- hv4 (Linux) -------+
#   | ovx0 (VXLAN)      | | ovx0        | | ovx0        | | brv: vx0 (vxlan id 100,   |
#   |  blue 100: b1     | |  blue: b2   | |  blue: b3   | |   local fd00::4), x4      |
#   |  red 200:  r1     | |  red:  r2   | |             | | brg: gnv0 (geneve id 100, |
#   | ovx1 (Geneve)     | | ovx1        | | ovx1        | |   remote fd00::1), y4     |
#   |  green 100: g1    | |  green: g2  | |  green: g3, | |                           |
#   |                   | |             | |   d3 (dummy)| |                           |
#   +-------------------+ +-------------+ +-------------+ +---------------------------+
#
# blue and x4: 10.1.0.0/24, red: 10.2.0.0/24, green and y4: 10.3.0.0/24;
# VM N of each network has address .N.  hv4 is a peer of hv1 only (blue
# and green), as Linux's vxlan and geneve send there.  Last, addresses that
# an IPv6 switch must refuse: an IPv4 peer, its own address as a peer, and
# IPv4-mapped or multicast local addresses, and zero checksums on an IPv4
# switch.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip bridge jq ping

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hv1="" hv2="" hv3="" hv4="" b1="" b2="" b3="" r1="" r2="" g1="" g2="" g3=""
# shellcheck disable=SC2034
x4="" y4=""

mac() { # NET N: the MAC address of VM N of NET
	case $1 in
	blue) echo 02:00:00:01:00:0$2 ;;
	red) echo 02:00:00:02:00:0$2 ;;
	green) echo 02:00:00:03:00:0$2 ;;
	esac
}

setup() {
	local n hv
	modprobe pktgen || return 1
	setup_ns ul hv1 hv2 hv3 hv4 b1 b2 b3 r1 r2 g1 g2 g3 x4 y4 || return 1
	topo_underlay ul || return 1
	for n in 1 2 3; do
		topo_hv "hv$n" "$ul" "fd00::$n" || return 1
		hv="hv$n"
		ovx_n "${!hv}" switch add ovx1 local "fd00::$n" encap geneve ||
			return 1
		topo_vm "b$n" "${!hv}" "b$n" "$(mac blue $n)" "10.1.0.$n/24" || return 1
		topo_vm "g$n" "${!hv}" "g$n" "$(mac green $n)" "10.3.0.$n/24" || return 1
	done
	topo_vm r1 "$hv1" r1 "$(mac red 1)" 10.2.0.1/24 || return 1
	topo_vm r2 "$hv2" r2 "$(mac red 2)" 10.2.0.2/24 || return 1
	topo_host hv4 "$ul" fd00::4 || return 1
	topo_vm x4 "$hv4" x4 02:00:00:01:00:04 10.1.0.4/24 || return 1
	topo_vm y4 "$hv4" y4 02:00:00:03:00:04 10.3.0.4/24 || return 1

	# The ports' MTU (1500) exceeds the inner MTU: "port add" warns.
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		net add blue vni 100 switch ovx0
		net add red vni 200 switch ovx0
		net add green vni 100 switch ovx1
		port add dev b1 net blue
		port add dev r1 net red
		port add dev g1 net green
		peer add fd00::2 switch ovx0
		peer add fd00::3 switch ovx0 net blue
		peer add fd00::4 switch ovx0 net blue
		peer add fd00::2 switch ovx1
		peer add fd00::3 switch ovx1
		peer add fd00::4 switch ovx1
	EOF
	ovx_batch_quiet "$hv2" <<-EOF || return 1
		net add blue vni 100 switch ovx0
		net add red vni 200 switch ovx0
		net add green vni 100 switch ovx1
		port add dev b2 net blue
		port add dev r2 net red
		port add dev g2 net green
		peer add fd00::1 switch ovx0
		peer add fd00::3 switch ovx0 net blue
		peer add fd00::1 switch ovx1
		peer add fd00::3 switch ovx1
	EOF
	# d3 takes id 1 of ovx1: g3's id on hv3 differs from g1's on hv1.
	ipn "$hv3" link add d3 up type dummy || return 1
	ovx_batch_quiet "$hv3" <<-EOF || return 1
		net add blue vni 100 switch ovx0
		net add green vni 100 switch ovx1
		port add dev b3 net blue
		port add dev d3 net green
		port add dev g3 net green
		peer add fd00::1 switch ovx0
		peer add fd00::2 switch ovx0
		peer add fd00::1 switch ovx1
		peer add fd00::2 switch ovx1
	EOF
}

# hv4's vxlan and geneve devices and their bridges.  Not in setup: the
# bridges' own IGMP reports would cross to hv1 while the flooding is
# counted.  Linux's defaults over IPv6: UDP checksums sent and required.
linux_host() {
	ip_batch "$hv4" <<-EOF || return 1
		link add vx0 type vxlan id 100 local fd00::4 dstport 4789 nolearning
		link add brv type bridge
		link set vx0 master brv
		link set x4 master brv
		link add gnv0 type geneve id 100 remote fd00::1
		link add brg type bridge
		link set gnv0 master brg
		link set y4 master brg
		link set vx0 up
		link set brv up
		link set gnv0 up
		link set brg up
	EOF
	__ovx_trace bridge -n "$hv4" fdb append 00:00:00:00:00:00 \
		dst fd00::1 dev vx0
}

# --- flooding --------------------------------------------------------------

declare -A tx_before tx_after

# ports_tx ARRAY: the tx_packets of every port of hv1, hv2 and hv3 into
# the associative array ARRAY, by device (names are unique here).
ports_tx() {
	local -n arr=$1
	local ns k list
	local -A c=()

	list=$(for ns in "$hv1" "$hv2" "$hv3"; do
			ovx_n "$ns" -s port show || exit 1
		done) || return 1
	ovx_counters c "$list"
	arr=()
	for k in "${!c[@]}"; do
		[[ $k == *.tx.packets ]] && arr[${k%.tx.packets}]=${c[$k]}
	done
	[ ${#arr[@]} -gt 0 ]
}

# sent_n N DEV...: each port sent exactly N frames between the snapshots.
sent_n() {
	local n=$1 dev rc=0
	shift
	for dev in "$@"; do
		if [ -z "${tx_after[$dev]:-}" ] ||
			[ $((tx_after[$dev] - ${tx_before[$dev]:-0})) -ne "$n" ]; then
			echo "port $dev: tx_packets ${tx_before[$dev]:-?} -> ${tx_after[$dev]:-?}, expected +$n"
			rc=1
		fi
	done
	return $rc
}

# broadcast_once VM TO NOT: one broadcast frame from VM (pktgen) reaches
# each port of the list TO exactly once, and none of the list NOT.
broadcast_once() {
	local vm=$1 to=$2 not=$3
	ports_tx tx_before || return 1
	pktgen "$vm" eth0 "count 1" "dst_mac ff:ff:ff:ff:ff:ff" || return 1
	# shellcheck disable=SC2086
	busywait 5000 eval 'ports_tx tx_after && sent_n 1 '"$to"' >/dev/null' ||
		{ sent_n 1 $to; return 1; }
	# A new snapshot, later: any duplicate or leak has arrived by then.
	# shellcheck disable=SC2086
	ports_tx tx_after && sent_n 1 $to && sent_n 0 $not
}

# --- Geneve's remote port -----------------------------------------------------

# remote_port HV PORT HV2 NET MAC: HV2's entry for MAC in NET, learnt over
# Geneve, names the id that HV gave PORT (ovx port show).
# From the text ("dev g1 net green ... id 1", "MAC net green vni 100 peer
# fd00::1 remote-port 1 learned age 0"): jq is slow to start under TCG.
remote_port() {
	local hv=$1 port=$2 hv2=$3 net=$4 mac=$5 ports fdb w id="" rp=""
	ports=$(ovx_n "$hv" port show) && fdb=$(ovx_n "$hv2" fdb show net "$net") ||
		return 1
	while read -r -a w; do
		[ "${w[1]}" = "$port" ] && [ "${w[-2]}" = id ] && id=${w[-1]}
	done <<<"$ports"
	while IFS= read -r w; do
		[[ $w == "$mac "*" remote-port "* ]] || continue
		rp=${w#* remote-port }
		rp=${rp%% *}
	done <<<"$fdb"
	echo "port $port has id ${id:-?}; the entry of $mac says remote-port ${rp:-none}"
	[ -n "$id" ] && [ "$id" = "$rp" ] && return 0
	printf '%s\n%s\n' "$ports" "$fdb"
	return 1
}

# no_remote_port HV NET: no entry of NET in HV has a remote_port, and
# some entry points to a peer.
no_remote_port() {
	json_check "$1" 'any(.[]; has("peer")) and all(.[]; has("remote_port") | not)' \
		-j fdb show net "$2"
}

# --- interop -------------------------------------------------------------------

# ping_flushed VM MAC TUN VM2 ADDR: VM (MAC) pings ADDR, VM2 behind TUN on
# hv4, with every cache forgotten first: the ARP entries of both VMs, the
# FDB of hv1, and the entry for MAC of the bridge of TUN.  (Not "bridge
# fdb flush dev TUN": on 6.12 that also flushes vxlan's own default
# destination.)
ping_flushed() {
	ovx_n "$hv1" fdb flush || return 1
	__ovx_trace bridge -n "$hv4" fdb del "$2" dev "$3" master 2>/dev/null
	ipn "$1" neigh flush dev eth0 && ipn "$4" neigh flush dev eth0 || return 1
	vm_ping "$1" "$5"
}

# no_interop_drops: neither hv1's switches nor hv4's vxlan and geneve
# devices dropped anything, and hv1 did receive from hv4 on both.
no_interop_drops() {
	local out rc=0
	json_check "$hv1" 'all(.[]; .drops | all(.[]; . == 0))' -s -j switch show ||
		rc=1
	json_check "$hv1" '[.[] | select(.peer == "fd00::4") | .stats.rx_packets > 0] == [true, true]' \
		-s -j peer show || rc=1
	out=$(ipn "$hv4" -s -j link show) || return 1
	jq -e '[.[] | select(.ifname == "vx0" or .ifname == "gnv0") |
		.stats64.rx | .packets > 0 and .errors == 0 and .dropped == 0] ==
		[true, true]' <<<"$out" >/dev/null || {
		jq -c '.[] | select(.ifname == "vx0" or .ifname == "gnv0") |
			{ifname, rx: .stats64.rx}' <<<"$out"
		rc=1
	}
	return $rc
}

# udp6_csum_errors NS: Udp6InCsumErrors of NS.
udp6_csum_errors() {
	local snmp line
	snmp=$(ip netns exec "$1" cat /proc/net/snmp6) || return 1
	while read -r -a line; do
		[ "${line[0]}" = Udp6InCsumErrors ] && { echo "${line[1]}"; return 0; }
	done <<<"$snmp"
	return 1
}

peer4_rx() { # the packets hv1's ovx0 received from fd00::4
	local out
	out=$(ovx_n "$hv1" -s -j peer show switch ovx0) || return 1
	jq -e '.[] | select(.peer == "fd00::4") | .stats.rx_packets' <<<"$out"
}

# A vxlan device with udp6zerocsumtx replaces vx0: hv1's socket refuses
# what it sends (x4 no longer reaches b1), and counts it.
zero_csum_refused() {
	local c0 c1 p0 p1
	ip_batch "$hv4" <<-EOF || return 1
		link del vx0
		link add vx0 type vxlan id 100 local fd00::4 dstport 4789 nolearning udp6zerocsumtx
		link set vx0 master brv
		link set vx0 up
	EOF
	__ovx_trace bridge -n "$hv4" fdb append 00:00:00:00:00:00 \
		dst fd00::1 dev vx0 || return 1
	c0=$(udp6_csum_errors "$hv1") && p0=$(peer4_rx) || return 1
	vm_no_ping "$x4" 10.1.0.1 || { echo "x4 still reaches b1"; return 1; }
	c1=$(udp6_csum_errors "$hv1") && p1=$(peer4_rx) || return 1
	echo "hv1: Udp6InCsumErrors $c0 -> $c1, received from fd00::4 $p0 -> $p1"
	[ "$c1" -gt "$c0" ] && [ "$p1" = "$p0" ]
}

# ---------------------------------------------------------------------------

# --- zero UDP checksums by agreement ----------------------------------------

# ovx0_again OPTION...: hv1's ovx0 deleted and created again with the
# "switch add" OPTIONs, with what the checks below need: network blue, its
# port b1, and hv4 as a peer.
ovx0_again() {
	ovx_batch_quiet "$hv1" <<-EOF
		switch del ovx0
		switch add ovx0 local fd00::1 $*
		net add blue vni 100 switch ovx0
		port add dev b1 net blue
		peer add fd00::4 switch ovx0
	EOF
}

# With udp6zerocsumrx, hv1 hears the zero checksums of vx0
# (udp6zerocsumtx) and answers with checksums, which vx0 requires: x4 and
# b1 talk again, and no checksum error is counted.
zero_csum_rx() {
	local c0 c1 out
	ovx0_again udp6zerocsumrx || return 1
	out=$(ovx_n "$hv1" switch show ovx0) || return 1
	[[ $out == *" df unset udp6zerocsumrx overhead 70 "* ]] ||
		{ echo "switch show: $out"; return 1; }
	c0=$(udp6_csum_errors "$hv1") || return 1
	vm_ping "$x4" 10.1.0.1 || { echo "x4 does not reach b1"; return 1; }
	c1=$(udp6_csum_errors "$hv1") || return 1
	echo "hv1: Udp6InCsumErrors $c0 -> $c1"
	[ "$c1" = "$c0" ]
}

# With udp6zerocsumtx as well, hv1 sends zero checksums: vx0, without
# udp6zerocsumrx, refuses them and counts them, while hv1 still hears it.
zero_csum_tx_refused() {
	local c0 c1 p1
	ovx0_again udp6zerocsumtx udp6zerocsumrx || return 1
	json_check "$hv1" '.[0].udp6zerocsumtx == true and .[0].udp6zerocsumrx == true' 		-j switch show ovx0 || return 1
	c0=$(udp6_csum_errors "$hv4") || return 1
	vm_no_ping "$x4" 10.1.0.1 || { echo "x4 still reaches b1"; return 1; }
	c1=$(udp6_csum_errors "$hv4") && p1=$(peer4_rx) || return 1
	echo "hv4: Udp6InCsumErrors $c0 -> $c1; hv1 received from fd00::4: $p1"
	[ "$c1" -gt "$c0" ] && [ "$p1" -gt 0 ]
}

# A vxlan with udp6zerocsumrx replaces vx0: both ends agree, x4 and b1
# talk, each sending zero checksums that the other accepts.
zero_csum_both() {
	local c0 c1
	ip_batch "$hv4" <<-EOF || return 1
		link del vx0
		link add vx0 type vxlan id 100 local fd00::4 dstport 4789 nolearning udp6zerocsumtx udp6zerocsumrx
		link set vx0 master brv
		link set vx0 up
	EOF
	__ovx_trace bridge -n "$hv4" fdb append 00:00:00:00:00:00 \
		dst fd00::1 dev vx0 || return 1
	c0=$(udp6_csum_errors "$hv4") || return 1
	vm_ping "$x4" 10.1.0.1 || { echo "x4 does not reach b1"; return 1; }
	c1=$(udp6_csum_errors "$hv4") || return 1
	echo "hv4: Udp6InCsumErrors $c0 -> $c1"
	[ "$c1" = "$c0" ]
}

# ---------------------------------------------------------------------------

ktap_print_header
ktap_set_plan 25

setup || ktap_exit_fail_msg "cannot build the topology"

# Flooding first, while no VM sends anything else (ARP probes would count):
# one frame, to the ports of its network only, once each.
ktap_test_result "flood: a broadcast from b1 (VXLAN vni 100) reaches b2 and b3 once, no red port, no green port (Geneve vni 100)" \
	broadcast_once "$b1" "b2 b3" "b1 r1 r2 g1 g2 g3 d3"
ktap_test_result "flood: a broadcast from g1 (Geneve vni 100) reaches g2, g3 and d3 once, no blue or red port" \
	broadcast_once "$g1" "g2 g3 d3" "g1 b1 b2 b3 r1 r2"

# VXLAN over IPv6
ktap_test_result "VXLAN/IPv6: b1 on hv1 pings b2 on hv2" vm_ping "$b1" 10.1.0.2
ktap_test_result "VXLAN/IPv6: b1 on hv1 pings b3 on hv3" vm_ping "$b1" 10.1.0.3
ktap_test_result "VXLAN/IPv6: b2 on hv2 pings b3 on hv3 (full mesh of peers)" \
	vm_ping "$b2" 10.1.0.3
ktap_test_result "VXLAN/IPv6: r1 pings r2 in red (vni 200)" vm_ping "$r1" 10.2.0.2
learnt_vxlan() {
	fdb_expect "$hv1" "blue $(mac blue 2) peer fd00::2" \
		"blue $(mac blue 3) peer fd00::3" "red $(mac red 2) peer fd00::2" \
		"blue $(mac blue 1) dev b1" &&
	fdb_expect "$hv3" "blue $(mac blue 1) peer fd00::1" \
		"blue $(mac blue 2) peer fd00::2" &&
	no_remote_port "$hv3" blue
}
ktap_test_result "VXLAN/IPv6: entries learnt behind the IPv6 peers, without remote_port" \
	learnt_vxlan

# Geneve over IPv6
ktap_test_result "Geneve/IPv6: g1 on hv1 pings g2 on hv2" vm_ping "$g1" 10.3.0.2
ktap_test_result "Geneve/IPv6: g1 on hv1 pings g3 on hv3" vm_ping "$g1" 10.3.0.3
ktap_test_result "Geneve/IPv6: g2 on hv2 pings g3 on hv3 (full mesh of peers)" \
	vm_ping "$g2" 10.3.0.3
ktap_test_result "Geneve/IPv6: hv3 learnt g1 behind peer fd00::1, remote-port the id of port g1 on hv1 (1)" \
	remote_port "$hv1" g1 "$hv3" green "$(mac green 1)"
ktap_test_result "Geneve/IPv6: hv1 learnt g3 behind peer fd00::3, remote-port the id of port g3 on hv3 (2)" \
	remote_port "$hv3" g3 "$hv1" green "$(mac green 3)"

# Linux's vxlan and geneve over IPv6
linux_host || ktap_print_msg "cannot create hv4's vxlan and geneve devices"
ktap_test_result "interop: x4 behind Linux vxlan+bridge (IPv6) pings b1" vm_ping "$x4" 10.1.0.1
ktap_test_result "interop: b1 pings x4 behind Linux vxlan, caches flushed" \
	ping_flushed "$b1" "$(mac blue 1)" vx0 "$x4" 10.1.0.4
learnt_x4() {
	fdb_expect "$hv1" "blue 02:00:00:01:00:04 peer fd00::4" &&
		bridge_learnt "$hv4" brv "$(mac blue 1)" vx0
}
ktap_test_result "interop: hv1 learnt x4 behind fd00::4, hv4's bridge learnt b1 on vx0" \
	learnt_x4
ktap_test_result "interop: y4 behind Linux geneve+bridge (IPv6) pings g1" vm_ping "$y4" 10.3.0.1
ktap_test_result "interop: g1 pings y4 behind Linux geneve, caches flushed" \
	ping_flushed "$g1" "$(mac green 1)" gnv0 "$y4" 10.3.0.4
learnt_y4() {
	fdb_expect "$hv1" "green 02:00:00:03:00:04 peer fd00::4" &&
	json_check "$hv1" 'any(.[]; .mac == "02:00:00:03:00:04" and (has("remote_port") | not))' \
		-j fdb show net green &&
	bridge_learnt "$hv4" brg "$(mac green 1)" gnv0
}
ktap_test_result "interop: hv1 learnt y4 behind fd00::4 without remote_port (Linux sends no option), hv4's bridge learnt g1 on gnv0" \
	learnt_y4
ktap_test_result "interop: no drop on hv1's switches, no rx error or drop on Linux's vx0 and gnv0 (it ignores ovx's non-critical option)" \
	no_interop_drops
ktap_test_result "interop: Linux vxlan with udp6zerocsumtx: hv1 refuses its zero UDP checksums (Udp6InCsumErrors), x4 no longer reaches b1" \
	zero_csum_refused

# refused ARGS...: "ovx -n hv1 ARGS" fails with an error message.
refused() {
	local err
	err=$(ovx_n "$hv1" "$@" 2>&1) && { echo "ovx $* succeeded"; return 1; }
	[[ $err == Error:* ]] || { echo "ovx $*: $err"; return 1; }
}

bad_addresses() {
	refused peer add 10.0.0.9 switch ovx0 &&
		refused peer add fd00::1 switch ovx0 &&
		refused switch add ovx9 local ::ffff:10.0.0.1 &&
		refused switch add ovx9 local ff02::1 &&
		refused switch add ovx9 local fe80::1 &&
		refused peer add fe80::2 switch ovx0 || return 1
	json_check "$hv1" 'map(.peer) | sort == ["fd00::2", "fd00::3", "fd00::4"]' \
		-j peer show switch ovx0 &&
		json_check "$hv1" 'map(.name) | sort == ["ovx0", "ovx1"]' -j switch show
}
ktap_test_result "IPv6 switch: an IPv4 peer, its own address as a peer, a link-local peer, an IPv4-mapped, multicast or link-local local address are refused, nothing changes" \
	bad_addresses

# refused_v6 ARGS...: refused, and the message says that IPv6 is needed.
refused_v6() {
	local err
	err=$(ovx_n "$hv1" "$@" 2>&1) && { echo "ovx $* succeeded"; return 1; }
	echo "ovx $*: $err"
	[[ $err == Error:*IPv6* ]]
}
zero_csum_ipv4() {
	refused_v6 switch add ovx9 local 10.0.0.9 udp6zerocsumtx &&
		refused_v6 switch add ovx9 local 10.0.0.9 noudp6zerocsumtx udp6zerocsumrx ||
		return 1
	json_check "$hv1" 'map(.name) | sort == ["ovx0", "ovx1"]' -j switch show
}
ktap_test_result "IPv4 switch: udp6zerocsumtx or udp6zerocsumrx is refused with a reason, nothing created" \
	zero_csum_ipv4
ktap_test_result "zero checksums: hv1's ovx0 with udp6zerocsumrx hears Linux vxlan's zero checksums, answers with checksums: x4 pings b1, no Udp6InCsumErrors" \
	zero_csum_rx
ktap_test_result "zero checksums: ovx0 with udp6zerocsumtx sends zero checksums, which Linux vxlan without udp6zerocsumrx refuses (Udp6InCsumErrors on hv4)" \
	zero_csum_tx_refused
ktap_test_result "zero checksums: Linux vxlan with udp6zerocsumtx and udp6zerocsumrx and ovx0 with both: x4 pings b1, no Udp6InCsumErrors" \
	zero_csum_both

ktap_finished
