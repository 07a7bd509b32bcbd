#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Smoke test: the module loads and unloads cleanly, its generic netlink
# family and rtnl link kind come and go with it, and a switch's lifetime
# follows its network namespace.
#
#   +--------------- ns0 ---------------+   +------ ns1 ------+
#   |  ovx0 (type ovx)  ovx1 (type ovx) |   |  ovx0 (deleted   |
#   +-----------------------------------+   |  with the netns) |
#                                           +------------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ns0="" ns1=""

ovx_mod_check
require_cmd genl ip

family_present() {
	genl ctrl get name ovx >/dev/null 2>&1
}

family_absent() {
	! family_present
}

link_kind_works() {
	ipn "$ns0" link add ovx0 type ovx &&
		ipn "$ns0" -d link show ovx0 | grep -q 'ovx' &&
		ipn "$ns0" link del ovx0
}

cli_without_module() {
	local out rc
	out=$("$OVX" switch show 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
		printf '%s\n' "$out" | grep -q 'module is not loaded'
}

switch_listed() { # NS NAME
	genl_switches "$1" | grep -qx "$2"
}

# Names of the switches the family reports in NS.
genl_switches() {
	ip netns exec "$1" "$OVX" -j switch show 2>/dev/null |
		jq -r '.[].name' 2>/dev/null
}

netns_exit_removes_switch() {
	setup_ns ns1 || return 1
	ipn "$ns1" link add ovx0 type ovx || return 1
	switch_listed "$ns1" ovx0 || return 1
	ip netns del "$ns1" || return 1
	# The module's reference count drops back once the namespace is gone.
	busywait 5000 sh -c '[ "$(cat /sys/module/ovx/refcnt)" = 0 ]'
}

rmmod_with_switches() {
	ipn "$ns0" link add ovx1 type ovx || return 1
	ipn "$ns0" link add ovx2 type ovx || return 1
	ovx_mod_unload || return 1
	! ip -n "$ns0" link show ovx1 >/dev/null 2>&1 &&
		! ip -n "$ns0" link show ovx2 >/dev/null 2>&1
}

reload_cycles() {
	local i
	for i in 1 2 3 4 5; do
		ovx_mod_load || return 1
		ipn "$ns0" link add "sw$i" type ovx || return 1
		family_present || return 1
		ovx_mod_unload || return 1
	done
}

ktap_print_header
ktap_set_plan 11

setup_ns ns0 || ktap_exit_fail_msg "cannot create a network namespace"

ktap_test_result "module is loaded" test -d /sys/module/ovx
ktap_test_result "generic netlink family ovx is registered" family_present
ktap_test_result "ip link add type ovx creates a switch" link_kind_works
ipn "$ns0" link add ovx0 type ovx
ktap_test_result "ovx switch show lists it through the family" \
	switch_listed "$ns0" ovx0
ktap_test_result "netns exit deletes its switch and drops the module reference" \
	netns_exit_removes_switch
ktap_test_result "rmmod with switches present deletes them" rmmod_with_switches
ktap_test_result "generic netlink family is gone after rmmod" family_absent
ktap_test_result "ovx CLI says in one line that the module is not loaded" \
	cli_without_module
ktap_test_result "link kind ovx is gone after rmmod" \
	sh -c "! ip -n $ns0 link add ovx9 type ovx 2>/dev/null"
ktap_test_result "five load / create / unload cycles" reload_cycles
ktap_test_result "module loads again and the family reappears" \
	sh -c 'insmod "$OVX_KO" && genl ctrl get name ovx >/dev/null'

ktap_finished
