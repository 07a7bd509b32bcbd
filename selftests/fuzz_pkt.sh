#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Packet fuzzing: fuzz_pkt.py sends OVX_FUZZ_FRAMES (default 1000000)
# malformed and random frames, half from a guest into port a1p, half as
# VXLAN and Geneve packets from the underlay; every frame must be accounted
# for in ovx's counters (received, forwarded, or dropped by reason), no
# frame may cross into another network, and the kernel log stays clean.
#
#   +------------------------------ vms ------------------------------+
#   |  a1 (sender)      a2               r1               g1           |
#   +--|-----------------|----------------|----------------|-----------+
#   +--|-----------------|----------------|----------------|--- hv ----+
#   |  a1p              a2p              r1p              g1p          |
#   |  ovx0 VXLAN, local 10.0.0.1                ovx1 Geneve,          |
#   |   blue vni 100: a1p a2p, peer 10.0.0.2      local 10.0.0.5       |
#   |     fdb-max 64; 02:00:00:dd:00:01 -> a2p   green vni 100: g1p,   |
#   |     02:00:00:dd:00:02 -> 10.0.0.2           peer 10.0.0.2        |
#   |   red vni 200: r1p, peer 10.0.0.3                                |
#   |  u1 10.0.0.1/24 10.0.0.5/24                                      |
#   +--|---------------------------------------------------------------+
#   +--|-- und: u2 10.0.0.2/24 10.0.0.3/24 10.0.0.4/24 (no peer) ------+
#
# IPv6 is off everywhere, so only what the fuzzer sends moves a counter.
# OVX_FUZZ_PKT_SECONDS (or OVX_FUZZ_SECONDS), when set, keeps it going at
# least that long;
# OVX_FUZZ_SEED makes a run repeatable.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
vms="" hv="" und=""
frames=${OVX_FUZZ_FRAMES:-1000000}
seconds=${OVX_FUZZ_PKT_SECONDS:-${OVX_FUZZ_SECONDS:-0}}
MARK="fuzz_pkt.sh: start"

ovx_mod_check
require_cmd ip "$py"

setup() {
	local n dev batch=""
	setup_ns vms hv und || return 1
	for n in "$vms" "$hv" "$und"; do
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
	for dev in a1 a2 r1 g1; do
		batch+="link add ${dev}p type veth peer $dev netns $vms"$'\n'
		batch+="link set ${dev}p up"$'\n'
	done
	batch+="link add u1 type veth peer u2 netns $und"$'\n'
	batch+="addr add 10.0.0.1/24 dev u1"$'\n'
	batch+="addr add 10.0.0.5/24 dev u1"$'\n'
	batch+="link set u1 up"$'\n'
	ip -n "$hv" -batch - <<<"$batch" || return 1
	ip -n "$vms" -batch - <<-EOF || return 1
		link set a1 up
		link set a2 up
		link set r1 up
		link set g1 up
	EOF
	ip -n "$und" -batch - <<-EOF || return 1
		addr add 10.0.0.2/24 dev u2
		addr add 10.0.0.3/24 dev u2
		addr add 10.0.0.4/24 dev u2
		link set u2 up
	EOF
	ovxn "$hv" -b - <<-EOF 2>/dev/null || return 1
		switch add ovx0 local 10.0.0.1
		switch add ovx1 local 10.0.0.5 encap geneve
		net add blue vni 100 switch ovx0 fdb-max 64
		net add red vni 200 switch ovx0
		net add green vni 100 switch ovx1
		port add dev a1p net blue
		port add dev a2p net blue
		port add dev r1p net red
		port add dev g1p net green
		peer add 10.0.0.2 switch ovx0 net blue
		peer add 10.0.0.3 switch ovx0 net red
		peer add 10.0.0.2 switch ovx1 net green
		fdb add 02:00:00:dd:00:01 net blue dev a2p
		fdb add 02:00:00:dd:00:02 net blue peer 10.0.0.2
	EOF
	ipn "$hv" link set ovx0 up && ipn "$hv" link set ovx1 up &&
		ip netns exec "$und" ping -q -c 1 -W 5 10.0.0.1 >/dev/null &&
		ip netns exec "$und" ping -q -c 1 -W 5 10.0.0.5 >/dev/null
}

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

kmsg_mark "$MARK"
setup || ktap_exit_fail_msg "cannot build the topology"

seed=()
[ -n "${OVX_FUZZ_SEED:-}" ] && seed=(--seed "$OVX_FUZZ_SEED")
start=$(date +%s)
"$py" "$here/fuzz_pkt.py" --vms "$vms" --hv "$hv" --und "$und" --frames "$frames" \
	--seconds "$seconds" "${seed[@]}" >"$tmp/pkt" 2>&1
rc=$?
echo "# fuzz_pkt.py took $(($(date +%s) - start)) s" >>"$tmp/pkt"

ktap_print_header
ktap_set_plan $(($(ktap_sub_count "$tmp/pkt") + 2))
ktap_forward "$tmp/pkt" "packet fuzz: "
if [ $rc -eq 0 ]; then
	ktap_test_pass "fuzz_pkt.py ran to its end"
else
	ktap_test_fail "fuzz_pkt.py ran to its end (exit status $rc)"
fi
ktap_test_result "kernel log after the packet fuzzing: no warning, BUG or oops" \
	kmsg_clean_since "$MARK"
ktap_finished
