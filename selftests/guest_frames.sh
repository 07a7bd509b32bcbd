#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What a guest puts in its frames stays inside the overlay, and what the
# overlay answers it is well-formed.  Two hypervisors on a dual-stack
# underlay, each with ovx0 (VXLAN over IPv4) and ovx1 (Geneve over IPv6):
#
# - 802.1Q: a guest's tagged frames (its VLAN 42 on eth0.42) reach the other
#   hypervisor's guest with their tag, over both tunnels; on the underlay
#   the outer frame carries no tag (the guest does not choose the
#   underlay's VLAN) and the inner one carries tag 42; tagged and untagged
#   frames of one guest share one FDB entry (the FDB keys on the MAC only).
# - An Ethernet header alone whose type says IPv4 or IPv6 is sent through
#   the tunnel without reading an IP header that is not there.
# - ECN: the outer header copies the inner ECT(0) (RFC 6040).
# - Conntrack: a conntrack entry attached to a guest's frame before the
#   switch (tc's ct action on the port) does not ride on the outer packet
#   of the IPv6 tunnel: the underlay's conntrack sees UDP, not ICMP.
# - Path MTU: no ICMPv6 error is sent about an ICMPv6 error, even behind
#   extension headers; no ICMP error answers a frame sent to a group MAC
#   (its source would be that group); an echo request behind the same
#   extension headers is answered, so the checks can fail.
#
#                   +--------------- ul: br0 ----------------+
#          ul0 10.0.0.1, fd00::1                    ul0 10.0.0.2, fd00::2
#   +---------------- hv1 ----------------+  +---------------- hv2 ----------------+
#   | ovx0 local 10.0.0.1  blue (vni 100) |  | ovx0 local 10.0.0.2  blue (vni 100) |
#   | ovx1 local fd00::1   green (vni 200)|  | ovx1 local fd00::2   green (vni 200)|
#   +-------- b1 -------- g1 -------------+  +-------- b2 -------- g2 -------------+
#   b1: 10.1.0.1, eth0.42 10.42.0.1          b2: 10.1.0.2, eth0.42 10.42.0.2
#   g1: 10.2.0.1, fc00:2::1, eth0.43 ...     g2: 10.2.0.2, fc00:2::2, eth0.43 ...

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
ovx_mod_check
require_cmd ip jq ping python3 tcpdump tc nft

# shellcheck disable=SC2034
ul="" hv1="" hv2="" b1="" b2="" g1="" g2=""
tmp=""
B1=02:00:00:00:01:01
B2=02:00:00:00:01:02
G1=02:00:00:00:02:01
G2=02:00:00:00:02:02

setup() {
	tmp=$(mktemp -d) || return 1
	defer rm -rf "$tmp"
	setup_ns ul hv1 hv2 b1 b2 g1 g2 || return 1
	topo_underlay ul || return 1
	topo_host hv1 "$ul" 10.0.0.1 fd00::1 || return 1
	topo_host hv2 "$ul" 10.0.0.2 fd00::2 || return 1
	topo_vm b1 "$hv1" b1 $B1 10.1.0.1/24 || return 1
	topo_vm b2 "$hv2" b2 $B2 10.1.0.2/24 || return 1
	topo_vm g1 "$hv1" g1 $G1 10.2.0.1/24 fc00:2::1/64 || return 1
	topo_vm g2 "$hv2" g2 $G2 10.2.0.2/24 fc00:2::2/64 || return 1
	vlan_nic "$b1" 42 10.42.0.1 && vlan_nic "$b2" 42 10.42.0.2 &&
		vlan_nic "$g1" 43 10.43.0.1 && vlan_nic "$g2" 43 10.43.0.2 ||
		return 1
	hv_switches "$hv1" 1 2 && hv_switches "$hv2" 2 1
}

# vlan_nic VM VID ADDR: eth0.VID with ADDR/24 in VM.
vlan_nic() {
	ip_batch "$1" <<-EOF
		link add link eth0 name eth0.$2 type vlan id $2
		link set eth0.$2 addrgenmode none
		addr add $3/24 dev eth0.$2
		link set eth0.$2 up
	EOF
}

hv_switches() {
	ovx_batch_quiet "$1" <<-EOF || return 1
		switch add ovx0 local 10.0.0.$2
		switch add ovx1 local fd00::$2 encap geneve
		net add blue vni 100 switch ovx0
		net add green vni 200 switch ovx1
		port add dev b$2 net blue
		port add dev g$2 net green
		peer add 10.0.0.$3 switch ovx0
		peer add fd00::$3 switch ovx1
	EOF
	ip_batch "$1" <<-EOF
		link set ovx0 up
		link set ovx1 up
	EOF
}

# counters NS: "ovx -s" of every switch, port and peer of NS, into the
# associative array c (see ovx_counters).
declare -A c
counters() {
	local out
	c=()
	out=$(ovx_n "$1" -s switch show && ovx_n "$1" -s port show &&
		ovx_n "$1" -s peer show) || return 1
	ovx_counters c "$out"
}

# capture NS DEV FILE FILTER...: tcpdump on DEV of NS into FILE, in the
# background, until capture_stop; waits until it listens.
capture() {
	local ns=$1 dev=$2 file=$3
	shift 3
	ip netns exec "$ns" tcpdump -Q in -U -n -i "$dev" -w "$file" "$@" \
		2>"$file.err" &
	cap_pid=$!
	busywait 20000 grep -q 'listening on' "$file.err"
}

capture_stop() {
	sleep 1
	kill "$cap_pid" 2>/dev/null
	wait "$cap_pid" 2>/dev/null
	return 0
}

# --- 802.1Q ------------------------------------------------------------------

vlan_ping() {
	vm_ping "$1" "$2" || { echo "no answer from $2"; return 1; }
}

# The outer frames on hv1's underlay link: untagged, VXLAN inside, and
# the inner frame tagged 42.  (Linux's own vxlan is not loaded: tcpdump
# decodes port 4789 as VXLAN by itself.)
vlan_on_wire() {
	local out
	capture "$ul" ul-1 "$tmp/vlan.pcap" udp port 4789 || return 1
	ip netns exec "$b1" ping -q -c 2 -i 0.2 -w 5 10.42.0.2 >/dev/null
	capture_stop
	out=$(tcpdump -e -n -r "$tmp/vlan.pcap" 2>/dev/null) || return 1
	printf '%s\n' "$out" | head -n 4
	[ -n "$out" ] || { echo "nothing captured"; return 1; }
	# tcpdump prints the outer frame on a line of its own, which starts
	# with the time, and the inner frame on the next.
	awk '
		/^[0-9]+:[0-9]+:[0-9]+\.[0-9]+ / {
			outer++
			if ($0 ~ /ethertype 802\.1Q/) tagged++
			inner = ($0 ~ /VXLAN.*vni 100/)
			next
		}
		inner && /ethertype 802\.1Q.*vlan 42,/ { inner42++ }
		{ inner = 0 }
		END {
			printf "outer frames %d, tagged %d, inner frames tagged 42: %d\n",
				outer, tagged, inner42
			exit !(outer > 0 && tagged == 0 && inner42 >= 2)
		}' <<<"$out"
}

# One FDB entry for b1's MAC on hv2, whether it sent tagged or not.
vlan_fdb() {
	vm_ping "$b1" 10.1.0.2 || return 1
	fdb_expect "$hv2" "blue $B1 peer 10.0.0.1" || return 1
	local n
	n=$(ovx_n "$hv2" -j fdb show net blue | jq --arg m $B1 '[.[] | select(.mac == $m)] | length') ||
		return 1
	echo "entries for $B1 in blue on hv2: $n"
	[ "$n" -eq 1 ]
}

# --- short frames ------------------------------------------------------------

# An Ethernet header of type IPv4, then IPv6, to b2's MAC (learnt behind
# the peer): both go through the tunnel and arrive at b2's port.
short_frames() {
	local out n
	# Counters would also count the ARP and ND that the guests send on
	# their own timers: capture what reaches b2 from b1 that is no
	# longer than an Ethernet header.
	capture "$b2" eth0 "$tmp/short.pcap" ether src $B1 and less 14 ||
		return 1
	ip netns exec "$b1" python3 "$here/guest_send.py" eth0 $B1 short $B2 0x0800 >/dev/null &&
		ip netns exec "$b1" python3 "$here/guest_send.py" eth0 $B1 short $B2 0x86dd >/dev/null ||
		{ capture_stop; return 1; }
	capture_stop
	out=$(tcpdump -e -n -r "$tmp/short.pcap" 2>/dev/null) || return 1
	printf '%s\n' "$out"
	n=$(grep -c -e 'ethertype IPv4 (0x0800), length 14' \
		-e 'ethertype IPv6 (0x86dd), length 14' <<<"$out")
	[ "$n" -eq 2 ]
}

# --- ECN ---------------------------------------------------------------------

ecn_copied() {
	local out try
	# A loaded machine may start the capture late: a few tries.
	for try in 1 2 3; do
		capture "$ul" ul-1 "$tmp/ecn.pcap" udp port 4789 || return 1
		ip netns exec "$b1" ping -q -c 3 -i 0.2 -w 10 -Q 2 10.1.0.2 >/dev/null
		sleep 0.5
		capture_stop
		out=$(tcpdump -v -n -r "$tmp/ecn.pcap" 2>/dev/null) || return 1
		[ -n "$out" ] && break
		echo "try $try: nothing captured"
	done
	printf '%s\n' "$out" | grep -m 2 'tos'
	# The outer IPv4 header is the first "tos" of each packet.
	grep -q '^[0-9:.]* IP (tos 0x2,ECT(0)' <<<"$out"
}

# --- conntrack ---------------------------------------------------------------

# tc's ct action on g1's port gives the guest's ICMP frames a conntrack
# entry before ovx sees them; the outer packets of the IPv6 tunnel must
# have their own, a UDP one, when hv1's conntrack tracks its output.
ct_scrubbed() {
	local out udp icmp acted
	tc -n "$hv1" qdisc add dev g1 clsact || return 1
	tc -n "$hv1" filter add dev g1 ingress protocol ip matchall action ct ||
		return 1
	ip netns exec "$hv1" nft -f - <<-EOF || return 1
		table inet t {
			counter out_udp { }
			counter out_icmp { }
			chain out {
				type filter hook output priority 0;
				udp dport 6081 ct original protocol udp counter name out_udp
				udp dport 6081 ct original protocol icmp counter name out_icmp
			}
		}
	EOF
	ip netns exec "$g1" ping -q -c 3 -i 0.2 -w 5 10.2.0.2 >/dev/null ||
		{ echo "g1 cannot ping g2"; return 1; }
	acted=$(tc -n "$hv1" -s -j filter show dev g1 ingress |
		jq '[.. | objects | select(.kind? == "ct") | .stats.packets] | add') ||
		return 1
	out=$(ip netns exec "$hv1" nft -j list counters) || return 1
	udp=$(jq '[.nftables[].counter? | select(.name == "out_udp") | .packets] | add' <<<"$out")
	icmp=$(jq '[.nftables[].counter? | select(.name == "out_icmp") | .packets] | add' <<<"$out")
	echo "guest frames through tc's ct action: $acted; outer packets tracked as UDP: $udp, as ICMP: $icmp"
	[ "$acted" -ge 3 ] && [ "$udp" -ge 3 ] && [ "$icmp" -eq 0 ]
}

# --- path MTU ----------------------------------------------------------------

# icmp_in VM: "IPv4 IPv6": the ICMP destination unreachable and ICMPv6
# packet too big messages VM received.
icmp_in() {
	ip netns exec "$1" awk '
		$1 == "Icmp:" && !names { for (i = 2; i <= NF; i++) col[$i] = i; names = 1; next }
		$1 == "Icmp:" { v4 = $col["InDestUnreachs"] }
		$1 == "Icmp6InPktTooBigs" { v6 = $2 }
		END { print v4 + 0, v6 + 0 }' /proc/net/snmp /proc/net/snmp6
}

# pmtu_case VM MAC SWITCH WANT CASE ARGS...: send the guest_send.py CASE
# from VM (eth0, MAC), too big for SWITCH's tunnel: VM must receive WANT
# ICMP errors (destination unreachable or packet too big), and SWITCH must
# count one too-big drop.
pmtu_case() {
	local vm=$1 mac=$2 sw=$3 want=$4 i0 i1 d0 got
	shift 4
	i0=$(icmp_in "$vm") && counters "$hv1" && d0=${c[$sw.drops.too-big]} ||
		return 1
	ip netns exec "$vm" python3 "$here/guest_send.py" eth0 "$mac" "$@" >/dev/null ||
		return 1
	sleep 0.3
	i1=$(icmp_in "$vm") && counters "$hv1" || return 1
	got=$(( (${i1% *} - ${i0% *}) + (${i1#* } - ${i0#* }) ))
	echo "ICMP errors received (IPv4 IPv6) ${i0} -> ${i1}, $sw too-big ${d0} -> ${c[$sw.drops.too-big]}"
	[ "$got" -eq "$want" ] && [ "${c[$sw.drops.too-big]}" -eq $((d0 + 1)) ]
}

# ---------------------------------------------------------------------------

ktap_print_header
ktap_set_plan 11

setup || ktap_exit_fail_msg "cannot build the topology"
# Learn the guests' MACs both ways.
vm_ping "$b1" 10.1.0.2 && vm_ping "$g1" 10.2.0.2 ||
	ktap_exit_fail_msg "the guests cannot ping each other untagged"

ktap_test_result "802.1Q: b1's VLAN 42 reaches b2's through VXLAN over IPv4, tag and all" \
	vlan_ping "$b1" 10.42.0.2
ktap_test_result "802.1Q: g1's VLAN 43 reaches g2's through Geneve over IPv6" \
	vlan_ping "$g1" 10.43.0.2
ktap_test_result "802.1Q: on the underlay the outer frame is untagged, the inner one tagged 42" \
	vlan_on_wire
ktap_test_result "802.1Q: tagged and untagged frames of b1 share one FDB entry on hv2" \
	vlan_fdb
ktap_test_result "an Ethernet header alone, of type IPv4 and of type IPv6, crosses the tunnel to b2's port" \
	short_frames
ktap_test_result "ECN: the outer IPv4 header copies the guest's ECT(0)" \
	ecn_copied
# tc's clsact qdisc and ct action are modules of Debian's kernels; a
# kernel without them cannot attach the entry this check looks for.
ct_supported() {
	local rc
	modprobe -q -a sch_ingress act_ct 2>/dev/null
	tc -n "$hv1" qdisc add dev g1 clsact 2>/dev/null || return 1
	tc -n "$hv1" filter add dev g1 ingress protocol ip matchall action ct \
		2>/dev/null
	rc=$?
	tc -n "$hv1" qdisc del dev g1 clsact
	return $rc
}
if ct_supported; then
	ktap_test_result "conntrack: the guest's entry does not ride on the IPv6 tunnel's outer packets" \
		ct_scrubbed
else
	ktap_test_skip "no clsact qdisc or ct action in this kernel" \
		"conntrack: the guest's entry does not ride on the IPv6 tunnel's outer packets"
fi

# green's inner MTU is 1500 - 40 - 8 - 16 - 14 = 1422: 1423 is too big.
ktap_test_result "path MTU: an ICMPv6 echo request too big, behind a destination options header, is answered" \
	pmtu_case "$g1" $G1 ovx1 1 icmp6 $G2 fc00:2::1 fc00:2::2 1423 128 1
ktap_test_result "path MTU: an ICMPv6 error too big, behind a destination options header, gets no error back" \
	pmtu_case "$g1" $G1 ovx1 0 icmp6 $G2 fc00:2::1 fc00:2::2 1423 1 1
# blue's is 1450.
ktap_test_result "path MTU: an IPv4 packet with DF too big, to b2's MAC, is answered" \
	pmtu_case "$b1" $B1 ovx0 1 ip4df $B2 10.1.0.1 10.1.0.2 1451
ktap_test_result "path MTU: the same to the broadcast MAC gets no answer (its source would be a group)" \
	pmtu_case "$b1" $B1 ovx0 0 ip4df ff:ff:ff:ff:ff:ff 10.1.0.1 10.1.0.2 1451

ktap_finished
