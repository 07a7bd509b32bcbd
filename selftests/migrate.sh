#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Live migration in the datapath: a standby port on the new host, the
# guest's first frame there activating it and announcing the move, peers
# re-pointing static entries by move sequence, the old host's short
# redirect, stale and guest-forged announcements refused, and routing that
# follows the move.  The control plane (ovxd's agent) is not involved: this
# is what happens before it learns of the switch-over.
#
#                   +---------------- ul: br0 ----------------+
#                   |                    |                    |
#            ul0 10.0.0.1         ul0 10.0.0.2         ul0 10.0.0.3
#        +---- hv1 ----+      +---- hv2 -----+      +---- hv3 ------+
#        | pm1 (m)     |      | pc (c)       |      | pm3 (m, new)  |
#        +-------------+      | pd (d, green)|      +---------------+
#                             +--------------+
#
# blue (vni 100, 10.1.0.0/24) and green (vni 101, 10.2.0.0/24) as
# `ovx topology apply` makes them: learning off, flood-unknown off, static
# entries and bindings for the remote guests, router rA on blue and green
# on hv2.  VM m (10.1.0.10) runs on hv1 and moves to hv3 (namespace mn,
# the resumed VM, same MAC and address).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq ping python3 arping

ul="" hv1="" hv2="" hv3="" m="" mn="" c="" d=""
M=02:00:00:00:01:0a
C=02:00:00:00:01:14
D=02:00:00:00:02:14
SEND="$OVX_TOP/selftests/move_send.py"

setup() {
	setup_ns ul hv1 hv2 hv3 m mn c d || return 1
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	topo_hv hv2 "$ul" 10.0.0.2 || return 1
	topo_hv hv3 "$ul" 10.0.0.3 || return 1
	topo_vm_nic "$m" "$hv1" pm1 $M 10.1.0.10/24 || return 1
	topo_vm_nic "$c" "$hv2" pc $C 10.1.0.20/24 || return 1
	topo_vm_nic "$d" "$hv2" pd $D 10.2.0.20/24 || return 1
	ipn "$d" route add default via 10.2.0.1 || return 1
	ipn "$c" route add default via 10.1.0.1 || return 1
	# The resumed VM: its NIC is up but it has no address yet and sends
	# nothing (no IPv6), as a paused VM: floods reach it, it answers none.
	topo_vm_nic "$mn" "$hv3" pm3 $M || return 1
	local hv
	for hv in "$hv1" "$hv2" "$hv3"; do
		ovx_batch_quiet "$hv" <<-EOF || return 1
			net add blue vni 100 learning off flood-unknown off
			net add green vni 101 learning off flood-unknown off
		EOF
	done
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		peer add 10.0.0.2 net blue
		peer add 10.0.0.3 net blue
		port add dev pm1 net blue mac $M ip 10.1.0.10 name m
		fdb add $C net blue peer 10.0.0.2
		neigh add 10.1.0.20 lladdr $C net blue peer 10.0.0.2 name c
	EOF
	ovx_batch_quiet "$hv2" <<-EOF || return 1
		peer add 10.0.0.1 net blue
		peer add 10.0.0.3 net blue net green
		router add rA
		router attach rA net blue ip 10.1.0.1/24
		router attach rA net green ip 10.2.0.1/24
		port add dev pc net blue mac $C ip 10.1.0.20 name c
		port add dev pd net green mac $D ip 10.2.0.20 name d
		fdb add $M net blue peer 10.0.0.1
		neigh add 10.1.0.10 lladdr $M net blue peer 10.0.0.1 name m
	EOF
	ovx_batch_quiet "$hv3" <<-EOF || return 1
		peer add 10.0.0.1 net blue
		peer add 10.0.0.2 net blue net green
		router add rA
		router attach rA net blue ip 10.1.0.1/24
		router attach rA net green ip 10.2.0.1/24
		fdb add $M net blue peer 10.0.0.1
		fdb add $C net blue peer 10.0.0.2
		neigh add 10.1.0.20 lladdr $C net blue peer 10.0.0.2 name c
		fdb add $D net green peer 10.0.0.2
		neigh add 10.2.0.20 lladdr $D net green peer 10.0.0.2 name d
	EOF
}

# fdb_of NS MAC: "dev PORT seq N" or "peer ADDR seq N" of MAC in blue.
fdb_of() {
	ovx_n "$1" -j fdb get "$2" net blue |
		jq -r '.[0] | if .dev then "dev \(.dev)" else "peer \(.peer)" end +
			" seq \(.seq // 0)"'
}

# expect_fdb NS MAC WANT: fdb_of NS MAC is WANT.
expect_fdb() {
	local got
	got=$(fdb_of "$1" "$2") || return 1
	[ "$got" = "$3" ] || { echo "fdb $2: '$got', expected '$3'"; return 1; }
}

drop() { # NS NAME: a drop counter of the switch
	ovx_n "$1" -s -j switch show ovx0 | jq -e ".[0].drops.$2"
}

# dropped_by NS NAME N CMD...: CMD succeeds and drop counter NAME grew by N.
dropped_by() {
	local ns=$1 name=$2 n=$3 before after
	shift 3
	before=$(drop "$ns" "$name") || return 1
	"$@" || return 1
	sleep 0.3
	after=$(drop "$ns" "$name") || return 1
	[ $((after - before)) -eq "$n" ] ||
		{ echo "$name: $before -> $after, expected +$n"; return 1; }
}

reaches() { # NS ADDR: a first reply within 20 s, then 3 in a row
	busywait 20000 ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null &&
		ip netns exec "$1" ping -c 3 -i 0.2 -w 10 "$2" >/dev/null
}

check_standby() {
	ovx_n "$hv3" port add dev pm3 net blue mac $M ip 10.1.0.10 name m \
		standby seq 1 2>/dev/null || return 1
	ovx_n "$hv3" -j port show dev pm3 |
		jq -e '.[0].standby == true and .[0].seq == 1' >/dev/null ||
		{ echo "pm3 is not shown in standby with seq 1"; return 1; }
	# Its address still points to the old host, everywhere.
	expect_fdb "$hv3" $M "peer 10.0.0.1 seq 0" &&
		expect_fdb "$hv2" $M "peer 10.0.0.1 seq 0" &&
		reaches "$c" 10.1.0.10
}

# The switch-over under a ping every 10 ms from c: m stops (its NIC goes
# down, as a VM paused for its last copy), mn resumes and announces itself
# with a gratuitous ARP (one process for both: the VM's downtime is not
# the test's exec time), and 2 s later hv1's port goes (QEMU exits on the
# old host).  Lost time = lost replies x the ping's real interval.
check_switch_over() {
	local out tx rx lost_ms
	ip netns exec "$c" ping -i 0.01 -W 1 -w 6 10.1.0.10 >"$tmp/ping" 2>&1 &
	local pid=$!
	sleep 1.5
	# (arping's status says whether anything answered: nothing does.)
	ip netns exec "$mn" sh -c "ip -n $m link set eth0 down &&
		ip addr add 10.1.0.10/24 dev eth0 &&
		{ arping -q -U -c 1 -I eth0 10.1.0.10; true; }" ||
		{ echo "m did not stop"; return 1; }
	ipn "$mn" route add default via 10.1.0.1
	# The old host re-pointed its entry: the redirect.
	busywait 3000 expect_fdb "$hv1" $M "peer 10.0.0.3 seq 1" >/dev/null ||
		{ expect_fdb "$hv1" $M "peer 10.0.0.3 seq 1"; return 1; }
	sleep 2
	ipn "$hv1" link del pm1
	wait $pid
	out=$(cat "$tmp/ping")
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' <<<"$out")
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
	[ -n "$tx" ] && [ -n "$rx" ] && [ "$tx" -gt 0 ] ||
		{ echo "no ping summary: $out"; return 1; }
	lost_ms=$(((tx - rx) * 6000 / tx))
	echo "ping every 10 ms: $tx sent, $rx received, about ${lost_ms} ms lost" |
		tee "$tmp/loss"
	expect_fdb "$hv2" $M "peer 10.0.0.3 seq 1" &&
		expect_fdb "$hv3" $M "dev pm3 seq 1" &&
		! ovx_n "$hv3" -j port show dev pm3 | jq -e '.[0].standby' >/dev/null &&
		[ "$lost_ms" -lt 1000 ]
}

# A peer that missed the announcement still sends to hv1, which sends it
# on to hv3 for a short while.
check_redirect() {
	ovx_n "$hv2" fdb add $M net blue peer 10.0.0.1 seq 1 &&
		reaches "$c" 10.1.0.10 &&
		ovx_n "$hv2" fdb add $M net blue peer 10.0.0.3 seq 1
}

check_stale() {
	dropped_by "$hv2" move_stale 1 \
		ip netns exec "$hv1" python3 "$SEND" peer 10.0.0.1 10.0.0.2 100 $M 1 &&
		expect_fdb "$hv2" $M "peer 10.0.0.3 seq 1" &&
		dropped_by "$hv2" move_stale 1 \
			ip netns exec "$hv1" python3 "$SEND" peer 10.0.0.1 10.0.0.2 100 $M 65535 &&
		expect_fdb "$hv2" $M "peer 10.0.0.3 seq 1"
}

# A later sequence from a peer wins, static entry or not; the control
# plane's word is final.
check_later() {
	ip netns exec "$hv1" python3 "$SEND" peer 10.0.0.1 10.0.0.2 100 $M 2 &&
		busywait 3000 expect_fdb "$hv2" $M "peer 10.0.0.1 seq 2" >/dev/null &&
		ovx_n "$hv2" fdb add $M net blue peer 10.0.0.3 seq 1 &&
		expect_fdb "$hv2" $M "peer 10.0.0.3 seq 1"
}

check_guest_forged() {
	dropped_by "$hv2" guest_control 1 \
		ip netns exec "$c" python3 "$SEND" guest eth0 $M 9 &&
		expect_fdb "$hv2" $M "peer 10.0.0.3 seq 1" &&
		expect_fdb "$hv3" $M "dev pm3 seq 1"
}

# d (green, on hv2) reaches m through rA: routing at the source host
# follows the FDB, which the move re-pointed, not the binding made before.
check_routed() {
	ovx_n "$hv2" -j neigh show net blue |
		jq -e '.[] | select(.addr == "10.1.0.10") | .peer == "10.0.0.1"' >/dev/null ||
		{ echo "the binding no longer points to hv1: nothing to prove"; return 1; }
	# hv1 would send on what reaches it: not any more.
	ovx_n "$hv1" fdb del $M net blue &&
		reaches "$d" 10.1.0.10
}

check_refused() {
	! ovx_n "$hv3" port add dev pm3 net blue standby 2>/dev/null &&
		! ovx_n "$hv3" fdb add $C net blue peer 10.0.0.2 seq 65536 2>/dev/null
}

ktap_print_header
ktap_set_plan 9
tmp=$(mktemp -d)
defer rm -rf "$tmp"
setup || ktap_exit_fail_msg "setup failed"
ktap_test_result "c reaches m on hv1 before the move" reaches "$c" 10.1.0.10
ktap_test_result "a standby port leaves the guest's address on the old host" check_standby
ktap_test_result "switch-over: first frame activates, peers re-point, under 1 s lost" check_switch_over
[ -s "$tmp/loss" ] && ktap_print_msg "$(cat "$tmp/loss")"
ktap_test_result "the old host redirects what a late peer still sends it" check_redirect
ktap_test_result "announcements with a sequence not later are refused (move_stale)" check_stale
ktap_test_result "a later sequence moves a static entry; fdb add overrides" check_later
ktap_test_result "a guest cannot send an announcement (guest_control)" check_guest_forged
ktap_test_result "routed traffic follows the moved address" check_routed
ktap_test_result "standby without mac and seq above 65535 are refused" check_refused
ktap_finished
