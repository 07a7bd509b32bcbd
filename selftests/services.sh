#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest services: VMs that boot with nothing configured get their address,
# gateway, MTU, routes and resolver from ovxd on their own host (DHCPv4
# with busybox udhcpc and ISC dhclient, SLAAC from router advertisements),
# and resolve each other's names; other names go to an upstream resolver
# (dnsmasq in a namespace of the underlay) and are cached.
#
#                 +--------------- ul: br0 ----------------+
#                 |                  |                     |
#          ul0 10.0.0.1       dnsup 10.0.0.53        ul0 10.0.0.2
#   +---------- hv1 (ovxd) --------+        +------- hv2 (ovxd) -------+
#   | r1: blue .1/24 fd00:1::1/64  |        | r1: the same             |
#   |     green .1/24              |        |                          |
#   |  blue  v1 web1 10.1.0.11     |        |  blue  v3 web2 10.1.0.12 |
#   |  blue  v6 web6 (SLAAC only)  |        |                          |
#   |  green v2 db1  10.2.0.21     |        |                          |
#   |  solo  s1 web1 10.1.0.11     |        |                          |
#   |        (service 10.1.0.2)    |        |                          |
#   +------------------------------+        +--------------------------+
#
# blue (vni 100) and green (vni 200) share the router r1; solo (vni 300)
# has the same subnet as blue, no router, and its own service address.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
OVXD=${OVXD:-$OVX_TOP/cli/ovxd}
ovx_mod_check
require_cmd ip jq ping python3 dig dnsmasq dhclient busybox unshare

# shellcheck disable=SC2034
ul="" hv1="" hv2="" dnsup="" v1="" v2="" v3="" v6="" s1=""
V1=02:00:00:01:00:11
V3=02:00:00:01:00:12
V6=02:00:00:01:00:66
V2=02:00:00:02:00:21
S1=02:00:00:03:00:11
MTU=1450	# VXLAN over IPv4 on a 1500-byte underlay

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

# ovxd_start HV: ovxd in the foreground of HV's namespace, logging to a
# file; its PID in $tmp/ovxd.HV.pid.
ovxd_start() {
	local n
	n=$(grep -c 'ovxd: ready' "$tmp/ovxd.$1.log" 2>/dev/null)
	ip netns exec "$1" "$OVXD" -f -v >>"$tmp/ovxd.$1.log" 2>&1 &
	echo $! >"$tmp/ovxd.$1.pid"
	# Ready once it has read the topology and registered.
	busywait 15000 sh -c "[ \$(grep -c 'ovxd: ready' '$tmp/ovxd.$1.log') -gt ${n:-0} ]"
}

ovxd_stop() {
	local pid
	pid=$(cat "$tmp/ovxd.$1.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$tmp/ovxd.$1.pid"
}

ovxd_alive() {
	kill -0 "$(cat "$tmp/ovxd.$1.pid")" 2>/dev/null
}

cleanup_ovxd() {
	ovxd_stop "$hv1"
	ovxd_stop "$hv2"
	[ -f "$tmp/dnsmasq.pid" ] && kill "$(cat "$tmp/dnsmasq.pid")" 2>/dev/null
	local f
	for f in "$tmp"/*.udhcpc.pid "$tmp"/dhclient.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	# What ovxd said, when something failed.
	if [ -n "${OVX_DEBUG:-}" ] || [ "${__ktap_fail:-0}" -gt 0 ]; then
		for f in "$tmp"/ovxd.*.log; do
			[ -f "$f" ] && tail -n 30 "$f" | sed 's/^/# /'
		done
	fi
	return 0
}
defer cleanup_ovxd

# The client scripts: record what the server gave, then configure eth0 as
# a distribution's script would.
cat >"$tmp/udhcpc.sh" <<'EOF'
#!/bin/sh
case "$1" in
bound|renew)
	env | grep -E '^(ip|mask|router|dns|domain|search|mtu|lease|serverid|staticroutes)=' \
		>"$OUT.$1.tmp" && mv "$OUT.$1.tmp" "$OUT.$1"
	ip addr flush dev "$interface"
	ip addr add "$ip/$mask" dev "$interface"
	[ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
	set -- $staticroutes
	while [ $# -ge 2 ]; do
		ip route replace "$1" via "$2" dev "$interface"
		shift 2
	done
	[ -n "$router" ] && ip route replace default via "${router%% *}"
	: >"$OUT.resolv"
	[ -n "$domain" ] && echo "search $domain" >>"$OUT.resolv"
	for d in $dns; do echo "nameserver $d" >>"$OUT.resolv"; done
	;;
esac
exit 0
EOF
cat >"$tmp/dhclient.sh" <<'EOF'
#!/bin/sh
case "$reason" in
BOUND|RENEW|REBOOT)
	env | grep -E '^new_' >"@OUT@.$reason"
	ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface"
	[ -n "$new_interface_mtu" ] && ip link set "$interface" mtu "$new_interface_mtu"
	set -- $new_rfc3442_classless_static_routes
	while [ $# -ge 5 ]; do
		len=$1
		case $len in
		0) dst=0.0.0.0; shift 1 ;;
		[1-8]) dst=$2.0.0.0; shift 2 ;;
		9|1[0-6]) dst=$2.$3.0.0; shift 3 ;;
		1[7-9]|2[0-4]) dst=$2.$3.$4.0; shift 4 ;;
		*) dst=$2.$3.$4.$5; shift 5 ;;
		esac
		ip route replace "$dst/$len" via "$1.$2.$3.$4" dev "$interface"
		shift 4
	done
	;;
esac
exit 0
EOF
chmod +x "$tmp/udhcpc.sh" "$tmp/dhclient.sh"

setup() {
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	topo_hv hv2 "$ul" 10.0.0.2 || return 1
	topo_host dnsup "$ul" 10.0.0.53 || return 1
	# VMs without any address: their eth0 is only up.
	topo_vm v1 "$hv1" v1 $V1 || return 1
	topo_vm v2 "$hv1" v2 $V2 || return 1
	topo_vm v6 "$hv1" v6 $V6 || return 1
	topo_vm s1 "$hv1" s1 $S1 || return 1
	topo_vm v3 "$hv2" v3 $V3 || return 1
	# The upstream resolver: names of ext.example, nothing else.
	ip netns exec "$dnsup" dnsmasq --no-resolv --no-hosts \
		--listen-address=10.0.0.53 --bind-interfaces --port=53 \
		--address=/www.ext.example/192.0.2.80 --log-queries \
		--log-facility="$tmp/dnsmasq.log" --pid-file="$tmp/dnsmasq.pid" \
		--cache-size=0 --local-ttl=300 || return 1

	ovx_batch_quiet "$hv1" <<-EOF || return 1
		switch set ovx0 dns-upstream 10.0.0.53
		net add blue vni 100 dhcp on dns on lease 3600
		net add green vni 200 dhcp on dns on
		net add solo vni 300 dhcp on dns on service 10.1.0.2/24
		port add dev v1 net blue mac $V1 ip 10.1.0.11 name web1
		port add dev v6 net blue mac $V6 name web6
		port add dev v2 net green mac $V2 ip 10.2.0.21 name db1
		port add dev s1 net solo mac $S1 ip 10.1.0.11 name web1
		peer add 10.0.0.2 net blue net green
		neigh add 10.1.0.12 lladdr $V3 net blue peer 10.0.0.2 name web2
		router add r1
		router attach r1 net blue ip 10.1.0.1/24 ip fd00:1::1/64
		router attach r1 net green ip 10.2.0.1/24
	EOF
	ovx_batch_quiet "$hv2" <<-EOF || return 1
		switch set ovx0 dns-upstream 10.0.0.53
		net add blue vni 100 dhcp on dns on
		net add green vni 200
		port add dev v3 net blue mac $V3 ip 10.1.0.12 name web2
		peer add 10.0.0.1 net blue net green
		neigh add 10.1.0.11 lladdr $V1 net blue peer 10.0.0.1 name web1
		neigh add 10.2.0.21 lladdr $V2 net green peer 10.0.0.1 name db1
		router add r1
		router attach r1 net blue ip 10.1.0.1/24 ip fd00:1::1/64
		router attach r1 net green ip 10.2.0.1/24
	EOF
	ovxd_start "$hv1" || return 1
	ovxd_start "$hv2"
}

# udhcpc_run VM: one lease, recorded in $tmp/VM.bound.
udhcpc_run() {
	OUT=$tmp/$1 ip netns exec "$1" busybox udhcpc -i eth0 -n -q -t 5 -T 2 \
		-O mtu -O staticroutes -O search -s "$tmp/udhcpc.sh" >/dev/null 2>&1
}

# want FILE KEY VALUE: FILE has the line KEY=VALUE (or 'KEY=VALUE').
want() {
	grep -qE "^$2='?$3'?\$" "$1" || {
		echo "expected $2=$3 in $(basename "$1"):"
		cat "$1"
		return 1
	}
}

check_udhcpc() {
	local f=$tmp/$v1.bound
	udhcpc_run "$v1" || { echo "udhcpc got no lease"; return 1; }
	want "$f" ip 10.1.0.11 && want "$f" mask 24 &&
		want "$f" router 10.1.0.1 && want "$f" mtu $MTU &&
		want "$f" dns 10.1.0.1 && want "$f" domain blue.internal &&
		want "$f" serverid 10.1.0.1 || return 1
	grep -q '^staticroutes=.*10.2.0.0/24 10.1.0.1' "$f" || {
		echo "no classless route to green:"; cat "$f"; return 1; }
	[ "$(ipn "$v1" -j link show eth0 | jq '.[0].mtu')" = $MTU ] || {
		echo "eth0's MTU is not $MTU"; return 1; }
}

check_leases() {
	check_udhcpc || return 1
	udhcpc_run "$v3" || { echo "no lease for v3 on hv2"; return 1; }
	udhcpc_run "$v2" || { echo "no lease for v2 in green"; return 1; }
	want "$tmp/$v3.bound" ip 10.1.0.12 && want "$tmp/$v2.bound" ip 10.2.0.21
}

check_dhclient() {
	local f=$tmp/$v2.BOUND
	# dhclient gives its script an environment of its own: the path is
	# written into the script.
	sed "s|@OUT@|$tmp/$v2|" "$tmp/dhclient.sh" >"$tmp/dhclient-v2.sh" &&
		chmod +x "$tmp/dhclient-v2.sh" || return 1
	timeout 60 ip netns exec "$v2" dhclient -1 -sf "$tmp/dhclient-v2.sh" \
		-lf "$tmp/dhclient.leases" -pf "$tmp/dhclient.pid" eth0 \
		>/dev/null 2>&1 || { echo "dhclient got no lease"; return 1; }
	want "$f" new_ip_address 10.2.0.21 && want "$f" new_routers 10.2.0.1 &&
		want "$f" new_interface_mtu $MTU &&
		want "$f" new_domain_name green.internal &&
		want "$f" new_domain_name_servers 10.2.0.1 || return 1
	grep -q '^new_rfc3442_classless_static_routes=.*24 10 1 0 10 2 0 1' "$f" || {
		echo "no classless route to blue:"; cat "$f"; return 1; }
	[ "$(ipn "$v2" -j link show eth0 | jq '.[0].mtu')" = $MTU ]
}

check_slaac() {
	local out
	ip netns exec "$v6" sh -c '
		sysctl -qw net.ipv6.conf.eth0.accept_ra=2 net.ipv6.conf.eth0.autoconf=1
		ip link set eth0 down
		ip link set eth0 addrgenmode eui64
		ip link set eth0 up' || return 1
	# The EUI-64 of 02:00:00:01:00:66 in fd00:1::/64.
	busywait 15000 sh -c "ip -n $v6 -6 addr show dev eth0 scope global |
		grep -v tentative | grep -q 'fd00:1::ff:fe01:66/64'" || {
		echo "no SLAAC address:"; ipn "$v6" -6 addr show dev eth0; return 1; }
	out=$(ipn "$v6" -6 route show default)
	[[ $out == *"via fe80::"* ]] || {
		echo "no default route from the RA: $out"; return 1; }
	[ "$(ip netns exec "$v6" cat /proc/sys/net/ipv6/conf/eth0/mtu)" = $MTU ] || {
		echo "the RA's MTU was not applied"; return 1; }
	# ovxd bound the address, so that routing and ND find the guest.
	ovx_n "$hv1" -j neigh show net blue |
		jq -e 'any(.[]; .addr == "fd00:1::ff:fe01:66")' >/dev/null || {
		echo "the SLAAC address is not a binding"; return 1; }
}

pings() {
	# v3 gets its lease from hv2's ovxd.
	udhcpc_run "$v3" || { echo "no lease for v3 on hv2"; return 1; }
	want "$tmp/$v3.bound" ip 10.1.0.12 || return 1
	ip netns exec "$v1" ping -c 1 -w 5 10.1.0.12 >/dev/null &&	# across hosts
		ip netns exec "$v2" ping -c 1 -w 5 10.1.0.11 >/dev/null &&	# across subnets
		ip netns exec "$v6" ping -6 -c 1 -w 5 fd00:1::1 >/dev/null
}

dig_short() { # VM SERVER ARGS...
	local vm=$1 server=$2
	shift 2
	ip netns exec "$vm" dig +short +time=2 +tries=2 @"$server" "$@"
}

expect() { # WANT GOT
	[ "$1" = "$2" ] || { echo "expected '$1', got '$2'"; return 1; }
}

check_dns_local() {
	expect 10.1.0.12 "$(dig_short "$v1" 10.1.0.1 web2.blue.internal A)" &&
		expect fd00:1::ff:fe01:66 "$(dig_short "$v1" 10.1.0.1 web6.blue.internal AAAA)" &&
		expect web2.blue.internal. "$(dig_short "$v1" 10.1.0.1 -x 10.1.0.12)" &&
		expect 10.2.0.21 "$(dig_short "$v1" 10.1.0.1 DB1.Green.Internal A)" &&
		expect web6.blue.internal. "$(dig_short "$v1" 10.1.0.1 -x fd00:1::ff:fe01:66)" &&
		expect 10.1.0.11 "$(dig_short "$v6" fd00:1::1 web1.blue.internal A)" || return 1
	local st
	st=$(ip netns exec "$v1" dig +time=2 @10.1.0.1 nope.blue.internal A | grep -o 'status: [A-Z]*')
	expect "status: NXDOMAIN" "$st"
}

check_getent() {
	# Through the resolver DHCP gave (resolv.conf in a mount namespace).
	local out
	out=$(ip netns exec "$v1" unshare -m sh -c "
		mount --bind $tmp/$v1.resolv /etc/resolv.conf &&
		getent hosts web2") || { echo "getent failed"; return 1; }
	[[ $out == "10.1.0.12"*"web2.blue.internal"* ]] || {
		echo "getent: $out"; return 1; }
}

upstream_queries() {
	grep -c 'query\[A\] www.ext.example' "$tmp/dnsmasq.log" 2>/dev/null || true
}

check_forward_cache() {
	local before after hits
	expect 192.0.2.80 "$(dig_short "$v1" 10.1.0.1 www.ext.example A)" || return 1
	before=$(upstream_queries)
	[ "$before" -ge 1 ] || { echo "the upstream saw no query"; return 1; }
	expect 192.0.2.80 "$(dig_short "$v1" 10.1.0.1 www.ext.example A)" || return 1
	after=$(upstream_queries)
	expect "$before" "$after" || { echo "(the second answer was not cached)"; return 1; }
	hits=$(ovx_n "$hv1" -j service show net blue | jq '.[0].cache_hits')
	[ "$hits" -ge 1 ] || { echo "cache_hits $hits"; return 1; }
}

check_same_subnet() {
	local f=$tmp/$s1.bound
	udhcpc_run "$s1" || { echo "udhcpc in solo got no lease"; return 1; }
	want "$f" ip 10.1.0.11 && want "$f" serverid 10.1.0.2 &&
		want "$f" dns 10.1.0.2 && want "$f" domain solo.internal || return 1
	grep -q '^router=' "$f" && { echo "a router without one attached"; return 1; }
	expect 10.1.0.11 "$(dig_short "$s1" 10.1.0.2 web1.solo.internal A)" &&
		expect "" "$(dig_short "$s1" 10.1.0.2 web2.blue.internal A)"
}

check_net_show() {
	ovx_n "$hv1" -j net show blue | jq -e '(if type == "array" then .[0] else . end) |
		.dhcp == true and .dns == true and .domain == "blue.internal" and
		.lease == 3600' >/dev/null &&
	ovx_n "$hv1" -j net show solo | jq -e '(if type == "array" then .[0] else . end) |
		.service == ["10.1.0.2/24"]' >/dev/null
}

check_ratelimit() {
	local before after lease
	ovx_n "$hv1" switch set ovx0 service-rate 10 service-burst 10 || return 1
	before=$(ovx_n "$hv1" -j -s port show dev v1 | jq '.[0].service_stats.ratelimited // 0')
	ip netns exec "$v1" python3 "$here/svc_send.py" dhcp-flood eth0 300 >/dev/null &
	local flood=$!
	# Another guest still gets its lease meanwhile.
	udhcpc_run "$s1"
	lease=$?
	wait $flood
	after=$(ovx_n "$hv1" -j -s port show dev v1 | jq '.[0].service_stats.ratelimited // 0')
	ovx_n "$hv1" switch set ovx0 service-rate 100 service-burst 200
	[ $lease -eq 0 ] || { echo "no lease during the flood"; return 1; }
	[ "$after" -ge $((before + 200)) ] || {
		echo "ratelimited $before -> $after"; return 1; }
}

check_fuzz() {
	local sent
	ovx_n "$hv1" switch set ovx0 service-rate 1000000 service-burst 1000000 || return 1
	sent=$(ip netns exec "$v1" python3 "$here/svc_send.py" fuzz eth0 10000 7 \
		10.1.0.1 "$(ovx_n "$hv1" -j router show r1 | jq -r '.[0].mac')")
	ovx_n "$hv1" switch set ovx0 service-rate 100 service-burst 200
	[ "${sent:-0}" -ge 9000 ] || { echo "sent only $sent"; return 1; }
	sleep 1
	ovxd_alive "$hv1" || { echo "ovxd died"; return 1; }
	expect 10.1.0.12 "$(dig_short "$v1" 10.1.0.1 web2.blue.internal A)" || return 1
	ovx_n "$hv1" -j service show net blue | jq -e '.[0].malformed > 0' >/dev/null || {
		echo "no malformed counted"; return 1; }
}

check_restart_renew() {
	local pidf=$tmp/$v1.udhcpc.pid
	rm -f "$tmp/$v1.renew" "$tmp/$v1.bound"
	ovx_n "$hv1" net set blue lease 20 || return 1
	# A client that stays, renewing at half the lease.
	OUT=$tmp/$v1 ip netns exec "$v1" busybox udhcpc -i eth0 -t 5 -T 2 -p "$pidf" \
		-O mtu -O staticroutes -s "$tmp/udhcpc.sh" >/dev/null 2>&1 &
	busywait 20000 test -f "$tmp/$v1.bound" || return 1
	rm -f "$tmp/$v1.renew"
	ovxd_stop "$hv1"
	# Killed: forwarding and routing go on.
	ip netns exec "$v1" ping -c 1 -w 5 10.1.0.12 >/dev/null || {
		echo "no forwarding without ovxd"; return 1; }
	ip netns exec "$v2" ping -c 1 -w 5 10.1.0.11 >/dev/null || {
		echo "no routing without ovxd"; return 1; }
	sleep 3
	ovxd_start "$hv1" || { echo "ovxd did not restart"; return 1; }
	busywait 40000 test -f "$tmp/$v1.renew" || {
		echo "no renewal after the restart"; return 1; }
	want "$tmp/$v1.renew" ip 10.1.0.11
	kill "$(cat "$pidf")" 2>/dev/null
	ovx_n "$hv1" net set blue lease 3600
}

check_no_listener() {
	# Without ovxd, DHCP is switched as before: nobody answers on hv2's
	# blue, and the frame goes out to the peer like any broadcast.
	local before after
	ovxd_stop "$hv2"
	before=$(ovx_n "$hv2" -j -s port show dev v3 | jq '.[0].service_stats.upcalls // 0')
	OUT=$tmp/$v3.none ip netns exec "$v3" busybox udhcpc -i eth0 -n -q -t 2 -T 1 \
		-s "$tmp/udhcpc.sh" >/dev/null 2>&1 && { echo "a lease without ovxd"; return 1; }
	after=$(ovx_n "$hv2" -j -s port show dev v3 | jq '.[0].service_stats.upcalls // 0')
	expect "$before" "$after" || return 1
	ovxd_start "$hv2" && udhcpc_run "$v3" && want "$tmp/$v3.bound" ip 10.1.0.12
}

ktap_print_header
if ! setup; then
	ktap_set_plan 1
	ktap_exit_fail_msg "setup failed"
fi

# services_stress.sh sources this file for the same topology and runs the
# second half (each half within the harness's time per test).
if [ "${SERVICES_PART:-1}" = 1 ]; then
	ktap_set_plan 9
	ktap_test_result "udhcpc gets address, router, MTU, DNS, domain and classless routes" check_udhcpc
	ktap_test_result "ISC dhclient gets its lease, MTU and classless routes in another network" check_dhclient
	ktap_test_result "an IPv6-only guest autoconfigures from RAs (address, route, MTU) and is bound" check_slaac
	ktap_test_result "DHCP-configured guests reach each other across hosts and subnets" pings
	ktap_test_result "A, AAAA, PTR and NXDOMAIN for port names, across the shared router" check_dns_local
	ktap_test_result "getent resolves through the resolver DHCP gave" check_getent
	ktap_test_result "other names are forwarded upstream and the answer cached" check_forward_cache
	ktap_test_result "two networks with the same subnet get separate answers" check_same_subnet
	ktap_test_result "net show reports the service settings" check_net_show
else
	ktap_set_plan 5
	ktap_test_result "udhcpc gets leases on both hosts and subnets (the guests the next checks use)" \
		check_leases
	ktap_test_result "a guest flooding DHCP is rate limited while another gets its lease" check_ratelimit
	ktap_test_result "10000 malformed DHCP and DNS requests leave ovxd answering" check_fuzz
	ktap_test_result "renewals succeed across an ovxd restart; forwarding goes on without it" check_restart_renew
	ktap_test_result "without ovxd, DHCP is switched and unanswered; with it, answered" check_no_listener
fi

ktap_finished
