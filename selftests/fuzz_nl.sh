#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Netlink fuzzing: fuzz_nl.py sends OVX_FUZZ_NL_COUNT (default 100000)
# well-formed, mutated and random requests of every op of the ovx family,
# built from Documentation/netlink/specs/ovx.yaml, in batches; the objects
# the accepted ones made must be what a dump shows (a rejected request
# changes nothing), and the kernel log must stay clean.  Then the switches
# go with their namespace, full of what the fuzzer left.
#
#   +------------------------------- ns -------------------------------+
#   | ovx0 (vxlan, local 10.0.0.1)     ovx1 (geneve, local 2001:db8::1) |
#   | v0 .. v5: veths, ports to be (peers v0x .. v5x); ul0 10.0.0.1/24  |
#   +------------------------------------------------------------------+
#
# OVX_FUZZ_NL_SECONDS (or OVX_FUZZ_SECONDS), when set, keeps it going at
# least that long;
# OVX_FUZZ_SEED makes a run repeatable.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
ns=""
count=${OVX_FUZZ_NL_COUNT:-100000}
seconds=${OVX_FUZZ_NL_SECONDS:-${OVX_FUZZ_SECONDS:-0}}
MARK="fuzz_nl.sh: start"

ovx_mod_check
require_cmd ip "$py"

setup() {
	local i batch=""
	setup_ns ns || return 1
	for i in 0 1 2 3 4 5; do
		batch+="link add v$i type veth peer v${i}x"$'\n'
		batch+="link set v$i up"$'\n'
	done
	batch+="link add ul0 type dummy"$'\n'
	batch+="addr add 10.0.0.1/24 dev ul0"$'\n'
	batch+="addr add 2001:db8::1/64 dev ul0 nodad"$'\n'
	batch+="link set ul0 up"$'\n'
	ip -n "$ns" -batch - <<<"$batch" || return 1
	ovxn "$ns" -b - <<-EOF || return 1
		switch add ovx0 local 10.0.0.1
		switch add ovx1 local 2001:db8::1 encap geneve
	EOF
	ipn "$ns" link set ovx0 up && ipn "$ns" link set ovx1 up
}

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

kmsg_mark "$MARK"
setup || ktap_exit_fail_msg "cannot set up the namespace and its switches"

seed=()
[ -n "${OVX_FUZZ_SEED:-}" ] && seed=(--seed "$OVX_FUZZ_SEED")
start=$(date +%s)
ip netns exec "$ns" "$py" "$here/fuzz_nl.py" --count "$count" --seconds "$seconds" \
	"${seed[@]}" --switches ovx0,ovx1 --v6-switches ovx1 --ports v0,v1,v2,v3,v4,v5 >"$tmp/nl" 2>&1
rc=$?
echo "# fuzz_nl.py took $(($(date +%s) - start)) s" >>"$tmp/nl"

# The namespace goes with both switches and whatever the fuzzer left.
ns_gone() {
	local n=$ns
	ip netns del "$n" || return 1
	__ovx_ns_list=()
	# Its devices go in a work item: wait until the switches are gone.
	busywait 20000 sh -c '! ip -j netns list | grep -q "\"$1\""' - "$n"
}

ktap_print_header
ktap_set_plan $(($(ktap_sub_count "$tmp/nl") + 3))
ktap_forward "$tmp/nl" "netlink fuzz: "
if [ $rc -eq 0 ]; then
	ktap_test_pass "fuzz_nl.py ran to its end"
else
	ktap_test_fail "fuzz_nl.py ran to its end (exit status $rc)"
fi
ktap_test_result "deleting the namespace deletes the switches the fuzzer used" ns_gone
ktap_test_result "kernel log after the netlink fuzzing: no warning, BUG or oops" \
	kmsg_clean_since "$MARK"
ktap_finished
