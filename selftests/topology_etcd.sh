#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The topology in etcd, in one VM: ovx's switches are per network
# namespace, so two namespaces are two hosts, each with its own ovxd agent,
# and etcd runs in a third on the private underlay.
#
#   +---- hv1 ----------------+   +---- hv2 ----------------+   +- etcd --+
#   | ovxd --etcd --host hv1  |   | ovxd --etcd --host hv2  |   | etcd    |
#   | eth0 10.98.0.1          |   | eth0 10.98.0.2          |   | 10.98.  |
#   | ovx0: web1 (vm1) ---------- g1 10.1.0.11              |   |   0.10  |
#   +---------|---------------+   +---------|----------- g2 10.1.0.12      |
#             +------------- br0 (namespace ul) ------------+-------+
#
#  1. apply FILE etcd URL wait: both agents realize it, the guests of the
#     two hosts reach each other, each host has the other as its peer
#  2. status -j: both alive, their addresses, realized = desired
#  3. a stale `revision N` is refused and writes nothing; dry-run writes
#     nothing
#  4. hv2's ovxd SIGKILLed: hv1 drops its peer within the lease TTL, and
#     adds it back when hv2's ovxd starts again (which changes nothing in
#     hv2's kernel)
#  5. hv1's ovxd restarted: no kernel change, traffic goes on
#  6. etcd stopped: the kernels are kept (traffic goes on); etcd started
#     again: the agents resynchronize and a new apply is realized
#  7. a port whose device appears after the apply is attached when it
#     does (rtnetlink); a port removed by hand is put back (ovx events)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

OVXD=${OVXD:-$OVX_TOP/cli/ovxd}
ovx_mod_check
require_cmd ip jq ping etcd timeout

ul="" hv1="" hv2="" ens="" g1="" g2=""
TTL=5	# the default; shorter leases expire under a loaded TCG guest
URL=http://10.98.0.10:2379
M1=02:00:00:0e:00:11
M2=02:00:00:0e:00:12

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

etcd_start() {
	ip netns exec "$ens" etcd --name e --data-dir "$tmp/etcd" \
		--listen-client-urls "$URL" --advertise-client-urls "$URL" \
		--listen-peer-urls http://127.0.0.1:2380 \
		--initial-advertise-peer-urls http://127.0.0.1:2380 \
		--initial-cluster e=http://127.0.0.1:2380 \
		>>"$tmp/etcd.log" 2>&1 &
	echo $! >"$tmp/etcd.pid"
	busywait 30000 ip netns exec "$ens" timeout 2 \
		bash -c "exec 3<>/dev/tcp/10.98.0.10/2379" 2>/dev/null
}

etcd_stop() {
	local pid
	pid=$(cat "$tmp/etcd.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$tmp/etcd.pid"
}

# ovxd_start NAME: the agent of host NAME (hv1, hv2) in its namespace.
ovxd_start() {
	local ns=${!1}
	ip netns exec "$ns" "$OVXD" -f -v --etcd "$URL" --host "$1" \
		--ttl "$TTL" --state-dir "$tmp/state.$1" \
		>>"$tmp/ovxd.$1.log" 2>&1 &
	echo $! >"$tmp/ovxd.$1.pid"
}

ovxd_kill() { # NAME [SIGNAL]
	local pid
	pid=$(cat "$tmp/ovxd.$1.pid" 2>/dev/null) || return 0
	kill "-${2:-TERM}" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$tmp/ovxd.$1.pid"
}

# What the agents said (the output of deferred commands is dropped).
show_logs() {
	local f
	for f in "$tmp"/ovxd.*.log "$tmp/etcd.log"; do
		[ -f "$f" ] && { echo "# --- $f"; tail -n 40 "$f" | sed 's/^/# /'; }
	done
}

cleanup() {
	ovxd_kill hv1
	ovxd_kill hv2
	etcd_stop
	return 0
}
defer cleanup

# count NAME PATTERN: lines of NAME's ovxd log matching PATTERN.
count() {
	grep -c -- "$2" "$tmp/ovxd.$1.log" 2>/dev/null
}

# The CLI on the underlay, as an operator on host hv1 runs it.
ovxc() {
	ip netns exec "$hv1" "$OVX" "$@"
}

# peers NS: the peers of NS's switch, one a line; fails without a switch.
peers() {
	local j
	j=$(ip netns exec "$1" "$OVX" -j peer show 2>/dev/null) || return 1
	jq -r '.[].peer' <<<"$j"
}

has_peer() { # NS ADDR
	local p
	p=$(peers "$1") || return 1
	grep -qx -- "$2" <<<"$p"
}

has_port() { # NS DEV
	ip netns exec "$1" "$OVX" -j port show 2>/dev/null |
		jq -e --arg d "$2" 'any(.[]; .dev == $d)' >/dev/null
}

no_peer() { # NS ADDR: the switch is there, without that peer
	local p
	p=$(peers "$1") || return 1
	! grep -qx -- "$2" <<<"$p"
}

both_peers() {
	has_peer "$hv1" 10.98.0.2 && has_peer "$hv2" 10.98.0.1
}

# first_realized NAME LINE: the first "realized" line of NAME's log after
# line LINE says there was no kernel change.
first_realized() {
	tail -n +"$(($2 + 1))" "$tmp/ovxd.$1.log" | grep -m 1 "realized:" |
		grep -q "no kernel change"
}

# realized_since NAME LINE: a "realized" line after line LINE.
realized_since() {
	tail -n +"$(($2 + 1))" "$tmp/ovxd.$1.log" | grep -q "realized:"
}

lines() { wc -l <"$tmp/ovxd.$1.log"; }

pings() { # NS ADDR
	ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1
}

topology() { # FILE PORTS...
	local f=$1
	shift
	cat >"$f" <<EOF
switch: {name: ovx0, encap: vxlan}
hosts:
  - {name: hv1, address: 10.98.0.1}
  - {name: hv2, address: 10.98.0.2}
networks:
  - {name: blue, vni: 100}
ports:
  - {name: web1, net: blue, host: hv1, dev: vm1, mac: "$M1", ip: [10.1.0.11]}
  - {name: web2, net: blue, host: hv2, dev: vm2, mac: "$M2", ip: [10.1.0.12]}
EOF
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$f"
}

ktap_print_header
ktap_set_plan 24

setup_ns ul hv1 hv2 ens g1 g2 || ktap_exit_fail_msg "cannot create the namespaces"
ipn "$ul" link add br0 type bridge
ipn "$ul" link set br0 up
i=1
for ns in "$hv1" "$hv2" "$ens"; do
	addr=10.98.0.$i
	[ "$ns" = "$ens" ] && addr=10.98.0.10
	ipn "$ul" link add "p$i" type veth peer name eth0 netns "$ns"
	ipn "$ul" link set "p$i" master br0 up
	ipn "$ns" addr add "$addr/24" dev eth0
	ipn "$ns" link set eth0 up
	i=$((i + 1))
done
# The guests: veths whose host ends are the ports' devices.
ipn "$hv1" link add vm1 type veth peer name eth0 netns "$g1"
ipn "$hv2" link add vm2 type veth peer name eth0 netns "$g2"
ipn "$g1" link set eth0 address "$M1"
ipn "$g2" link set eth0 address "$M2"
ipn "$g1" addr add 10.1.0.11/24 dev eth0
ipn "$g2" addr add 10.1.0.12/24 dev eth0
ipn "$g1" link set eth0 up
ipn "$g2" link set eth0 up
ipn "$hv1" link set vm1 up
ipn "$hv2" link set vm2 up

if ! etcd_start; then
	ktap_exit_fail_msg "etcd did not start: $(tail -n 5 "$tmp/etcd.log")"
fi
ovxd_start hv1
ovxd_start hv2
ktap_test_result "both agents registered, no topology yet" \
	busywait 20000 sh -c "grep -q 'no topology in etcd yet' '$tmp/ovxd.hv1.log' &&
		grep -q 'no topology in etcd yet' '$tmp/ovxd.hv2.log'"

# --- 1. apply and realize ---------------------------------------------------
topology "$tmp/t1.yaml"
ktap_test_result "apply FILE etcd URL wait: realized by both hosts" \
	ovxc topology apply "$tmp/t1.yaml" etcd "$URL" wait 60
ktap_test_result "each host has the other as its peer" busywait 5000 both_peers
ktap_test_result "the guests of the two hosts reach each other" \
	busywait 10000 pings "$g1" 10.1.0.12

# --- 2. status ----------------------------------------------------------------
st=$(ovxc -j topology status etcd "$URL")
if [ -n "$st" ] && jq -e 'length == 2 and all(.[]; .alive and .realized >= .desired) and
	  (map(.address) | sort == ["10.98.0.1", "10.98.0.2"])' <<<"$st" >/dev/null; then
	ktap_test_pass "status -j: both alive, their addresses, realized >= desired"
else
	ktap_print_msg "$st"
	ktap_test_fail "status -j: both alive, their addresses, realized >= desired"
fi
desired=$(jq '.[0].desired' <<<"$st")

# --- 3. a stale revision, dry-run -------------------------------------------------
topology "$tmp/t2.yaml" "  - {name: web3, net: blue, host: hv1, dev: vm3, mac: \"02:00:00:0e:00:13\"}"
out=$(ovxc topology apply "$tmp/t2.yaml" etcd "$URL" revision $((desired - 1)) 2>&1)
rc=$?
after=$(ovxc -j topology status etcd "$URL" | jq '.[0].desired')
if [ $rc -ne 0 ] && grep -q "is at revision $desired" <<<"$out" &&
   [ "$after" = "$desired" ]; then
	ktap_test_pass "a stale revision N is refused and writes nothing"
else
	ktap_print_msg "rc $rc: $out; desired $desired -> $after"
	ktap_test_fail "a stale revision N is refused and writes nothing"
fi
out=$(ovxc topology apply "$tmp/t2.yaml" etcd "$URL" dry-run 2>&1)
after=$(ovxc -j topology status etcd "$URL" | jq '.[0].desired')
if [ "$out" = "+ /ovx/topology/ports/web3" ] && [ "$after" = "$desired" ]; then
	ktap_test_pass "dry-run prints the key it would add and writes nothing"
else
	ktap_print_msg "$out; desired $desired -> $after"
	ktap_test_fail "dry-run prints the key it would add and writes nothing"
fi

# --- 4. a host's ovxd killed ------------------------------------------------------
ovxd_kill hv2 KILL
t0=$SECONDS
ktap_test_result "hv2's ovxd killed: hv1 drops its peer within the TTL" \
	busywait $(((TTL + 3) * 1000)) no_peer "$hv1" 10.98.0.2
ktap_print_msg "peer gone after $((SECONDS - t0)) s (TTL $TTL s)"
ktap_test_result "status: hv2 not alive" \
	sh -c "ip netns exec '$hv1' '$OVX' -j topology status etcd '$URL' | jq -e 'any(.[]; .name == \"hv2\" and (.alive | not))'"
ktap_test_result "hv2's kernel is kept as it was (its peer, its guest's port)" \
	has_peer "$hv2" 10.98.0.1
n=$(lines hv2)
ovxd_start hv2
ktap_test_result "hv2's ovxd restarted: hv1 adds its peer back" \
	busywait 20000 has_peer "$hv1" 10.98.0.2
busywait 10000 realized_since hv2 "$n"
ktap_test_result "hv2's restarted agent changed nothing in its kernel" \
	first_realized hv2 "$n"
ktap_test_result "traffic again between the hosts" \
	busywait 10000 pings "$g1" 10.1.0.12

# --- 5. hv1's ovxd restarted -------------------------------------------------------
n=$(lines hv1)
ovxd_kill hv1 TERM
ovxd_start hv1
busywait 20000 realized_since hv1 "$n"
ktap_test_result "hv1's ovxd restarted: no kernel change" first_realized hv1 "$n"
sleep 1
if tail -n +"$((n + 1))" "$tmp/ovxd.hv1.log" | grep "realized:" | grep -q "kernel writes"; then
	ktap_test_fail "and no later reconcile wrote to the kernel"
else
	ktap_test_pass "and no later reconcile wrote to the kernel"
fi
ktap_test_result "traffic went on" pings "$g1" 10.1.0.12

# --- 6. etcd stopped and started again -----------------------------------------------
n1=$(count hv1 "following etcd at")
n2=$(count hv2 "following etcd at")
etcd_stop
sleep $((TTL + 1))
ktap_test_result "etcd stopped: each host keeps its peer" both_peers
ktap_test_result "etcd stopped: the guests still reach each other" pings "$g1" 10.1.0.12
etcd_start
ktap_test_result "etcd started again: both agents follow it again" \
	busywait 30000 sh -c "[ \$(grep -c 'following etcd at' '$tmp/ovxd.hv1.log') -gt $n1 ] &&
		[ \$(grep -c 'following etcd at' '$tmp/ovxd.hv2.log') -gt $n2 ]"
ipn "$hv1" link add vm3 type veth peer name vm3p
ipn "$hv1" link set vm3 up
ktap_test_result "and a new apply is realized by both" \
	ovxc topology apply "$tmp/t2.yaml" etcd "$URL" wait 60
ktap_test_result "the new port is in hv1's kernel" has_port "$hv1" vm3

# --- 7. devices and ports that come and go ------------------------------------------
# A port whose device does not exist yet (a VM arriving) is realized when
# the device appears, from the link event alone.
topology "$tmp/t3.yaml" "  - {name: web3, net: blue, host: hv1, dev: vm3, mac: \"02:00:00:0e:00:13\"}" \
	"  - {name: web4, net: blue, host: hv2, dev: vm4, mac: \"02:00:00:0e:00:14\"}"
ktap_test_result "a port whose device is absent: applied and realized" \
	ovxc topology apply "$tmp/t3.yaml" etcd "$URL" wait 60
ipn "$hv2" link add vm4 type veth peer name vm4p
ipn "$hv2" link set vm4 up
ktap_test_result "its device appears: the agent attaches it" \
	busywait 10000 has_port "$hv2" vm4
# A port removed by hand is put back: the kernel follows etcd.
ip netns exec "$hv2" "$OVX" port del dev vm4
ktap_test_result "a port removed by hand is put back" \
	busywait 10000 has_port "$hv2" vm4

ovxd_kill hv1
ovxd_kill hv2
if [ -n "${OVX_DEBUG:-}" ] || [ "$__ktap_fail" -gt 0 ]; then
	show_logs
fi
ktap_finished
