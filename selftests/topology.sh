#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ovx topology apply FILE, without etcd: host hv1 of
# cli/test/topo/two-tenants.yaml, in a namespace of its own whose switch
# apply creates; the ports of hv1 (web1, yel1) are veths to VM
# namespaces, the other hosts' ports become static FDB entries and
# bindings.
#
#   hv1 192.0.2.1 (ul0)    ovx0: blue green red yellow, rA rB,
#        |                  peers 192.0.2.2 (blue red), 192.0.2.3 (green red yellow)
#   tap-web1 -- w1 (blue)  tap-yel1 -- y1 (yellow)
#
# Create, re-apply (no write, no notification), change (a port added, an
# ageing changed, a network removed), dry-run (exact lines), invalid
# files (file:line, nothing written), a value the kernel refuses (nothing
# partial left), and hand-made objects left alone.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
ovx_mod_check
require_cmd ip jq

# shellcheck disable=SC2034
ul="" hv1="" w1="" y1="" w3="" o1=""
file=$here/../cli/test/topo/two-tenants.yaml
tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

apply() { # NS ARGS...: ovx -n NS topology apply ARGS
	local ns=$1
	shift
	ovx_n "$ns" topology apply "$@"
}

ktap_print_header
ktap_set_plan 24

setup() {
	[ -f "$file" ] || return 1
	topo_underlay ul || return 1
	topo_host hv1 "$ul" 192.0.2.1 || return 1
	topo_vm w1 "$hv1" tap-web1 02:00:00:00:01:01 10.1.0.11/24 || return 1
	topo_vm y1 "$hv1" tap-yel1 02:00:00:00:04:01 10.4.0.11/24
}
setup || ktap_exit_fail_msg "setup failed"

# --- dry run on an empty host: the exact plan, nothing written -----------------

cat >"$tmp/plan1" <<'EOF'
+ switch ovx0 local 192.0.2.1 encap vxlan dstport 4789
+ net blue vni 100
+ net green vni 101
+ net red vni 200
+ net yellow vni 201
+ router rA
+ attach rA net blue ip 10.1.0.1/24 ip fd00:1::1/64
+ attach rA net green ip 10.2.0.1/24 ip fd00:2::1/64
+ router rB
+ attach rB net red ip 10.1.0.1/24 ip fd00:1::1/64
+ attach rB net yellow ip 10.4.0.1/24 ip fd00:4::1/64
+ peer 192.0.2.2 net blue net green net red net yellow
+ peer 192.0.2.3 net blue net green net red net yellow
+ port web1 dev tap-web1 net blue
+ port yel1 dev tap-yel1 net yellow
+ fdb 02:00:00:00:01:02 net blue peer 192.0.2.2
+ fdb 02:00:00:00:02:01 net green peer 192.0.2.3
+ fdb 02:00:00:00:03:01 net red peer 192.0.2.2
+ fdb 02:00:00:00:03:02 net red peer 192.0.2.3
+ fdb 02:00:00:00:04:02 net yellow peer 192.0.2.3
+ neigh 10.1.0.12 net blue
+ neigh fd00:1::12 net blue
+ neigh 10.2.0.11 net green
+ neigh fd00:2::11 net green
+ neigh 10.1.0.11 net red
+ neigh fd00:1::11 net red
+ neigh 10.1.0.12 net red
+ neigh fd00:1::12 net red
+ neigh 10.4.0.12 net yellow
+ neigh fd00:4::12 net yellow
30 created, 0 changed, 0 removed
EOF
dry_run_exact() {
	apply "$hv1" "$file" host hv1 dry-run >"$tmp/out1" || return 1
	diff -u "$tmp/plan1" "$tmp/out1" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] && ! ipn "$hv1" link show ovx0 >/dev/null 2>&1
}
ktap_test_result "dry-run prints the exact plan and creates nothing" dry_run_exact

# --- create ----------------------------------------------------------------------

ktap_test_result "apply creates host hv1's part" \
	apply "$hv1" "$file" host hv1
ktap_test_result "the switch: local 192.0.2.1, vxlan" \
	json_check "$hv1" '.[0].local == "192.0.2.1"' -j switch show
ktap_test_result "four networks, learning off" \
	json_check "$hv1" 'length == 4 and all(.[]; .learning == false)' -j net show
ktap_test_result "peers: the hosts with ports in the needed networks, members of the networks both need" \
	json_check "$hv1" 'map({a: .peer, n: (.nets | sort)}) | sort_by(.a) ==
		[{a: "192.0.2.2", n: ["blue", "green", "red", "yellow"]},
		 {a: "192.0.2.3", n: ["blue", "green", "red", "yellow"]}]' -j peer show
ktap_test_result "the local ports, with their names" \
	json_check "$hv1" 'map(.dev) | sort == ["tap-web1", "tap-yel1"]' -j port show
ktap_test_result "five static FDB entries to peers" \
	json_check "$hv1" '[.[] | select(.peer != null)] | length == 5' -j fdb show static
ktap_test_result "ten bindings of remote ports" \
	json_check "$hv1" '[.[] | select(.peer != null)] | length == 10' -j neigh show static

# --- hand-made objects: adopted or left alone ----------------------------------------

ovx_batch "$hv1" <<-EOF >/dev/null 2>&1
	net add hand vni 300 switch ovx0
	peer add 192.0.2.99 switch ovx0 net hand
	fdb add 02:00:00:00:99:99 net blue peer 192.0.2.2
EOF

# --- re-apply: no write, no notification -----------------------------------------

reapply_silent() {
	local out mon
	ovx_n "$hv1" monitor all >"$tmp/mon" 2>&1 &
	mon=$!
	sleep 1
	out=$(ovx_n "$hv1" -j topology apply "$file" host hv1) || { kill "$mon"; return 1; }
	sleep 1
	kill "$mon"
	wait "$mon" 2>/dev/null
	echo "# $out"
	jq -e '.writes == 0 and .created == 0 and .changed == 0 and
		.removed == 0 and .plan == []' <<<"$out" >/dev/null &&
		[ ! -s "$tmp/mon" ] || { sed 's/^/# monitor: /' "$tmp/mon"; return 1; }
}
ktap_test_result "re-applying the same file makes 0 writes and no notification" \
	reapply_silent

# --- change: a port added, an ageing changed, a network removed ----------------------

# web3 on hv1 in blue; blue's ageing 60; green, its port db1 and rA's
# interface there gone.
# lab, without a router, has a service address; its port's device is
# absent (pending).
sed -e 's/{name: blue, vni: 100,/{name: blue, vni: 100, ageing: 60,/' \
	-e '/name: green, vni/d' -e '/{net: green,/d' -e '/name: db1,/d' \
	-e '/name: yellow, vni/a\  - {name: lab, vni: 102, service: 10.9.0.1/24}' \
	"$file" >"$tmp/changed.yaml"
cat >>"$tmp/changed.yaml" <<'EOF'
  - {name: web3, net: blue, host: hv1, dev: tap-web3, mac: "02:00:00:00:01:03", ip: [10.1.0.13]}
  - {name: lab1, net: lab, host: hv1, dev: tap-lab1, mac: "02:00:00:00:07:01", ip: [10.9.0.11]}
EOF
topo_vm w3 "$hv1" tap-web3 02:00:00:00:01:03 10.1.0.13/24 ||
	ktap_exit_fail_msg "setup of w3 failed"
ageing0=$(ovx_n "$hv1" -j net show blue | jq '(if type == "array" then .[0] else . end).ageing')
cat >"$tmp/plan2" <<EOF
~ net blue ageing $ageing0 -> 60
+ net lab vni 102
+ port web3 dev tap-web3 net blue
~ peer 192.0.2.3 net red net yellow
- net green
2 created, 2 changed, 1 removed, 1 pending (device absent)
EOF
change_dry() {
	apply "$hv1" "$tmp/changed.yaml" host hv1 dry-run >"$tmp/out2" || return 1
	diff -u "$tmp/plan2" "$tmp/out2" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ]
}
ktap_test_result "dry-run of the change prints its exact plan" change_dry
ktap_test_result "apply the change" apply "$hv1" "$tmp/changed.yaml" host hv1
ktap_test_result "blue's ageing is 60" \
	json_check "$hv1" '(if type == "array" then .[0] else . end).ageing == 60' -j net show blue
ktap_test_result "green is gone, the others stay" \
	json_check "$hv1" 'map(.name) | sort == ["blue", "hand", "lab", "red", "yellow"]' -j net show
ktap_test_result "lab has its service address" \
	json_check "$hv1" '(if type == "array" then .[0] else . end).service == ["10.9.0.1/24"]' -j net show lab
ktap_test_result "port web3 is added" \
	json_check "$hv1" 'map(.dev) | sort == ["tap-web1", "tap-web3", "tap-yel1"]' -j port show
ktap_test_result "peer 192.0.2.3 is no longer a member of green" \
	json_check "$hv1" '.[] | select(.peer == "192.0.2.3") | (.nets | sort) == ["red", "yellow"]' -j peer show
ktap_test_result "hand-made net, peer and FDB entry are left alone" \
	eval 'json_check "$hv1" "length == 1" -j net show hand >/dev/null 2>&1 ||
	      json_check "$hv1" ".name == \"hand\"" -j net show hand;
	      json_check "$hv1" "any(.[]; .peer == \"192.0.2.99\")" -j peer show &&
	      json_check "$hv1" "any(.[]; .mac == \"02:00:00:00:99:99\")" -j fdb show net blue'

# --- invalid files: file:line, exit 1, nothing written ----------------------------------

ovx_n "$hv1" -j net show >"$tmp/before"
sed -e 's/{name: red, vni: 200,/{name: red, vni: 100,/' "$tmp/changed.yaml" >"$tmp/dupvni.yaml"
invalid_file() {
	local rc
	apply "$hv1" "$tmp/dupvni.yaml" host hv1 >"$tmp/out3" 2>"$tmp/err3"
	rc=$?
	sed 's/^/# /' "$tmp/err3"
	[ $rc = 1 ] && grep -q "^$tmp/dupvni.yaml:[0-9]*:" "$tmp/err3" &&
		[ ! -s "$tmp/out3" ]
}
ktap_test_result "a duplicate VNI: file:line, exit 1" invalid_file
ktap_test_result "an unknown host: exit 1" \
	eval '! apply "$hv1" "$tmp/changed.yaml" host nosuch 2>/dev/null'
ktap_test_result "nothing was written" \
	eval 'ovx_n "$hv1" -j net show | cmp -s - "$tmp/before"'

# --- the kernel refuses: the whole apply fails, nothing partial left ------------------

# orange (new) comes before purple, whose VNI 300 the hand-made net holds;
# blue's ageing changes too.
sed -e 's/ageing: 60,/ageing: 90,/' "$tmp/changed.yaml" |
	awk '/^routers:/ {
		print "  - {name: orange, vni: 400}"
		print "  - {name: purple, vni: 300}"
	} { print }' >"$tmp/refused.yaml"
cat >>"$tmp/refused.yaml" <<'EOF'
  - {name: o1, net: orange, host: hv1, dev: tap-o1, mac: "02:00:00:00:05:01", ip: [10.5.0.11]}
  - {name: p1, net: purple, host: hv1, dev: tap-p1, mac: "02:00:00:00:06:01", ip: [10.6.0.11]}
EOF
ovx_n "$hv1" -j net show >"$tmp/before"
refused() {
	local rc
	apply "$hv1" "$tmp/refused.yaml" host hv1 >"$tmp/out4" 2>"$tmp/err4"
	rc=$?
	sed 's/^/# /' "$tmp/out4" "$tmp/err4"
	[ $rc = 1 ] && grep -q "net purple" "$tmp/err4"
}
ktap_test_result "a VNI a hand-made net holds: apply fails, naming the net" refused
ktap_test_result "nothing partial is left (no orange, blue's ageing still 60)" \
	eval 'ovx_n "$hv1" -j net show | cmp -s - "$tmp/before"'


# --- a batched write the kernel refuses: the batch and all before it undone ---------

# tap-o1 is a port of a hand-made switch's network: adding it to orange
# fails inside the batch of ports, FDB entries and bindings.
topo_vm o1 "$hv1" tap-o1 02:00:00:00:05:01 10.5.0.11/24 ||
	ktap_exit_fail_msg "setup of o1 failed"
ovx_batch "$hv1" <<-EOF >/dev/null 2>&1
	switch add hand0 local 192.0.2.1 dstport 4790
	net add other vni 500 switch hand0
	port add dev tap-o1 net other
EOF
sed -e 's/ageing: 60,/ageing: 90,/' "$tmp/changed.yaml" |
	awk '/^routers:/ { print "  - {name: orange, vni: 400}" } { print }' \
	>"$tmp/batchfail.yaml"
cat >>"$tmp/batchfail.yaml" <<'EOF'
  - {name: o1, net: orange, host: hv1, dev: tap-o1, mac: "02:00:00:00:05:01", ip: [10.5.0.11]}
  - {name: web9, net: blue, host: hv2, dev: tap-web9, mac: "02:00:00:00:01:09", ip: [10.1.0.19]}
EOF
snapshot() {
	local o
	for o in net peer port "fdb show static" "neigh show static" router; do
		# shellcheck disable=SC2086
		{ ovx_n "$hv1" -j $o show 2>/dev/null || ovx_n "$hv1" -j $o; } |
			jq -S 'if type == "array" then map(if type == "object" then del(.age) else . end) | sort_by(tostring) else . end'
	done
}
same_as_before() {
	snapshot >"$tmp/after"
	diff -u "$tmp/before" "$tmp/after" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ]
}
snapshot >"$tmp/before"
batch_refused() {
	local rc
	apply "$hv1" "$tmp/batchfail.yaml" host hv1 >"$tmp/out5" 2>"$tmp/err5"
	rc=$?
	sed 's/^/# /' "$tmp/out5" "$tmp/err5"
	[ $rc = 1 ] && grep -q "port o1 dev tap-o1" "$tmp/err5" &&
		grep -q "^+ fdb 02:00:00:00:01:09" "$tmp/out5"
}
ktap_test_result "a port the kernel refuses in a batch: apply fails, naming it" batch_refused
ktap_test_result "nothing partial is left (no orange, no FDB entry of web9, ageing 60)" \
	same_as_before

ktap_finished
