#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Geneve packets as RFC 8926 has them received, by a switch with "encap
# geneve": the underlay neighbour of a hypervisor sends crafted packets
# (tunnel_send.py --geneve, plain UDP sockets) to the switch.  Malformed
# ones (too short, version other than 0, control (O) packets, a protocol
# other than Ethernet, options that overrun their lengths, ovx's own option
# of the wrong length) and those with a critical option that ovx does not
# know are dropped, counted by reason (ovx -s switch show: drops), never
# delivered and never learnt from.  Options that are not critical are
# skipped, reserved bits ignored: those frames are delivered, and ovx's
# option, wherever it is among them, gives the remote port of the entry
# learnt from them.
#
#   +-- vm1 --+   +-- vm2 --+
#   |  eth0   |   |  eth0   |   02:00:00:00:01:01 / 02:00:00:00:02:01
#   +----|----+   +----|----+
#   +----|---------- hv -|-------------+        +--------- und ---------+
#   |  vm1p (blue)    vm2p (red)        |        | u2: 10.0.0.2 peer of  |
#   |   ovx0 local 10.0.0.1 geneve      |        |        blue (vni 100) |
#   |    blue vni 100: peer 10.0.0.2    |        |     10.0.0.3 peer of  |
#   |    red  vni 200: peer 10.0.0.3    |        |        red (vni 200)  |
#   |  u1: 10.0.0.1/24 -----------------+--------+-    10.0.0.4 no peer  |
#   +-----------------------------------+        +-----------------------+
#
# IPv6 is off in every namespace, so the counters only move for what the
# test sends.  Counters are read from ovx's text output and sysfs: jq is
# slow to start under TCG.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
hv="" und="" vm1="" vm2=""

ovx_mod_check
require_cmd ip "$py"

setup() {
	local n
	setup_ns hv und vm1 vm2 || return 1
	for n in "$hv" "$und" "$vm1" "$vm2"; do
		ip netns exec "$n" sh -c '
			echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6 &&
			echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6' || return 1
	done
	ip_batch "$hv" <<-EOF || return 1
		link add u1 type veth peer u2 netns $und
		addr add 10.0.0.1/24 dev u1
		link set u1 up
		link add vm1p type veth peer eth0 netns $vm1 address 02:00:00:00:01:01
		link add vm2p type veth peer eth0 netns $vm2 address 02:00:00:00:02:01
		link set vm1p up
		link set vm2p up
	EOF
	ip_batch "$und" <<-EOF || return 1
		addr add 10.0.0.2/24 dev u2
		addr add 10.0.0.3/24 dev u2
		addr add 10.0.0.4/24 dev u2
		link set u2 up
	EOF
	ipn "$vm1" link set eth0 up && ipn "$vm2" link set eth0 up || return 1
	ovx_batch_quiet "$hv" <<-EOF || return 1
		switch add ovx0 local 10.0.0.1 encap geneve
		net add blue vni 100
		net add red vni 200
		port add dev vm1p net blue
		port add dev vm2p net red
		peer add 10.0.0.2 net blue
		peer add 10.0.0.3 net red
	EOF
	ip netns exec "$und" ping -q -c 1 -W 5 10.0.0.1 >/dev/null
}

# --- counters --------------------------------------------------------------

declare -A before after
DROPS=(tunnel-short tunnel-bad-flags tunnel-unknown-vni tunnel-unknown-peer
	tunnel-bad-inner bad-source fdb-full no-route tunnel-down no-memory
	tunnel-bad-option tunnel-critical-option too-big)

# counters ARRAY: everything the checks compare, now: the switch's and the
# ports' counters (ovx0.rx.packets, ovx0.drops.too-big, vm1p.tx.packets...,
# see ovx_counters) and what the kernel counted on the ports' veths
# (vm1p.veth, vm2p.veth: sent to the VMs).
counters() {
	local -n c=$1
	local out
	c=()
	out=$(ovx_n "$hv" -s -b - <<<$'switch show ovx0\nport show') || return 1
	ovx_counters "$1" "$out"
	out=$(ip netns exec "$hv" sh -c '
		read -r a </sys/class/net/vm1p/statistics/tx_packets &&
		read -r b </sys/class/net/vm2p/statistics/tx_packets &&
		echo "$a $b"') || return 1
	c["vm1p.veth"]=${out% *}
	c["vm2p.veth"]=${out#* }
}

# d KEY: how much KEY grew.
d() {
	echo $((${after[$1]:-0} - ${before[$1]:-0}))
}

show_delta() {
	local k out=""
	for k in "${!after[@]}"; do
		[ "$(d "$k")" -ne 0 ] && out+=" $k +$(d "$k")"
	done
	echo "sent $sent, changed:${out:- nothing}"
}

# counted REASON: the drop reason grew by $sent, the others by 0, and so
# did the switch's rx_dropped.
counted() {
	local r rc=0
	for r in "${DROPS[@]}"; do
		[ -n "${after[ovx0.drops.$r]:-}" ] || { echo "no drops counter $r"; rc=1; }
		if [ "$r" = "$1" ]; then
			[ "$(d "ovx0.drops.$r")" -eq "$sent" ] || rc=1
		else
			[ "$(d "ovx0.drops.$r")" -eq 0 ] || rc=1
		fi
	done
	[ "$(d ovx0.rx.dropped)" -eq "$sent" ] || rc=1
	[ $rc -eq 0 ] || show_delta
	return $rc
}

not_delivered() {
	[ "$(d vm1p.tx.packets)" -eq 0 ] && [ "$(d vm2p.tx.packets)" -eq 0 ] &&
		[ "$(d vm1p.veth)" -eq 0 ] && [ "$(d vm2p.veth)" -eq 0 ] &&
		[ "$(d ovx0.rx.packets)" -eq 0 ] && return 0
	show_delta
	return 1
}

# delivered_to VM: the frame reached VM (port and device), not the other,
# and no drop was counted.
delivered_to() {
	local other=vm1 r
	[ "$1" = vm1 ] && other=vm2
	for r in "${DROPS[@]}"; do
		[ "$(d "ovx0.drops.$r")" -eq 0 ] || { show_delta; return 1; }
	done
	[ "$(d "${1}p.tx.packets")" -eq "$sent" ] && [ "$(d "${1}p.veth")" -eq "$sent" ] &&
		[ "$(d "${other}p.tx.packets")" -eq 0 ] && [ "$(d "${other}p.veth")" -eq 0 ] &&
		[ "$(d ovx0.rx.packets)" -eq "$sent" ] && [ "$(d ovx0.rx.dropped)" -eq 0 ] &&
		return 0
	show_delta
	return 1
}

# --- sending -------------------------------------------------------------------

snapshot_after() {
	local k
	before=()
	for k in "${!after[@]}"; do
		before[$k]=${after[$k]}
	done
	counters after
}

# run_case CASE REASON DESC: send CASE, which must be dropped for REASON.
run_case() {
	local case=$1 reason=$2 desc=$3
	if ! tunnel_send "$case" || ! snapshot_after; then
		ktap_test_fail "$desc: all counted in drops.$reason only (could not send or read counters)"
		ktap_test_fail "$desc: not delivered"
		counters after
		return
	fi
	ktap_test_result "$desc: all $sent counted in drops.$reason only" \
		counted "$reason"
	ktap_test_result "$desc: not delivered to any guest" not_delivered
}

# run_good CASE VM MAC NET REMOTE_PORT DESC: send CASE, one frame from MAC
# that must reach VM only and be learnt in NET with REMOTE_PORT ("none"
# for an entry without one).
run_good() {
	local case=$1 vm=$2 mac=$3 net=$4 rp=$5 desc=$6
	if ! tunnel_send "$case" || ! snapshot_after; then
		ktap_test_fail "$desc: delivered (could not send or read counters)"
		ktap_test_fail "$desc: learnt"
		counters after
		return
	fi
	ktap_test_result "$desc: delivered to $vm only, no drop" delivered_to "$vm"
	if [ "$rp" = none ]; then
		ktap_test_result "$desc: its source learnt in $net, without remote-port" \
			learnt "$mac" "$net" ""
	else
		ktap_test_result "$desc: its source learnt in $net with remote-port $rp" \
			learnt "$mac" "$net" " remote-port $rp"
	fi
}

# learnt MAC NET RP: "ovx fdb show" has MAC, learnt in NET behind the peer
# of NET, followed by RP (" remote-port N" or nothing).
learnt() {
	local out peer=10.0.0.2 vni=100
	[ "$2" = red ] && peer=10.0.0.3 vni=200
	out=$(ovx_n "$hv" fdb show) || return 1
	[[ $'\n'$out$'\n' == *$'\n'"$1 net $2 vni $vni peer $peer$3 learned "* ]] &&
		return 0
	printf 'expected "%s net %s vni %s peer %s%s learned"; fdb:\n%s\n' \
		"$1" "$2" "$vni" "$peer" "$3" "$out"
	return 1
}

fdb_no_peer_entry() {
	local out
	out=$(ovx_n "$hv" fdb show) || return 1
	[[ $out != *" peer "* ]] && return 0
	printf 'fdb:\n%s\n' "$out"
	return 1
}

ktap_print_header
ktap_set_plan 30
setup || ktap_exit_fail_msg "cannot set up the namespaces and the switch"

coproc SENDER { ip netns exec "$und" "$py" "$here/tunnel_send.py" --geneve 2>&1; }
defer kill "$SENDER_PID"
read -r -t 60 ready <&"${SENDER[0]}"
[ "$ready" = ready ] || ktap_exit_fail_msg "tunnel_send.py did not start: $ready"

counters after || ktap_exit_fail_msg "cannot read the counters"
at_zero() {
	local r
	for r in "${DROPS[@]}"; do
		[ "${after[ovx0.drops.$r]:-}" = 0 ] ||
			{ echo "drops.$r: ${after[ovx0.drops.$r]:-missing}"; return 1; }
	done
}
ktap_test_result "every drop counter, tunnel-bad-option and tunnel-critical-option included, is there and at 0" \
	at_zero

run_case short-geneve tunnel-short \
	"UDP payloads of 0, 4 and 7 bytes (less than a Geneve header)"
run_case short-inner tunnel-short \
	"Geneve headers and options with no or 13 bytes of inner Ethernet header"
run_case opt-len-overruns-packet tunnel-short \
	"an option length (opt_len) longer than the packet"
run_case version tunnel-bad-flags "Geneve versions 1, 2 and 3"
run_case oam tunnel-bad-flags "control packets (O bit)"
run_case not-ethernet tunnel-bad-flags \
	"protocol types IPv4, IPv6 and 802.1Q instead of Ethernet (0x6558)"
run_case critical-option tunnel-critical-option \
	"an unknown critical option, alone or after ovx's or an unknown non-critical one; ovx's class and type with the critical bit"
run_case option-overruns-opt-len tunnel-bad-option \
	"an option whose length runs past opt_len"
run_case ours-bad-length tunnel-bad-option \
	"ovx's option (0xff58, type 1) with 0 or 8 bytes of data instead of 4"
ktap_test_result "nothing was learnt from the dropped packets" fdb_no_peer_entry

run_good good vm1 02:00:00:bb:00:01 blue 7 \
	"ovx's option alone (port 7)"
run_good unknown-non-critical vm1 02:00:00:bb:00:02 blue 9 \
	"unknown non-critical options before and after ovx's (port 9)"
run_good unknown-only vm2 02:00:00:bb:00:03 red none \
	"an unknown non-critical option only, VNI 200 from 10.0.0.3"
run_good no-options vm1 02:00:00:bb:00:04 blue none \
	"no option at all (as Linux's geneve sends)"
run_good reserved-bits vm1 02:00:00:bb:00:05 blue 11 \
	"reserved flag bits and byte set, which RFC 8926 says to ignore (port 11)"

ktap_finished
