#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What a tunnel costs and leaves: "ovx switch show" reports the overhead
# of each encapsulation (VXLAN or Geneve, over IPv4 or IPv6) and the inner
# MTU that the underlay device leaves, follows that device's MTU, and
# reports no MTU while no device holds the local address; "ovx port add"
# warns about a device whose MTU exceeds the inner MTU, and attaches it
# all the same.  No traffic: one namespace, with a dummy underlay device.
#
#   +------------------------------- h --------------------------------+
#   | ul0 (dummy, mtu 1500): 10.0.0.1/24, fd00::1/64                   |
#   | s4v: local 10.0.0.1              net n4v (vni 1)                 |
#   | s6v: local fd00::1               net n6v (vni 1)                 |
#   | s4g: local 10.0.0.1 encap geneve net n4g (vni 1)                 |
#   | s6g: local fd00::1  encap geneve net n6g (vni 1)                 |
#   | sx:  local 10.9.9.9 dstport 4790 net nx  (vni 1), no such address |
#   | ports: dummy devices of chosen MTUs                               |
#   +------------------------------------------------------------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq

h=""
WARNING="Warning: device MTU exceeds the inner MTU of the switch's tunnel"

# switch encap family overhead inner-MTU-on-1500
COMBOS=(
	"s4v vxlan IPv4 50 1450"
	"s6v vxlan IPv6 70 1430"
	"s4g geneve IPv4 58 1442"
	"s6g geneve IPv6 78 1422"
)

setup() {
	setup_ns h || return 1
	ip_batch "$h" <<-EOF || return 1
		link add ul0 mtu 1500 type dummy
		addr add 10.0.0.1/24 dev ul0
		addr add fd00::1/64 dev ul0 nodad
		link set ul0 up
	EOF
	ovx_batch "$h" <<-EOF
		switch add s4v local 10.0.0.1
		switch add s6v local fd00::1
		switch add s4g local 10.0.0.1 encap geneve
		switch add s6g local fd00::1 encap geneve
		switch add sx local 10.9.9.9 dstport 4790
		net add n4v vni 1 switch s4v
		net add n6v vni 1 switch s6v
		net add n4g vni 1 switch s4g
		net add n6g vni 1 switch s6g
		net add nx vni 1 switch sx
	EOF
}

# jq is slow to start under TCG (half a second): each snapshot runs it
# once, and the checks compare words in bash.

# SW[NAME]="ENCAP OVERHEAD UNDERLAY_MTU INNER_MTU" from "ovx -j switch
# show", TEXT[NAME] the switch's line of "ovx switch show".
declare -A SW TEXT

snapshot() {
	local out line name
	SW=() TEXT=()
	out=$(ovx_n "$h" -j switch show) || return 1
	out=$(jq -r '.[] | "\(.name) \(.encap) \(.overhead) \(.underlay_mtu) \(.inner_mtu)"' \
		<<<"$out") || return 1
	while read -r name line; do
		SW[$name]=$line
	done <<<"$out"
	out=$(ovx_n "$h" switch show) || return 1
	while IFS= read -r line; do
		TEXT[${line%%:*}]=$line
	done <<<"$out"
}

# sw_is NAME "ENCAP OVERHEAD UNDERLAY_MTU INNER_MTU"
sw_is() {
	[ "${SW[$1]:-}" = "$2" ] && return 0
	echo "$1: expected (encap overhead underlay_mtu inner_mtu) \"$2\", got \"${SW[$1]:-}\""
	return 1
}

# combo_json SWITCH ENCAP FAMILY OVERHEAD INNER: on a 1500-byte underlay
combo_json() {
	sw_is "$1" "$2 $4 1500 $5"
}

# Each switch's text line has its encapsulation and ends with
# "overhead N mtu M".
combo_text() {
	local c sw encap fam oh inner rc=0
	for c in "${COMBOS[@]}"; do
		read -r sw encap fam oh inner <<<"$c"
		if [[ ${TEXT[$sw]:-} != *" encap $encap "* ||
			${TEXT[$sw]:-} != *" overhead $oh mtu $inner" ]]; then
			echo "$sw ($encap over $fam): ${TEXT[$sw]:-}"
			rc=1
		fi
	done
	return $rc
}

# With the underlay device at MTU, every switch on it says MTU - overhead.
inner_follows() {
	local mtu=$1 c sw encap fam oh inner rc=0
	ipn "$h" link set ul0 mtu "$mtu" || return 1
	snapshot || return 1
	for c in "${COMBOS[@]}"; do
		read -r sw encap fam oh inner <<<"$c"
		sw_is "$sw" "$encap $oh $mtu $((mtu - oh))" || rc=1
	done
	return $rc
}

# No device has sx's local address: MTUs 0 in JSON, "mtu unknown" in the
# text.
unknown_mtu() {
	sw_is sx "vxlan 50 0 0" || return 1
	[[ ${TEXT[sx]:-} == *" overhead 50 mtu unknown" ]] ||
		{ echo "sx: ${TEXT[sx]:-}"; return 1; }
}

# Once a device holds it, sx reports that device's MTU.
known_mtu() {
	ipn "$h" addr add 10.9.9.9/32 dev ul0 || return 1
	snapshot && sw_is sx "vxlan 50 1500 1450"
}

# attach DEV NET: attach DEV to NET; the status and standard error of
# "ovx port add" go to RC[DEV] and ERR[DEV].
declare -A RC ERR
attach() {
	local dev=$1 net=$2
	ERR[$dev]=$(ovx_n "$h" port add dev "$dev" net "$net" 2>&1 >/dev/null)
	RC[$dev]=$?
}

# attached DEV NET WARN: "ovx port add" of DEV succeeded, printed the
# warning on standard error if WARN is "warn" and nothing otherwise, and
# DEV is a port of NET ($PORTS: "DEV NET" lines of "ovx port show").
attached() {
	local dev=$1 net=$2 warn=$3
	[ "${RC[$dev]:-}" = 0 ] ||
		{ echo "ovx port add dev $dev net $net: status ${RC[$dev]:-?}: ${ERR[$dev]:-}"; return 1; }
	if [ "$warn" = warn ]; then
		[ "${ERR[$dev]}" = "$WARNING" ] ||
			{ echo "$dev in $net: expected \"$WARNING\", got \"${ERR[$dev]}\""; return 1; }
	else
		[ -z "${ERR[$dev]}" ] ||
			{ echo "$dev in $net: unexpected \"${ERR[$dev]}\""; return 1; }
	fi
	[[ $'\n'$PORTS$'\n' == *$'\n'"$dev $net"$'\n'* ]] ||
		{ printf 'not a port of %s: %s; ports:\n%s\n' "$net" "$dev" "$PORTS"; return 1; }
}

ktap_print_header
ktap_set_plan 18

setup || ktap_exit_fail_msg "cannot create the switches"
snapshot || ktap_exit_fail_msg "cannot read the switches"

for c in "${COMBOS[@]}"; do
	read -r sw encap fam oh inner <<<"$c"
	ktap_test_result "switch show -j: $encap over $fam on a 1500-byte underlay: overhead $oh, underlay_mtu 1500, inner_mtu $inner" \
		combo_json "$sw" "$encap" "$fam" "$oh" "$inner"
done
ktap_test_result "switch show: the text of each ends with \"overhead N mtu M\" (50/1450, 70/1430, 58/1442, 78/1422)" \
	combo_text
ktap_test_result "switch show: while no device holds the local address the inner MTU is unknown: 0 in JSON, \"mtu unknown\" in the text" \
	unknown_mtu
ktap_test_result "switch show: the inner MTU follows the underlay device's MTU (9000: 8950, 8930, 8942, 8922)" \
	inner_follows 9000
ktap_test_result "switch show: and back (1500)" inner_follows 1500
ktap_test_result "switch show: once the local address is configured, its device's MTU counts" \
	known_mtu
ipn "$h" addr del 10.9.9.9/32 dev ul0

# A port one byte over the inner MTU warns, one at it does not.
# Dummy devices: o (over) and i (inner MTU) for each switch.
batch=""
for c in "${COMBOS[@]}"; do
	read -r sw encap fam oh inner <<<"$c"
	batch+="link add o${sw#s} mtu $((inner + 1)) type dummy"$'\n'
	batch+="link add i${sw#s} mtu $inner type dummy"$'\n'
done
ip_batch "$h" <<<"${batch}link add jx mtu 9000 type dummy"
for c in "${COMBOS[@]}"; do
	read -r sw encap fam oh inner <<<"$c"
	attach "o${sw#s}" "n${sw#s}"
	attach "i${sw#s}" "n${sw#s}"
done
attach jx nx
PORTS=$(ovx_n "$h" -j port show | jq -r '.[] | "\(.dev) \(.net)"')
for c in "${COMBOS[@]}"; do
	read -r sw encap fam oh inner <<<"$c"
	ktap_test_result "port add: a device of MTU $((inner + 1)) in $encap over $fam ($inner): attached, with the warning" \
		attached "o${sw#s}" "n${sw#s}" warn
	ktap_test_result "port add: a device of MTU $inner in $encap over $fam: attached, no warning" \
		attached "i${sw#s}" "n${sw#s}" none
done
ktap_test_result "port add: no warning while the inner MTU is unknown (MTU 9000 on sx)" \
	attached jx nx none

ktap_finished
