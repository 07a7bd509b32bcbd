#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel's own YNL client (tools/net/ynl/cli.py, through scripts/ynl cli)
# drives the ovx family from nothing but Documentation/netlink/specs/ovx.yaml,
# and what it does and reads agrees with the ovx CLI's view (ovx -j ... | jq):
# switch-get dump; net-new/get/set/del; port-new/get; peer-new/get/del;
# fdb-new/get (dump)/del/flush; fdb-ntf notifications (--subscribe events).
#
#   +----------------------------- ns ------------------------------+
#   |  ovx0 (local 10.0.0.1)                                        |
#   |   blue vni 100 (made by YNL): port p1, peer 10.0.0.2          |
#   |   red  vni 200 (made by the CLI)                              |
#   |  p1 <-> p1x (veth)                                            |
#   +---------------------------------------------------------------+
#
# Every cli.py run costs seconds under TCG (python, YAML): one per check.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ns=""
ynl_out=""

ovx_mod_check
require_cmd ip jq genl
require_ynl

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

# ynl [--schema] ARGS...: cli.py in the namespace, its JSON output in
# $ynl_out.  Only the first check validates the spec against its schema
# (jsonschema takes seconds under TCG); the others pass --no-schema.
ynl() {
	local opts=(--output-json --no-schema) rc
	if [ "$1" = --schema ]; then
		opts=(--output-json)
		shift
	fi
	ynl_out=$(__ovx_trace ip netns exec "$ns" "$OVX_TOP/scripts/ynl" cli \
		"${opts[@]}" "$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$ynl_out" | sed 's/^/ynl: /'
		return $rc
	fi
}

# ovx_json ARGS...: the CLI's JSON view.
ovx_json() {
	ovxn "$ns" -j "$@"
}

# jq_check JSON [JQ-OPTIONS...] FILTER: FILTER is true of JSON.
jq_check() {
	local json=$1
	shift
	if ! printf '%s' "$json" | jq -e "$@" >/dev/null; then
		echo "jq: ${*: -1} is false of: $json"
		return 1
	fi
}

ip4_int() { # A.B.C.D: the address as a host-order integer (YNL's u32)
	local a b c d
	IFS=. read -r a b c d <<<"$1"
	echo $(((a << 24) | (b << 16) | (c << 8) | d))
}

p1=0
setup() {
	setup_ns ns || return 1
	# p1 stays down: no frame reaches the switch, nothing is learnt.
	ipn "$ns" link add p1 type veth peer p1x || return 1
	p1=$(ip netns exec "$ns" cat /sys/class/net/p1/ifindex) || return 1
	ovxn "$ns" switch add ovx0 local 10.0.0.1
}

# --- the checks --------------------------------------------------------------

switch_dump() {
	local cli
	ynl --schema --dump switch-get || return 1
	cli=$(ovx_json switch show) || return 1
	jq_check "$ynl_out" --argjson cli "$cli" '
		length == 1 and ($cli | length) == 1 and
		.[0].ifname == "ovx0" and .[0].ifname == $cli[0].name and
		.[0].ifindex == $cli[0].ifindex and .[0]."local4" == $cli[0].local and
		.[0].port == $cli[0].dstport and .[0].encap == $cli[0].encap and
		.[0].ttl == $cli[0].ttl and .[0].tos == $cli[0].tos and
		.[0]."udp-zero-csum6-tx" == 0 and .[0]."udp-zero-csum6-rx" == 0 and
		(.[0].drops | has("tunnel-short"))'
}

net_new() {
	local cli
	ynl --do net-new --json \
		'{"ifname":"ovx0","name":"blue","vni":100,"learning":0,"ageing":60,"fdb-max":1000}' ||
		return 1
	cli=$(ovx_json net show blue) || return 1
	jq_check "$cli" 'length == 1 and .[0].name == "blue" and .[0].vni == 100 and
		.[0].switch == "ovx0" and .[0].learning == false and
		.[0].ageing == 60 and .[0].fdb_max == 1000'
}

net_get() {
	local cli
	ynl --do net-get --json '{"name":"blue"}' || return 1
	cli=$(ovx_json net show blue) || return 1
	jq_check "$ynl_out" --argjson c "$cli" '$c[0] as $c |
		.name == $c.name and .vni == $c.vni and .ifname == $c.switch and
		(.learning == 1) == $c.learning and .ageing == $c.ageing and
		."fdb-max" == $c.fdb_max and ."fdb-learned" == $c.fdb_learned and
		."fdb-static" == $c.fdb_static'
}

net_set() {
	local cli
	ynl --do net-set --json '{"name":"blue","learning":1,"ageing":120}' || return 1
	cli=$(ovx_json net show blue) || return 1
	jq_check "$cli" '.[0].learning == true and .[0].ageing == 120 and
		.[0].fdb_max == 1000'
}

net_dump() {
	local cli
	ovxn "$ns" net add red vni 200 || return 1
	ynl --dump net-get || return 1
	cli=$(ovx_json net show) || return 1
	jq_check "$ynl_out" --argjson c "$cli" '
		([.[] | [.name, .vni, .ifname]] | sort) ==
		([$c[] | [.name, .vni, .switch]] | sort) and length == 2'
}

port_new() {
	local cli
	ynl --do port-new --json "{\"ifindex\":$p1,\"net\":\"blue\"}" || return 1
	cli=$(ovx_json port show) || return 1
	jq_check "$cli" --argjson i "$p1" 'length == 1 and .[0].dev == "p1" and
		.[0].ifindex == $i and .[0].net == "blue" and .[0].vni == 100'
}

port_get() {
	local cli sw
	ynl --do port-get --json "{\"ifindex\":$p1}" || return 1
	cli=$(ovx_json port show) || return 1
	sw=$(ovx_json switch show ovx0 | jq '.[0].ifindex') || return 1
	jq_check "$ynl_out" --argjson c "$cli" --argjson sw "$sw" '$c[0] as $c |
		.ifindex == $c.ifindex and .ifname == $c.dev and .net == $c.net and
		.vni == $c.vni and ."switch-ifindex" == $sw and .id == $c.id'
}

peer_new() {
	local cli
	ynl --do peer-new --json \
		"{\"switch-ifname\":\"ovx0\",\"addr4\":$(ip4_int 10.0.0.2),\"net\":[\"blue\"]}" ||
		return 1
	cli=$(ovx_json peer show) || return 1
	jq_check "$cli" 'length == 1 and .[0].peer == "10.0.0.2" and
		.[0].switch == "ovx0" and .[0].nets == ["blue"]'
}

peer_get() {
	local cli
	ynl --do peer-get --json \
		"{\"switch-ifname\":\"ovx0\",\"addr4\":$(ip4_int 10.0.0.2)}" || return 1
	cli=$(ovx_json peer show) || return 1
	jq_check "$ynl_out" --argjson c "$cli" '$c[0] as $c |
		."addr4" == $c.peer and ."switch-ifname" == $c.switch and
		([.net] | flatten) == $c.nets'
}

fdb_new_port() {
	local cli
	ynl --do fdb-new --json \
		"{\"net\":\"blue\",\"mac\":\"020000000001\",\"port-ifindex\":$p1}" || return 1
	cli=$(ovx_json fdb show) || return 1
	jq_check "$cli" 'map(select(.mac == "02:00:00:00:00:01")) |
		length == 1 and .[0].net == "blue" and .[0].dev == "p1" and .[0].static'
}

fdb_new_peer() {
	local cli
	ynl --do fdb-new --json \
		"{\"net\":\"blue\",\"mac\":\"020000000002\",\"peer4\":$(ip4_int 10.0.0.2)}" ||
		return 1
	cli=$(ovx_json fdb show) || return 1
	jq_check "$cli" 'map(select(.mac == "02:00:00:00:00:02")) |
		length == 1 and .[0].net == "blue" and .[0].peer == "10.0.0.2" and
		.[0].static'
}

fdb_dump() {
	local cli
	ynl --dump fdb-get || return 1
	cli=$(ovx_json fdb show) || return 1
	jq_check "$ynl_out" --argjson c "$cli" '
		([.[] | [.mac, .net, .vni, (."port-ifname" // .peer4),
			 (.flags | index("static") != null)]] | sort) ==
		([$c[] | [.mac, .net, .vni, (.dev // .peer), .static]] | sort) and
		length == 2'
}

fdb_del() {
	local cli
	ynl --do fdb-del --json '{"net":"blue","mac":"020000000001"}' || return 1
	cli=$(ovx_json fdb show) || return 1
	jq_check "$cli" 'length == 1 and .[0].mac == "02:00:00:00:00:02"'
}

fdb_flush() {
	local cli
	ovxn "$ns" fdb add 02:00:00:00:00:03 net blue dev p1 || return 1
	ynl --do fdb-flush --json '{"net":"blue"}' || return 1
	cli=$(ovx_json fdb show) || return 1
	jq_check "$cli" 'length == 0'
}

# The events group's id, for /proc/net/netlink's bitmap of the first 32.
events_group() {
	genl ctrl get name ovx 2>/dev/null |
		sed -n 's/.*ID-\(0x[0-9a-f]*\) *name: events.*/\1/p'
}

# subscribed BIT: a generic netlink socket of the namespace is in group BIT
# (1-32: /proc/net/netlink shows the first 32 of the bitmap).
# (No process substitution: the VM has no /dev/fd.)
subscribed() {
	local eth groups socks
	socks=$(ip netns exec "$ns" cat /proc/net/netlink) || return 1
	while read -r _ eth _ groups _; do
		[ "$eth" = 16 ] && [[ $groups =~ ^[0-9a-f]+$ ]] &&
			(((16#$groups >> ($1 - 1)) & 1)) && return 0
	done <<<"$socks"
	return 1
}

# cli.py subscribes, sleeps, then prints what it received: meanwhile the
# CLI adds and deletes an entry.  Its output is kept in $tmp/ntf.
fdb_ntf() {
	local grp pid
	grp=$(events_group)
	ip netns exec "$ns" "$OVX_TOP/scripts/ynl" cli --no-schema --output-json \
		--subscribe events --sleep 8 >"$tmp/ntf" 2>&1 &
	pid=$!
	if [ -n "$grp" ] && [ $((grp)) -ge 1 ] && [ $((grp)) -le 32 ]; then
		busywait 30000 subscribed $((grp)) ||
			echo "no subscriber to group $grp seen"
	else
		sleep 5
	fi
	echo "$(date +%T.%N): subscribed to group $grp"
	ovxn "$ns" fdb add 02:00:00:00:00:04 net blue peer 10.0.0.2 &&
		ovxn "$ns" fdb del 02:00:00:00:00:04 net blue || return 1
	echo "$(date +%T.%N): added and deleted"
	wait $pid || {
		sed 's/^/cli.py: /' "$tmp/ntf"
		return 1
	}
	echo "$(date +%T.%N): cli.py printed $(cat "$tmp/ntf")"
	grep -q fdb-ntf "$tmp/ntf"
}

ntf_has() { # EVENT
	jq_check "$(cat "$tmp/ntf")" --arg ev "$1" 'map(select(.name == "fdb-ntf" and
		.msg.event == $ev and .msg.mac == "02:00:00:00:00:04" and
		.msg.net == "blue" and .msg.peer4 == "10.0.0.2")) | length == 1'
}

peer_del() {
	local cli
	ynl --do peer-del --json \
		"{\"switch-ifname\":\"ovx0\",\"addr4\":$(ip4_int 10.0.0.2)}" || return 1
	cli=$(ovx_json peer show) || return 1
	jq_check "$cli" 'length == 0'
}

net_del() {
	local nets ports
	ynl --do net-del --json '{"name":"blue"}' || return 1
	nets=$(ovx_json net show) || return 1
	ports=$(ovx_json port show) || return 1
	jq_check "$nets" 'map(.name) == ["red"]' && jq_check "$ports" 'length == 0'
}

ktap_print_header
ktap_set_plan 19
setup || ktap_exit_fail_msg "cannot set up the namespace and the switch"

ktap_test_result "switch-get dump (spec checked against its schema) agrees with ovx switch show" \
	switch_dump
ktap_test_result "net-new makes blue with the settings ovx net show shows" net_new
ktap_test_result "net-get of blue agrees with ovx net show" net_get
ktap_test_result "net-set changes learning and ageing, keeps fdb-max" net_set
ktap_test_result "net-get dump lists the networks ovx net show lists" net_dump
ktap_test_result "port-new attaches p1 to blue, as ovx port show shows" port_new
ktap_test_result "port-get of p1 agrees with ovx port show" port_get
ktap_test_result "peer-new adds 10.0.0.2 to blue, as ovx peer show shows" peer_new
ktap_test_result "peer-get of 10.0.0.2 agrees with ovx peer show" peer_get
ktap_test_result "fdb-new to port p1 appears in ovx fdb show" fdb_new_port
ktap_test_result "fdb-new to peer 10.0.0.2 appears in ovx fdb show" fdb_new_peer
ktap_test_result "fdb-get dump agrees with ovx fdb show" fdb_dump
ktap_test_result "fdb-del removes the entry from ovx fdb show" fdb_del
ktap_test_result "fdb-flush of blue empties ovx fdb show" fdb_flush
ktap_test_result "cli.py --subscribe events --sleep receives notifications" fdb_ntf
ktap_test_result "fdb-ntf 'added' for ovx fdb add, with mac, net and peer" ntf_has added
ktap_test_result "fdb-ntf 'deleted' for ovx fdb del, with mac, net and peer" ntf_has deleted
ktap_test_result "peer-del without networks deletes the peer (ovx peer show)" peer_del
ktap_test_result "net-del deletes blue and detaches its port (ovx net/port show)" net_del

ktap_finished
