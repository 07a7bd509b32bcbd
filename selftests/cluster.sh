#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One topology, three hypervisors: each a VM with its own kernel and ovx.ko
# (scripts/vmcluster), ovxd's agent on each following the topology in etcd,
# which runs on host 1 on the private underlay only.
#
#   scripts/vmcluster --hosts 3 -- selftests/cluster.sh
#
# Host I: namespace hv (the hypervisor) holds the underlay NIC, 10.99.0.I,
# ovxd --etcd --host hvI, and the guests' devices (vm-NAME, veths whose
# other end is eth0 of a namespace per guest).  selftests/cluster.yaml is
# the topology: tenants A (blue, green, router rA) and B (red, yellow,
# router rB), guests on all three hosts.
#
#  1. apply FILE etcd URL wait (host 1): realized on every host
#  2. guests get their addresses by DHCP from their own host
#  3. guests reach the guests of their tenant on the other hosts, switched
#     and routed; not the other tenant's (same subnet)
#  4. a changed file (a port added, ageing changed) applied from host 1
#     is realized on all
#  5. topology status: three hosts alive, realized = desired
#  6. host 2's ovxd restarted under traffic: no kernel change, no loss
#  7. etcd stopped: traffic goes on; started again: a new apply realized
#  8. host 3 powers off (its agent killed, its NIC down): hosts 1 and 2
#     drop it from their peers within the lease TTL; it reboots (no switch
#     left, agent started again) and is back in their peers, reachable
#  9. guest a3 moves from host 3 to host 2 under a ping every 10 ms from
#     host 1: the topology changes first, a few seconds later the VM's
#     device on host 3 goes and one with the same MAC on host 2 comes up
#     and sends a gratuitous ARP; under 1 s of pings lost

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

OVXD=${OVXD:-$OVX_TOP/cli/ovxd}
host=${OVX_HOST:-}
hosts=${OVX_HOSTS:-}
shared=${OVX_SHARED:-}
nic=${OVX_VM_NICS%% *}
TTL=5
URL=http://10.99.0.1:2379
TOPO=$OVX_TOP/selftests/cluster.yaml

skip_all() {
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$1" "topology across hosts"
	ktap_finished
}

if [ -z "$host" ] || [ -z "$hosts" ] || [ -z "$shared" ] || [ -z "$nic" ]; then
	skip_all "not run by scripts/vmcluster (no OVX_HOST, OVX_SHARED or NIC)"
fi
[ "$hosts" -eq 3 ] || skip_all "needs exactly 3 hosts, not $hosts"
ovx_mod_check
command -v etcd >/dev/null || skip_all "etcd is not installed (scripts/install-deps)"
require_cmd ip jq ping busybox arping timeout

hv="" g_a3n="" ping_pid=""
tmp=$(mktemp -d)
defer rm -rf "$tmp"
barrier_timeout=${OVX_BARRIER_TIMEOUT:-300}

# --- coordination (as selftests/multihost.sh) -------------------------------

barrier() {
	local name=$1 j deadline
	shift
	: >"$shared/$name.$host" || return 1
	deadline=$((SECONDS + barrier_timeout))
	for j in "$@"; do
		while ! [ -e "$shared/$name.$j" ]; do
			if [ -e "$shared/exited.$j" ]; then
				ktap_print_msg "host $j is gone before reaching $name"
				return 1
			fi
			if [ $SECONDS -ge $deadline ]; then
				ktap_print_msg "host $j did not reach $name within ${barrier_timeout}s"
				return 1
			fi
			sleep 0.05
		done
	done
}

meet() { barrier "$@" 1 2 3 || ktap_exit_fail_msg "h$host: lost the other hosts at $1"; }

# --- the hypervisor, its guests, its agent -----------------------------------

declare -A G_HOST G_MAC G_IP
while read -r name _ h mac ip; do
	G_HOST[$name]=$h G_MAC[$name]=$mac G_IP[$name]=$ip
done <<EOF
a1 blue hv1 02:00:00:a0:00:01 10.1.0.11
a2 green hv2 02:00:00:a0:00:02 10.2.0.12
a3 blue hv3 02:00:00:a0:00:03 10.1.0.13
a4 blue hv2 02:00:00:a0:00:04 10.1.0.14
b1 red hv1 02:00:00:b0:00:01 10.1.0.21
b2 yellow hv3 02:00:00:b0:00:02 10.4.0.22
b3 red hv2 02:00:00:b0:00:03 10.1.0.23
EOF

declare -A GNS		# guest name -> its namespace

cat >"$tmp/udhcpc.sh" <<'EOF'
#!/bin/sh
case "$1" in
bound|renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/$mask" dev "$interface"
	[ -n "$router" ] && ip route replace default via "${router%% *}"
	echo "$ip" >"$OUT"
	;;
esac
exit 0
EOF
chmod +x "$tmp/udhcpc.sh"

# guest_add NAME: a guest of this host, its NIC up without an address.
guest_add() {
	local name=$1 var="g_$1"
	setup_ns "$var" || return 1
	GNS[$name]=${!var}
	ip -n "${GNS[$name]}" link add eth0 address "${G_MAC[$name]}" type veth \
		peer name "vm-$name" netns "$hv" || return 1
	ip -n "${GNS[$name]}" link set eth0 addrgenmode none || return 1
	ip -n "${GNS[$name]}" link set eth0 up || return 1
	ip -n "$hv" link set "vm-$name" up
}

setup() {
	setup_ns hv || return 1
	ip link set "$nic" netns "$hv" &&
		ip -n "$hv" addr add "10.99.0.$host/24" dev "$nic" &&
		ip -n "$hv" link set "$nic" up || return 1
	local name
	for name in "${!G_HOST[@]}"; do
		# a4 comes with the second version of the file, on host 2.
		[ "${G_HOST[$name]}" = "hv$host" ] && [ "$name" != a4 ] || continue
		guest_add "$name" || return 1
	done
}

etcd_start() {
	ip netns exec "$hv" etcd --name e --data-dir "$tmp/etcd" \
		--listen-client-urls "$URL" --advertise-client-urls "$URL" \
		--listen-peer-urls http://127.0.0.1:2380 \
		--initial-advertise-peer-urls http://127.0.0.1:2380 \
		--initial-cluster e=http://127.0.0.1:2380 \
		>>"$tmp/etcd.log" 2>&1 &
	echo $! >"$tmp/etcd.pid"
	busywait 30000 ip netns exec "$hv" timeout 2 \
		bash -c "exec 3<>/dev/tcp/10.99.0.1/2379" 2>/dev/null
}

etcd_stop() {
	local pid
	pid=$(cat "$tmp/etcd.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$tmp/etcd.pid"
}

ovxd_start() {
	ip netns exec "$hv" "$OVXD" -f -v --etcd "$URL" --host "hv$host" \
		--ttl "$TTL" --state-dir "$tmp/state" >>"$tmp/ovxd.log" 2>&1 &
	echo $! >"$tmp/ovxd.pid"
}

# ovxd_stop [SIGNAL]: fails if ovxd is still there 10 s after SIGTERM
# (then it is killed).
ovxd_stop() {
	local pid rc=0
	pid=$(cat "$tmp/ovxd.pid" 2>/dev/null) || return 0
	kill "-${1:-TERM}" "$pid" 2>/dev/null
	if ! busywait 10000 eval "! kill -0 $pid 2>/dev/null"; then
		echo "ovxd did not stop on SIG${1:-TERM}"
		kill -KILL "$pid" 2>/dev/null
		rc=1
	fi
	wait "$pid" 2>/dev/null
	rm -f "$tmp/ovxd.pid"
	return $rc
}

cleanup() {
	ovxd_stop
	etcd_stop
	if [ -n "${OVX_DEBUG:-}" ] || [ "${__ktap_fail:-0}" -gt 0 ]; then
		tail -n 40 "$tmp/ovxd.log" 2>/dev/null | sed "s/^/# h$host ovxd: /"
	fi
	return 0
}
defer cleanup

# --- helpers of the checks ---------------------------------------------------

ovxh() { ovx_n "$hv" "$@"; }
ovx_n() { local ns=$1; shift; "$OVX" -n "$ns" "$@"; }

# apply FILE [ARGS...]: ovx topology apply FILE etcd URL ARGS (host 1).
apply() {
	local file=$1
	shift
	ip netns exec "$hv" "$OVX" topology apply "$file" etcd "$URL" "$@"
}

# peers_are ADDR...: the switch's peers are exactly these addresses.
peers_are() {
	local got want
	got=$(ovxh -j peer show | jq -r '[.[].peer] | sort | join(" ")')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "${want% }" ] || { echo "peers: '$got', expected '${want% }'"; return 1; }
}

gping() { # GUEST ARGS...
	local g=$1
	shift
	ip netns exec "${GNS[$g]}" ping "$@"
}

reaches() { # GUEST ADDR
	busywait 20000 gping "$1" -c 1 -W 1 "$2" >/dev/null &&
		gping "$1" -c 3 -i 0.2 -w 10 "$2" >/dev/null
}

# --- the checks ----------------------------------------------------------------

check_apply() {
	apply "$TOPO" wait 120
}

check_realized_here() {
	# What this host needs: its switch, its ports, every network of the
	# tenants it has guests of (the routers' networks).
	ovxh -j port show | jq -e 'length > 0' >/dev/null &&
		ovxh -j net show | jq -e 'length == 4' >/dev/null
}

check_dhcp() {
	local name got
	for name in "${!GNS[@]}"; do
		OUT=$tmp/$name.ip ip netns exec "${GNS[$name]}" busybox udhcpc \
			-i eth0 -n -q -t 5 -T 2 -s "$tmp/udhcpc.sh" >/dev/null 2>&1 ||
			{ echo "$name: no lease"; return 1; }
		got=$(cat "$tmp/$name.ip")
		[ "$got" = "${G_IP[$name]}" ] ||
			{ echo "$name: got $got, expected ${G_IP[$name]}"; return 1; }
	done
}

# Every local guest reaches the other hosts' guests of its tenant.
check_reach() {
	local g t
	for g in "${!GNS[@]}"; do
		for t in a1 a2 a3 b1 b2 b3; do
			[ "${G_HOST[$t]}" = "hv$host" ] && continue
			[ "${g:0:1}" = "${t:0:1}" ] || continue
			reaches "$g" "${G_IP[$t]}" || { echo "$g does not reach $t"; return 1; }
		done
	done
}

# a1 (blue, 10.1.0.11) on host 1 does not reach b3 (red, 10.1.0.23, host 2).
check_isolated() {
	[ "$host" = 1 ] || return 0
	! gping a1 -c 2 -W 1 10.1.0.23 >/dev/null 2>&1
}

check_change() {
	# a4 (blue, on host 2) is added and blue's ageing changes.
	sed -e 's/{name: blue, vni: 100,/{name: blue, vni: 100, ageing: 60,/' \
		-e '/name: b3,/a\  - {name: a4, net: blue, host: hv2, dev: vm-a4, mac: "02:00:00:a0:00:04", ip: [10.1.0.14]}' \
		"$TOPO" >"$shared/topo2.yaml"
	apply "$shared/topo2.yaml" wait 120
}

check_changed_here() {
	case $host in
	2) ovxh -j port show dev vm-a4 | jq -e '.[0].net == "blue"' >/dev/null ;;
	*) ovxh -j fdb get 02:00:00:a0:00:04 net blue |
		jq -e '.[0].peer == "10.99.0.2"' >/dev/null ;;
	esac &&
		ovxh -j net show blue | jq -e '.[0].ageing == 60' >/dev/null
}

check_status() {
	ip netns exec "$hv" "$OVX" -j topology status etcd "$URL" >"$tmp/status" &&
		jq -e 'length == 3 and all(.[]; .alive and .realized != null and
			.realized >= .desired)' "$tmp/status" >/dev/null ||
		{ cat "$tmp/status"; return 1; }
}

# Host 2's agent restarted while a2 pings a1: no event from the kernel,
# no ping lost.
check_restart() {
	timeout 30 "$OVX" -n "$hv" monitor all >"$tmp/monitor" 2>&1 &
	local mon=$! pid
	gping a2 -i 0.05 -w 8 10.1.0.11 >"$tmp/ping" 2>&1 &
	pid=$!
	sleep 1
	ovxd_stop TERM || return 1
	ovxd_start
	wait $pid
	sleep 2
	kill $mon 2>/dev/null
	wait $mon 2>/dev/null
	grep -q " 0% packet loss" "$tmp/ping" || { cat "$tmp/ping"; return 1; }
	[ ! -s "$tmp/monitor" ] || { echo "kernel changed:"; cat "$tmp/monitor"; return 1; }
}

# Each host's tenant A guest reaches one on another host.
check_etcd_down_traffic() {
	case $host in
	1) reaches a1 10.2.0.12 ;;
	2) reaches a2 10.1.0.13 ;;
	3) reaches a3 10.1.0.11 ;;
	esac
}

check_resync() {
	# a4 goes again (the first file).
	apply "$TOPO" wait 120
}

# The other survivor's address.
survivor() { [ "$host" = 1 ] && echo 10.99.0.2 || echo 10.99.0.1; }

check_peer_gone() {
	busywait $(((TTL + 5) * 1000)) peers_are "$(survivor)" >/dev/null ||
		{ ovxh -j peer show; return 1; }
}

check_peer_back() {
	busywait 60000 peers_are "$(survivor)" 10.99.0.3 >/dev/null ||
		{ ovxh -j peer show; return 1; }
}

# The move of a3 (host 3 -> host 2), measured on host 1.
move_file() {
	sed -e 's/{name: a3, net: blue, host: hv3,/{name: a3, net: blue, host: hv2,/' \
		"$TOPO" >"$shared/topo3.yaml"
}

# (The ping is the main shell's child: it is waited for there.)
check_move_loss() {
	local out tx rx lost_ms
	out=$(cat "$tmp/ping")
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' <<<"$out")
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
	[ -n "$tx" ] && [ -n "$rx" ] && [ "$tx" -gt 0 ] || { echo "$out"; return 1; }
	lost_ms=$(((tx - rx) * 40000 / tx))
	echo "ping every 10 ms over the migration: $tx sent, $rx received, about $lost_ms ms lost" |
		tee "$tmp/loss"
	[ "$lost_ms" -lt 1000 ]
}

# --- main --------------------------------------------------------------------

ktap_print_header
case $host in
1) ktap_set_plan 14 ;;
2) ktap_set_plan 9 ;;
3) ktap_set_plan 8 ;;
esac

setup || ktap_exit_fail_msg "setup failed"
if [ "$host" = 1 ]; then
	etcd_start || ktap_exit_fail_msg "etcd did not start"
fi
meet etcd
ovxd_start
meet agents

if [ "$host" = 1 ]; then
	ktap_test_result "apply FILE etcd URL wait: realized on all hosts" check_apply
fi
meet applied
ktap_test_result "h$host: this host's part is in its kernel" check_realized_here
ktap_test_result "h$host: guests get their addresses by DHCP" check_dhcp
meet dhcp
ktap_test_result "h$host: guests reach their tenant on the other hosts; not the other tenant" \
	eval 'check_reach && check_isolated'
meet reach

if [ "$host" = 1 ]; then
	ktap_test_result "a changed file applied from one host, wait" check_change
fi
meet changed
[ "$host" = 2 ] && guest_add a4
ktap_test_result "h$host: the change is realized here" check_changed_here
if [ "$host" = 1 ]; then
	ktap_test_result "topology status: three hosts alive, realized = desired" check_status
fi
meet status

if [ "$host" = 2 ]; then
	ktap_test_result "h2: ovxd restarted under traffic: no kernel change, no loss" check_restart
else
	ktap_test_result "h$host: traffic while host 2's agent restarts" eval 'sleep 10; true'
fi
meet restarted

[ "$host" = 1 ] && etcd_stop
meet etcd_down
ktap_test_result "h$host: etcd stopped: traffic goes on" check_etcd_down_traffic
meet etcd_down_checked
if [ "$host" = 1 ]; then
	etcd_start && ktap_test_result "etcd started again: a new apply is realized" check_resync
fi
meet resynced

if [ "$host" = 3 ]; then
	# Power off: the agent dies without a word, the NIC goes.
	ovxd_stop KILL
	ip -n "$hv" link set "$nic" down
	meet off
	meet gone
	# Reboot: nothing of ovx is left in the kernel.
	ovxh switch del ovx0
	ip -n "$hv" link set "$nic" up
	ovxd_start
	meet back
	ktap_test_result "h3: rebooted, realized again" \
		busywait 60000 check_realized_here
else
	meet off
	ktap_test_result "h$host: host 3 left the peers within the lease TTL" check_peer_gone
	meet gone
	meet back
	ktap_test_result "h$host: host 3 is a peer again after its reboot" check_peer_back
fi
meet rebooted

# The migration of a3, under a ping every 10 ms from a1 on host 1 from the
# topology change to the end: host 1 applies the move (a3 to host 2) and
# waits until every host realized it; a few seconds later the VM's device
# on host 3 goes and one with the same MAC comes up on host 2 and
# announces the guest as QEMU does after a migration (gratuitous ARPs,
# 200 ms apart); then host 1 counts what it lost.
case $host in
1)
	move_file
	gping a1 -i 0.01 -W 1 -w 40 10.1.0.13 >"$tmp/ping" 2>&1 &
	ping_pid=$!
	sleep 1
	ktap_test_result "the topology moves a3 to host 2 (wait)" apply "$shared/topo3.yaml" wait 120
	meet moved
	meet switched
	wait "$ping_pid"
	ktap_test_result "a3 moved under a ping every 10 ms: under 1 s lost" check_move_loss
	[ -s "$tmp/loss" ] && ktap_print_msg "$(cat "$tmp/loss")"
	;;
2)
	meet moved
	sleep 3
	barrier stopped 3
	# The resumed VM: same MAC, the address it had.
	setup_ns g_a3n || ktap_exit_fail_msg "no namespace"
	ip -n "$g_a3n" link add eth0 address "${G_MAC[a3]}" type veth \
		peer name vm-a3 netns "$hv"
	ip -n "$g_a3n" link set eth0 addrgenmode none
	ip -n "$g_a3n" addr add 10.1.0.13/24 dev eth0
	ip -n "$hv" link set vm-a3 up
	ip -n "$g_a3n" link set eth0 up
	ip netns exec "$g_a3n" sh -c 'arping -q -U -c 3 -i 0.2 -I eth0 10.1.0.13; true'
	ip -n "$g_a3n" route add default via 10.1.0.1
	meet switched
	ktap_test_result "h2: a3's port is active here" busywait 10000 \
		eval "ovxh -j port show dev vm-a3 | jq -e '.[0].standby != true' >/dev/null"
	;;
3)
	meet moved
	sleep 3
	# The VM stops here: its device goes.
	ip -n "$hv" link del vm-a3
	barrier stopped 3
	meet switched
	ktap_test_result "h3: a3's port is gone here" busywait 20000 \
		eval "! ovxh -j port show dev vm-a3 >/dev/null 2>&1"
	;;
esac
meet end
# What the agent did last, on every host (the last steps are the move's).
tail -n "$([ "$__ktap_fail" -gt 0 ] && echo 60 || echo 12)" "$tmp/ovxd.log" 2>/dev/null |
	sed "s/^/# ovxd: /"
ktap_finished
