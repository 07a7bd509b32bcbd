#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The ovx generic netlink family refuses bad input: every rejected request
# gets an error with an extack (a message, or the missing attribute named)
# and changes nothing (checked by dumping every object after each, and by
# listening for notifications); mutations need CAP_NET_ADMIN; a dump of
# many FDB entries returns each once, also while entries are deleted.
# The checks are in ovx_nl.py (YNL from the kernel tree, raw netlink for
# what YNL cannot express), one python process per part.
#
#   +---------------------------------- ns ----------------------------------+
#   | ovx0 (local 10.0.0.1)                         ovx1 (local 10.0.1.1)    |
#   |  blue vni 100: port p1, peer 10.0.0.2            green vni 100         |
#   |                fdb 02:..:01 -> p1, 02:..:02 -> 10.0.0.2                |
#   |  red  vni 200: peer 10.0.0.3                                           |
#   |  big  vni 300: port p4 (the FDB dumps)                                 |
#   | p2 (free)   br0 <- p3 (a bridge port)   (p1..p4: veth, peers p1x..p4x) |
#   +------------------------------------------------------------------------+
#
# OVX_FDB_ENTRIES sets the size of the big dump (default 100000).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
ns=""
entries=${OVX_FDB_ENTRIES:-100000}

ovx_mod_check
require_cmd ip setpriv "$py"
require_ynl

setup() {
	local i
	setup_ns ns || return 1
	for i in 1 2 3 4; do
		ipn "$ns" link add "p$i" type veth peer "p${i}x" || return 1
	done
	ipn "$ns" link add br0 type bridge &&
		ipn "$ns" link set p3 master br0 || return 1
	ovxn "$ns" -b - <<-EOF
		switch add ovx0 local 10.0.0.1
		switch add ovx1 local 10.0.1.1
		net add blue vni 100 switch ovx0
		net add red vni 200 switch ovx0
		net add big vni 300 switch ovx0
		net add green vni 100 switch ovx1
		port add dev p1 net blue
		port add dev p4 net big
		peer add 10.0.0.2 switch ovx0 net blue
		peer add 10.0.0.3 switch ovx0 net red
		fdb add 02:00:00:00:00:01 net blue dev p1
		fdb add 02:00:00:00:00:02 net blue peer 10.0.0.2
	EOF
}

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

# helper NAME [WRAPPER...] -- ARGS...: run ovx_nl.py ARGS in the namespace
# (under WRAPPER), its KTAP into $tmp/NAME, its exit status into $tmp/NAME.rc.
helper() {
	local name=$1 wrap=() start
	shift
	while [ "$1" != "--" ]; do
		wrap+=("$1")
		shift
	done
	shift
	start=$(date +%s)
	ip netns exec "$ns" "${wrap[@]}" "$py" "$here/ovx_nl.py" "$@" \
		>"$tmp/$name" 2>&1
	echo $? >"$tmp/$name.rc"
	echo "# ovx_nl.py $* took $(($(date +%s) - start)) s" >>"$tmp/$name"
}

# report NAME: its results, then one of our own for how it ended.
report() {
	local name=$1 rc
	rc=$(cat "$tmp/$name.rc")
	ktap_forward "$tmp/$name" "$name: "
	if [ "$rc" -eq 0 ]; then
		ktap_test_pass "$name: ovx_nl.py ran to its end"
	elif [ "$rc" -eq "$KSFT_SKIP" ]; then
		ktap_test_skip "see above" "$name: ovx_nl.py ran to its end"
	else
		ktap_test_fail "$name: ovx_nl.py ran to its end (exit status $rc)"
	fi
}

setup || ktap_exit_fail_msg "cannot set up the namespace and the ovx objects"

helper reject -- reject
helper noadmin setpriv --inh-caps=-net_admin --bounding-set=-net_admin -- noadmin
helper fdb-scale -- fdb-scale "$entries"
helper dump-intr -- dump-intr

ktap_print_header
ktap_set_plan $(($(ktap_sub_count "$tmp/reject") + $(ktap_sub_count "$tmp/noadmin") +
	$(ktap_sub_count "$tmp/fdb-scale") + $(ktap_sub_count "$tmp/dump-intr") + 4))
report reject
report noadmin
report fdb-scale
report dump-intr
ktap_finished
