#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Frames too big for the tunnel, and big TCP transfers through it.  Two
# hypervisors on a dual-stack underlay each have two switches: ovx0, VXLAN
# over IPv4 (inner MTU 1450), and ovx1, Geneve over IPv6 (1422).  The VMs'
# NICs have MTU 1500, more than either tunnel carries.  For each switch:
#
# - an IPv4 packet without DF too big for the tunnel crosses in outer
#   fragments (the other hypervisor reassembles them);
# - an IPv4 packet with DF, or an IPv6 packet, one byte too big is answered
#   with an ICMP "fragmentation needed" or ICMPv6 "packet too big" carrying
#   the inner MTU, which the VM's route cache learns; one that fits crosses;
#   the refused packets are counted as too_big;
# - with its route cache flushed, a VM's TCP connection (MSS 1460) learns
#   the path MTU the same way and its data arrives intact;
# - an iperf3 transfer drops nothing, and the underlay carries it in GSO
#   packets much larger than its MTU: segmentation happens after
#   encapsulation, not before.
#
# Then: an IPv6 multicast packet too big must not be answered with an
# ICMPv6 error whose source is the multicast group; ovx0 on hv1 is created
# again with "df set", and the IPv4 packet without DF is then dropped and
# counted as too_big; finally, with an underlay MTU of 1300 the Geneve
# over IPv6 tunnel carries less than IPv6's minimum MTU, and a 1280-byte
# IPv6 packet crosses in outer fragments instead of being refused; and
# with ovx0 back to the default df and an underlay MTU of 600, under
# IPv4's minimum of 576, an IPv4 packet with DF crosses the same way.
#
# (With veth underlays GSO frames cross whole, up to the receiving VM: to
# see them segmented, and their checksums checked, each switch also sends
# a transfer with the offloads of hv1's underlay NIC off.)
#
#                   +--------------- ul: br0 ----------------+
#                   |                                        |
#          ul0 10.0.0.1, fd00::1                    ul0 10.0.0.2, fd00::2
#   +---------------- hv1 ----------------+  +---------------- hv2 ----------------+
#   | ovx0 local 10.0.0.1  blue (vni 100) |  | ovx0 local 10.0.0.2  blue (vni 100) |
#   | ovx1 local fd00::1   green (vni 200)|  | ovx1 local fd00::2   green (vni 200)|
#   |        encap geneve                 |  |        encap geneve                 |
#   +-------- b1 -------- g1 -------------+  +-------- b2 -------- g2 -------------+
#   b1: 10.1.0.1, fc00:1::1  g1: 10.2.0.1, fc00:2::1    (b2, g2: ...2)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq ping iperf3 ss busybox cmp ethtool

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hv1="" hv2="" b1="" b2="" g1="" g2=""
tmp=""

setup() {
	tmp=$(mktemp -d) || return 1
	defer rm -rf "$tmp"
	setup_ns ul hv1 hv2 b1 b2 g1 g2 || return 1
	topo_underlay ul || return 1
	topo_host hv1 "$ul" 10.0.0.1 fd00::1 || return 1
	topo_host hv2 "$ul" 10.0.0.2 fd00::2 || return 1
	topo_vm b1 "$hv1" b1 02:00:00:00:01:01 10.1.0.1/24 fc00:1::1/64 || return 1
	topo_vm b2 "$hv2" b2 02:00:00:00:01:02 10.1.0.2/24 fc00:1::2/64 || return 1
	topo_vm g1 "$hv1" g1 02:00:00:00:02:01 10.2.0.1/24 fc00:2::1/64 || return 1
	topo_vm g2 "$hv2" g2 02:00:00:00:02:02 10.2.0.2/24 fc00:2::2/64 || return 1
	hv_switches "$hv1" 1 2 || return 1
	hv_switches "$hv2" 2 1
}

# hv_switches NS N PEER: the two switches of hypervisor N, its two ports.
# The ports' MTU exceeds the inner MTU on purpose: "ovx port add" warns.
hv_switches() {
	ovx_batch_quiet "$1" <<-EOF
		switch add ovx0 local 10.0.0.$2
		switch add ovx1 local fd00::$2 encap geneve
		net add blue vni 100 switch ovx0
		net add green vni 200 switch ovx1
		port add dev b$2 net blue
		port add dev g$2 net green
		peer add 10.0.0.$3 switch ovx0
		peer add fd00::$3 switch ovx1
	EOF
}

# --- observations ------------------------------------------------------------

# snmp NS KEY...: the values of the counters KEY of NS, on one line: those
# of /proc/net/snmp as "Ip:ReasmOKs", "Tcp:InCsumErrors"..., those of
# /proc/net/snmp6 by their names ("Ip6ReasmOKs").
snmp() {
	local ns=$1 text line names=() i k out=""
	local -A v=()
	shift
	text=$(ip netns exec "$ns" cat /proc/net/snmp /proc/net/snmp6) || return 1
	while read -r -a line; do
		if [[ ${line[0]} != *: ]]; then
			v[${line[0]}]=${line[1]}
		elif [[ ${line[1]} =~ ^-?[0-9]+$ ]]; then
			for i in "${!names[@]}"; do
				v[${line[0]}${names[$i]}]=${line[$i]}
			done
		else
			names=("${line[@]}")
		fi
	done <<<"$text"
	for k in "$@"; do
		out+="${out:+ }${v[$k]:?no counter $k}"
	done
	echo "$out"
}

# reasm NS: the IPv4 and IPv6 packets that NS reassembled from fragments,
# "V4 V6".
reasm() {
	snmp "$1" Ip:ReasmOKs Ip6ReasmOKs
}

# drops NS SWITCH: "TOO_BIG OTHER": the switch's too_big drops, and the sum
# of all its other drop counters.
drops() {
	local out k other=0
	local -A c=()
	out=$(ovx_n "$1" -s switch show "$2") || return 1
	ovx_counters c "$out"
	for k in "${!c[@]}"; do
		[[ $k == "$2.drops."* && $k != "$2.drops.too-big" ]] &&
			other=$((other + c[$k]))
	done
	echo "${c[$2.drops.too-big]:?no too-big counter} $other"
}

# dev_stats NS DEV: "TX_PACKETS TX_BYTES RX_PACKETS RX_BYTES" of DEV.
dev_stats() {
	ip netns exec "$1" sh -c 'cd /sys/class/net/$0/statistics &&
		echo $(cat tx_packets tx_bytes rx_packets rx_bytes)' "$2"
}

# route_mtu VM ADDR MTU: VM's route to ADDR carries the learnt MTU.
route_mtu() {
	local out
	out=$(ip -n "$1" route get "$2") || return 1
	[[ "$out " == *" mtu $3 "* ]] && return 0
	printf 'ip route get %s in %s:\n%s\n' "$2" "$1" "$out"
	return 1
}

# no_route_mtu VM ADDR: VM's route to ADDR has no learnt MTU.
no_route_mtu() {
	local out
	out=$(ip -n "$1" route get "$2") || return 1
	[[ "$out " != *" mtu "* ]] && return 0
	printf 'ip route get %s in %s (after a flush):\n%s\n' "$2" "$1" "$out"
	return 1
}

# --- checks --------------------------------------------------------------------

# pings VM ADDR...: one small echo request to each ADDR answered.
pings() {
	local vm=$1 a rc=0
	shift
	for a in "$@"; do
		vm_ping "$vm" "$a" || { echo "$vm cannot ping $a"; rc=1; }
	done
	return $rc
}

# IPv4 without DF, 1500 bytes: fragmented on the underlay, reassembled by
# the receiving hypervisor (IPv4 or IPv6, FAMILY 4 or 6, as the switch's).
no_df_fragmented() {
	local vm=$1 addr=$2 family=$3 before after out
	before=$(reasm "$hv2") || return 1
	out=$(ip netns exec "$vm" ping -c 1 -W 5 -M dont -s 1472 "$addr" 2>&1) ||
		{ printf 'ping -M dont -s 1472 %s:\n%s\n' "$addr" "$out"; return 1; }
	after=$(reasm "$hv2") || return 1
	echo "hv2 reassembled (IPv4 IPv6): before $before, after $after"
	if [ "$family" = 4 ]; then
		[ "${after% *}" -gt "${before% *}" ]
	else
		[ "${after#* }" -gt "${before#* }" ]
	fi
}

# too_big_answered VM ADDR SIZE MTU [-6]: "ping -M "do" -s SIZE" fails and
# reports the ICMP error with MTU ("mtu = MTU" for IPv4, "mtu=MTU" for
# IPv6).
too_big_answered() {
	local vm=$1 addr=$2 size=$3 mtu=$4 out
	out=$(ip netns exec "$vm" ping -c 1 -W 5 -M "do" -s "$size" "$addr" 2>&1) && {
		printf 'ping -M "do" -s %s %s was answered:\n%s\n' "$size" "$addr" "$out"
		return 1
	}
	[[ $out == *"mtu = $mtu)"* || $out == *"mtu=$mtu"* ]] && return 0
	printf 'ping -M "do" -s %s %s:\n%s\n' "$size" "$addr" "$out"
	return 1
}

# fits_then_refused VM ADDR MTU: -s MTU-28 crosses; -s MTU-27 is now
# refused by the VM itself ("message too long").
fits_then_refused() {
	local vm=$1 addr=$2 mtu=$3 out
	out=$(ip netns exec "$vm" ping -c 1 -W 5 -M "do" -s $((mtu - 28)) "$addr" 2>&1) ||
		{ printf 'ping -M "do" -s %s %s:\n%s\n' $((mtu - 28)) "$addr" "$out"; return 1; }
	out=$(ip netns exec "$vm" ping -c 1 -W 5 -M "do" -s $((mtu - 27)) "$addr" 2>&1) &&
		{ printf 'answered: ping -M "do" -s %s %s:\n%s\n' $((mtu - 27)) "$addr" "$out"; return 1; }
	[[ $out == *"message too long"* ]] && return 0
	printf 'ping -M "do" -s %s %s:\n%s\n' $((mtu - 27)) "$addr" "$out"
	return 1
}

# ping6_fits VM ADDR MTU: an IPv6 packet of exactly MTU bytes crosses.
ping6_fits() {
	local out
	out=$(ip netns exec "$1" ping -c 1 -W 5 -s $(($3 - 48)) "$2" 2>&1) && return 0
	printf 'ping -s %s %s:\n%s\n' $(($3 - 48)) "$2" "$out"
	return 1
}

# drops_delta NS SW BEFORE TOO_BIG: since BEFORE ("TOO_BIG OTHER" of
# drops), too_big grew by TOO_BIG ("+" for at least one) and nothing else.
drops_delta() {
	local now tb other
	now=$(drops "$1" "$2") || return 1
	tb=$((${now% *} - ${3% *}))
	other=$((${now#* } - ${3#* }))
	echo "$2 drops since: too_big +$tb, others +$other"
	[ "$other" -eq 0 ] || return 1
	if [ "$4" = + ]; then
		[ "$tb" -gt 0 ]
	else
		[ "$tb" -eq "$4" ]
	fi
}

# listening VM PORT: a TCP socket of VM listens on PORT.
listening() {
	local out
	out=$(ip netns exec "$1" ss -Hltn "sport = :$2") && [ -n "$out" ]
}

# transfer FROM TO ADDR: 4 MB sent over TCP from FROM to ADDR (the VM TO)
# arrive intact.
transfer() {
	local from=$1 to=$2 addr=$3 pid rc
	rm -f "$tmp/out"
	ip netns exec "$to" timeout 60 busybox nc -l -p 5000 >"$tmp/out" &
	pid=$!
	busywait 10000 listening "$to" 5000 ||
		{ kill "$pid"; echo "nc -l did not listen"; return 1; }
	# bash itself is the client: /dev/tcp, closed when cat is done.
	ip netns exec "$from" timeout 60 bash -c 'cat "$0" >"/dev/tcp/$1/5000"' \
		"$tmp/in" "$addr" || { kill "$pid"; echo "sending failed"; return 1; }
	wait "$pid"
	rc=$?
	[ $rc -eq 0 ] || { echo "nc -l: status $rc"; return 1; }
	cmp "$tmp/in" "$tmp/out"
}

# tcp_intact FROM TO ADDR: with FROM's route cache flushed, so that its
# TCP starts with an MSS for its 1500-byte MTU, the transfer from FROM to
# ADDR (the VM TO) is intact.
tcp_intact() {
	ipn "$1" route flush cache && ipn "$1" -6 route flush cache || return 1
	no_route_mtu "$1" "$3" && transfer "$@"
}

# csum_errors NS: "UDP UDP6 TCP" checksum errors that NS counted.
csum_errors() {
	snmp "$1" Udp:InCsumErrors Udp6InCsumErrors Tcp:InCsumErrors
}

# sw_segmented FROM TO ADDR: with the offloads of hv1's underlay NIC off
# (checksums, hence TSO and tunnel segmentation: the kernel segments the
# GSO frames in software as they leave) and the checksums of what hv2's
# underlay NIC and TO receive really checked (rx off: veth would mark them
# good), the transfer from FROM to ADDR (the VM TO) is intact, hv1's
# underlay carries no packet over 1514 bytes, and nobody counted a
# checksum error.
sw_segmented() {
	local from=$1 to=$2 addr=$3 s0 s1 e0 e1 t0 t1 pk by rc=0
	ip netns exec "$hv1" ethtool -K ul0 tx off >/dev/null &&
		ip netns exec "$hv2" ethtool -K ul0 rx off >/dev/null &&
		ip netns exec "$to" ethtool -K eth0 rx off >/dev/null || return 1
	s0=$(dev_stats "$hv1" ul0) && e0=$(csum_errors "$hv2") &&
		t0=$(csum_errors "$to") || return 1
	transfer "$from" "$to" "$addr" || rc=1
	s1=$(dev_stats "$hv1" ul0) && e1=$(csum_errors "$hv2") &&
		t1=$(csum_errors "$to") || return 1
	ip netns exec "$hv1" ethtool -K ul0 tx on >/dev/null
	ip netns exec "$hv2" ethtool -K ul0 rx on >/dev/null
	ip netns exec "$to" ethtool -K eth0 rx on >/dev/null
	read -r -a s0 <<<"$s0"
	read -r -a s1 <<<"$s1"
	pk=$((s1[0] - s0[0]))
	by=$((s1[1] - s0[1]))
	echo "hv1 ul0 sent $pk packets, $by bytes ($((by / (pk ? pk : 1))) per packet)"
	echo "checksum errors (UDP UDP6 TCP): hv2 $e0 -> $e1, $to $t0 -> $t1"
	[ "$e0" = "$e1" ] && [ "$t0" = "$t1" ] || rc=1
	[ "$by" -ge 4000000 ] && [ $((pk * 1514)) -ge "$by" ] || rc=1
	return $rc
}

# iperf3_gso FROM TO ADDR SW: 10 MB of iperf3 from FROM to ADDR (the VM
# TO) with no drop on either hypervisor's switch SW, and hv1's underlay
# NIC sends them in fewer packets than 1500-byte segments would need, by
# half at least.
iperf3_gso() {
	local from=$1 to=$2 addr=$3 sw=$4 pid d1 d2 s0 s1 r0 r1 pk by rpk out
	d1=$(drops "$hv1" "$sw") && d2=$(drops "$hv2" "$sw") || return 1
	s0=$(dev_stats "$hv1" ul0) && r0=$(dev_stats "$to" eth0) || return 1
	ip netns exec "$to" iperf3 -s -1 -B "$addr" >/dev/null 2>&1 &
	pid=$!
	busywait 20000 listening "$to" 5201 ||
		{ kill "$pid"; echo "iperf3 -s did not listen"; return 1; }
	out=$(ip netns exec "$from" timeout 120 iperf3 -c "$addr" -n 10M 2>&1) ||
		{ kill "$pid"; printf 'iperf3 -c %s:\n%s\n' "$addr" "$out"; return 1; }
	wait "$pid"
	s1=$(dev_stats "$hv1" ul0) && r1=$(dev_stats "$to" eth0) || return 1
	read -r -a s0 <<<"$s0"
	read -r -a s1 <<<"$s1"
	read -r -a r0 <<<"$r0"
	read -r -a r1 <<<"$r1"
	pk=$((s1[0] - s0[0]))
	by=$((s1[1] - s0[1]))
	rpk=$((r1[2] - r0[2]))
	echo "hv1 ul0 sent $pk packets, $by bytes ($((by / (pk ? pk : 1))) per packet); $to's eth0 received $rpk packets, $((r1[3] - r0[3])) bytes"
	drops_delta "$hv1" "$sw" "$d1" 0 && drops_delta "$hv2" "$sw" "$d2" 0 ||
		return 1
	# (What iperf3 still had in flight when it ended may be missing.)
	[ "$by" -ge 5000000 ] && [ $((pk * 1500 * 2)) -lt "$by" ]
}

# learnt_again SW DROPS VM ADDR MTU: since DROPS (of drops), SW on hv1
# refused packets as too big, and VM's route to ADDR learnt MTU.
learnt_again() {
	drops_delta "$hv1" "$1" "$2" + && route_mtu "$3" "$4" "$5"
}

# pmtu_suite NET SW VM1 VM2 V4 V6 MTU FAMILY: every check of the header
# for one switch (FAMILY: of its underlay, 4 or 6); V4 and V6 are VM2's
# addresses.  TCP runs over IPv4 inside for FAMILY 4, IPv6 for 6.
pmtu_suite() {
	local net=$1 sw=$2 vm1=$3 vm2=$4 v4=$5 v6=$6 mtu=$7 fam=$8 d tcp
	local what="$net ($sw, inner MTU $mtu)"

	ktap_test_result "$what: small pings, IPv4 and IPv6 inside" \
		pings "$vm1" "$v4" "$v6"
	ktap_test_result "$what: IPv4 without DF, 1500 bytes, crosses in outer IPv$fam fragments" \
		no_df_fragmented "$vm1" "$v4" "$fam"
	d=$(drops "$hv1" "$sw")
	ktap_test_result "$what: IPv4 with DF, $((mtu + 1)) bytes: ICMP fragmentation needed, mtu $mtu" \
		too_big_answered "$vm1" "$v4" $((mtu - 27)) "$mtu"
	ktap_test_result "$what: the VM's IPv4 route cache learnt mtu $mtu" \
		route_mtu "$vm1" "$v4" "$mtu"
	ktap_test_result "$what: IPv4 with DF, $mtu bytes crosses; $((mtu + 1)) now refused by the VM itself" \
		fits_then_refused "$vm1" "$v4" "$mtu"
	ktap_test_result "$what: IPv6, $((mtu + 1)) bytes: ICMPv6 packet too big, mtu $mtu" \
		too_big_answered "$vm1" "$v6" $((mtu - 47)) "$mtu"
	ktap_test_result "$what: the VM's IPv6 route cache learnt mtu $mtu" \
		route_mtu "$vm1" "$v6" "$mtu"
	ktap_test_result "$what: IPv6, $mtu bytes crosses" ping6_fits "$vm1" "$v6" "$mtu"
	ktap_test_result "$what: hv1 counted the 2 refused packets as too_big, and no other drop" \
		drops_delta "$hv1" "$sw" "$d" 2

	tcp=$v4
	[ "$fam" = 6 ] && tcp=$v6
	d=$(drops "$hv1" "$sw")
	ktap_test_result "$what: TCP over IPv$fam, route cache flushed (MSS 1460): 4 MB arrive intact" \
		tcp_intact "$vm1" "$vm2" "$tcp"
	ktap_test_result "$what: TCP learnt the path MTU: too_big grew, the route cache has mtu $mtu again" \
		learnt_again "$sw" "$d" "$vm1" "$tcp" "$mtu"
	ktap_test_result "$what: iperf3 -n 10M over IPv$fam: no drop on hv1 or hv2, GSO packets on the underlay (under half as many as 1500-byte ones)" \
		iperf3_gso "$vm1" "$vm2" "$tcp" "$sw"
	ktap_test_result "$what: underlay offloads off: GSO frames segmented in software on hv1 (no packet over 1514 bytes), 4 MB intact, no UDP or TCP checksum error on hv2 or the VM" \
		sw_segmented "$vm1" "$vm2" "$tcp"
}

# --- odd cases -----------------------------------------------------------------

# mcast6_too_big VM MTU: an IPv6 multicast packet one byte too big (to
# ff05::1234, a group without listeners) is dropped, as any IPv6 packet
# too big is; if ovx answers it with an ICMPv6 packet too big, that must
# not come from the multicast group's address, which no host may use as a
# source (RFC 4291, 2.7; RFC 4443, 2.2): the VM would drop it as a header
# error (Ip6InHdrErrors) and never learn the MTU.
mcast6_too_big() {
	local vm=$1 mtu=$2 e0 e1
	e0=$(snmp "$vm" Ip6InHdrErrors) || return 1
	ip netns exec "$vm" ping -6 -c 1 -W 1 -I eth0 -s $((mtu - 47)) ff05::1234 \
		>/dev/null 2>&1
	e1=$(snmp "$vm" Ip6InHdrErrors) || return 1
	echo "$vm's Ip6InHdrErrors: $e0 -> $e1"
	[ "$e1" = "$e0" ] && return 0
	echo "an ICMPv6 error from the multicast group's address reached $vm and was dropped"
	return 1
}

# Below 1280 bytes of inner MTU, IPv6 packets cannot be answered with a
# packet too big (IPv6's minimum MTU is 1280): they cross in outer
# fragments.  hv1's and hv2's underlay MTU 1300 leaves Geneve over IPv6
# 1222 bytes.
small_mtu6() {
	local before after d out
	ipn "$hv1" link set ul0 mtu 1300 && ipn "$hv2" link set ul0 mtu 1300 ||
		return 1
	json_check "$hv1" '.[0].inner_mtu == 1222' -j switch show ovx1 || return 1
	before=$(reasm "$hv2") && d=$(drops "$hv1" ovx1) || return 1
	out=$(ip netns exec "$g1" ping -c 1 -W 5 -s 1232 fc00:2::2 2>&1) ||
		{ printf 'ping -s 1232 fc00:2::2:\n%s\n' "$out"; return 1; }
	after=$(reasm "$hv2") || return 1
	echo "hv2 reassembled (IPv4 IPv6): before $before, after $after"
	drops_delta "$hv1" ovx1 "$d" 0 && [ "${after#* }" -gt "${before#* }" ]
}

# Below IPv4's minimum MTU (576) no ICMP error is due: with an underlay
# MTU of 600 (inner MTU 550), a 1028-byte IPv4 packet with DF crosses in
# outer fragments rather than being dropped without a word.  (IPv6 leaves
# the underlay links here: they go under its minimum MTU.)
small_mtu4() {
	local before after d out
	ipn "$hv1" link set ul0 mtu 600 && ipn "$hv2" link set ul0 mtu 600 ||
		return 1
	json_check "$hv1" '.[0].inner_mtu == 550' -j switch show ovx0 || return 1
	ipn "$b1" route flush cache || return 1
	before=$(reasm "$hv2") && d=$(drops "$hv1" ovx0) || return 1
	out=$(ip netns exec "$b1" ping -c 1 -W 5 -M 'do' -s 1000 10.1.0.2 2>&1) ||
		{ printf 'ping -M do -s 1000 10.1.0.2:\n%s\n' "$out"; return 1; }
	after=$(reasm "$hv2") || return 1
	echo "hv2 reassembled (IPv4 IPv6): before $before, after $after"
	drops_delta "$hv1" ovx0 "$d" 0 && [ "${after% *}" -gt "${before% *}" ]
}

# icmp_rate_limited VM ADDR: 400 UDP datagrams too big for blue's tunnel
# (1488 bytes), sent at once with DF but regardless of the VM's path MTU
# (IP_PMTUDISC_PROBE): hv1 drops and counts every one, but sends the VM at
# most 25 ICMP errors a second (OVX_PMTU_ICMP_BURST): at least one, at
# most 25 per started second plus one burst, and fewer than 400.
icmp_rate_limited() {
	local vm=$1 addr=$2 d u0 u1 t0 t1 got secs
	d=$(drops "$hv1" ovx0) && u0=$(snmp "$vm" Icmp:InDestUnreachs) || return 1
	t0=$EPOCHREALTIME
	ip netns exec "$vm" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 10, 3)  # IP_MTU_DISCOVER: IP_PMTUDISC_PROBE
for _ in range(400):
    s.sendto(bytes(1460), (sys.argv[1], 9))
' "$addr" || return 1
	t1=$EPOCHREALTIME
	u1=$(snmp "$vm" Icmp:InDestUnreachs) || return 1
	got=$((u1 - u0))
	secs=$(((${t1/./} - ${t0/./}) / 1000000 + 1))
	echo "400 datagrams in under ${secs} s: $got ICMP errors came back"
	[ "$got" -ge 1 ] && [ "$got" -le $((25 * (secs + 1))) ] &&
		[ "$got" -lt 400 ] || return 1
	drops_delta "$hv1" ovx0 "$d" 400
}

# --- df set ------------------------------------------------------------------

# df_switch [set]: ovx0 on hv1 created again, with df set or by default.
df_switch() {
	local df=${1:+df $1} want=${1:+true}
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		switch del ovx0
		switch add ovx0 local 10.0.0.1 $df
		net add blue vni 100 switch ovx0
		port add dev b1 net blue
		peer add 10.0.0.2 switch ovx0
	EOF
	json_check "$hv1" ".[0].df == ${want:-false}" -j switch show ovx0 ||
		return 1
	# Its PMTU learnt, b1 would fragment the packets itself.
	ipn "$b1" route flush cache && no_route_mtu "$b1" 10.1.0.2 || return 1
	vm_ping "$b1" 10.1.0.2 || { echo "b1 cannot ping b2"; return 1; }
}

df_dropped() {
	local out
	out=$(ip netns exec "$b1" ping -c 1 -W 2 -M dont -s 1472 10.1.0.2 2>&1) || return 0
	printf 'answered:\n%s\n' "$out"
	return 1
}

# ---------------------------------------------------------------------------

ktap_print_header
ktap_set_plan 34

setup || ktap_exit_fail_msg "cannot build the topology"
head -c 4M /dev/urandom >"$tmp/in" || ktap_exit_fail_msg "cannot write $tmp/in"

pmtu_suite blue ovx0 "$b1" "$b2" 10.1.0.2 fc00:1::2 1450 4
pmtu_suite green ovx1 "$g1" "$g2" 10.2.0.2 fc00:2::2 1422 6

ktap_test_result "green: an IPv6 multicast packet too big gets no ICMPv6 error from the group's (multicast) address" \
	mcast6_too_big "$g1" 1422

ktap_test_result "blue: 400 packets too big in a burst: all dropped and counted, at most 25 ICMP errors a second back" \
	icmp_rate_limited "$b1" 10.1.0.2

ktap_test_result "df set: ovx0 on hv1 created again with df set (JSON df true); b1 still pings b2" \
	df_switch set
d=$(drops "$hv1" ovx0)
ktap_test_result "df set: IPv4 without DF, 1500 bytes, is dropped" df_dropped
ktap_test_result "df set: counted as too_big, once" drops_delta "$hv1" ovx0 "$d" 1

ktap_test_result "green, inner MTU under 1280 (underlay MTU 1300: 1222): a 1280-byte IPv6 packet crosses in outer fragments, not dropped" \
	small_mtu6
ktap_test_result "blue, default df again: ovx0 on hv1 created again (JSON df false); b1 still pings b2" \
	df_switch
ktap_test_result "blue, inner MTU under 576 (underlay MTU 600: 550): a 1028-byte IPv4 packet with DF crosses in outer fragments, not dropped" \
	small_mtu4

ktap_finished
