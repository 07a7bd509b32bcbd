#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Routing at the source hypervisor.  Two hypervisors, the same router r1
# on each (same name, so the same MAC: an anycast gateway) with an
# interface in web and one in db, both families; every guest's address is
# bound on every host.
#
#                  +------------- ul: br0 --------------+
#                  |                                    |
#           ul0 10.0.0.1                         ul0 10.0.0.2
#   +---------- hv1 -----------+          +---------- hv2 -----------+
#   | ovx0  r1: web .1  db .1  |          | ovx0  r1: web .1  db .1  |
#   |           ext .1 (hv1)   |          |           ext .1         |
#   |   web  w1 10.1.0.11      |          |   web  w2 10.1.0.12      |
#   |   db   d1 10.2.0.11      |          |   db   d2 10.2.0.12      |
#   |   ext  gw 10.3.0.254 ----+-> inet   |   db   app 10.2.0.50     |
#   |   r2: red x1 10.1.0.11   |          |        (routes 10.9/24)  |
#   |       green g1 10.2.0.11 |          |                          |
#   +--------------------------+          +--------------------------+
#
# web 10.1.0.0/24 fd00:1::/64 (vni 100), db 10.2.0.0/24 fd00:2::/64 (vni
# 200), ext 10.3.0.0/24 (vni 300) whose port gw is a namespace that
# masquerades to inet (192.0.2.2), the default route of r1.  app is a
# guest with ip_forward, the next hop of 10.9.0.0/24.  r2 on hv1 routes
# red and green, with the same prefixes as web and db.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
ovx_mod_check
require_cmd ip jq ping python3 tcpdump nft tracepath

# shellcheck disable=SC2034
ul="" hv1="" hv2="" w1="" w2="" d1="" d2="" app="" gw="" inet="" x1="" g1=""
nat=1 nat_err=""
W1=02:00:00:01:00:11
W2=02:00:00:01:00:12
D1=02:00:00:02:00:11
D2=02:00:00:02:00:12
APP=02:00:00:02:00:50
GW=02:00:00:03:00:fe
X1=02:00:00:04:00:11
G1=02:00:00:05:00:11

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

vm_routes() { # VM GW4 [GW6]
	ipn "$1" route add default via "$2" || return 1
	[ -z "${3:-}" ] || ipn "$1" -6 route add default via "$3"
}

setup() {
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	topo_hv hv2 "$ul" 10.0.0.2 || return 1
	topo_vm w1 "$hv1" w1 $W1 10.1.0.11/24 fd00:1::11/64 || return 1
	topo_vm d1 "$hv1" d1 $D1 10.2.0.11/24 fd00:2::11/64 || return 1
	topo_vm w2 "$hv2" w2 $W2 10.1.0.12/24 fd00:1::12/64 || return 1
	topo_vm d2 "$hv2" d2 $D2 10.2.0.12/24 fd00:2::12/64 || return 1
	topo_vm app "$hv2" app $APP 10.2.0.50/24 || return 1
	topo_vm gw "$hv1" gw $GW 10.3.0.254/24 || return 1
	topo_vm x1 "$hv1" x1 $X1 10.1.0.11/24 || return 1
	topo_vm g1 "$hv1" g1 $G1 10.2.0.11/24 || return 1
	vm_routes "$w1" 10.1.0.1 fd00:1::1 && vm_routes "$w2" 10.1.0.1 fd00:1::1 &&
		vm_routes "$d1" 10.2.0.1 fd00:2::1 && vm_routes "$d2" 10.2.0.1 fd00:2::1 &&
		vm_routes "$app" 10.2.0.1 && vm_routes "$x1" 10.1.0.1 &&
		vm_routes "$g1" 10.2.0.1 || return 1
	# The appliance: 10.9.0.0/24 behind it, forwarding on.
	ip_batch "$app" <<-EOF || return 1
		link add dummy9 type dummy
		addr add 10.9.0.1/24 dev dummy9
		link set dummy9 up
	EOF
	ip netns exec "$app" sysctl -qw net.ipv4.ip_forward=1 || return 1
	# The outside world: gw masquerades what comes from the overlay.
	setup_ns inet || return 1
	ipn "$gw" link add up0 type veth peer up1 netns "$inet" &&
		ip_batch "$gw" <<-EOF &&
			addr add 192.0.2.1/24 dev up0
			link set up0 up
			route add 10.0.0.0/8 via 10.3.0.1
		EOF
		ip_batch "$inet" <<-EOF || return 1
			addr add 192.0.2.2/24 dev up1
			link set up1 up
		EOF
	ip netns exec "$gw" sysctl -qw net.ipv4.ip_forward=1 || return 1
	# A kernel without nftables' NAT (an older debug kernel's config)
	# skips the outside world's checks, not the rest.
	if ! nat_err=$(ip netns exec "$gw" nft -f - 2>&1 <<-EOF
			table ip nat {
				chain post {
					type nat hook postrouting priority srcnat;
					oifname "up0" masquerade
				}
			}
		EOF
	); then
		nat=""
		ktap_print_msg "no nftables masquerade in this kernel: $nat_err"
	fi

	ovx_batch_quiet "$hv1" <<-EOF || return 1
		net add web vni 100
		net add db vni 200
		net add ext vni 300
		net add red vni 400
		net add green vni 500
		port add dev w1 net web mac $W1 ip 10.1.0.11 ip fd00:1::11
		port add dev d1 net db mac $D1 ip 10.2.0.11 ip fd00:2::11
		port add dev gw net ext mac $GW ip 10.3.0.254
		port add dev x1 net red mac $X1 ip 10.1.0.11
		port add dev g1 net green mac $G1 ip 10.2.0.11
		peer add 10.0.0.2 net web net db net ext
		neigh add 10.1.0.12 lladdr $W2 net web peer 10.0.0.2
		neigh add fd00:1::12 lladdr $W2 net web peer 10.0.0.2
		neigh add 10.2.0.12 lladdr $D2 net db peer 10.0.0.2
		neigh add fd00:2::12 lladdr $D2 net db peer 10.0.0.2
		neigh add 10.2.0.50 lladdr $APP net db peer 10.0.0.2
		router add r1
		router attach r1 net web ip 10.1.0.1/24 ip fd00:1::1/64
		router attach r1 net db ip 10.2.0.1/24 ip fd00:2::1/64
		router attach r1 net ext ip 10.3.0.1/24
		route add 10.9.0.0/24 via 10.2.0.50 router r1
		route add 0.0.0.0/0 via 10.3.0.254 router r1
		router add r2
		router attach r2 net red ip 10.1.0.1/24
		router attach r2 net green ip 10.2.0.1/24
	EOF
	ovx_batch_quiet "$hv2" <<-EOF || return 1
		net add web vni 100
		net add db vni 200
		net add ext vni 300
		port add dev w2 net web mac $W2 ip 10.1.0.12 ip fd00:1::12
		port add dev d2 net db mac $D2 ip 10.2.0.12 ip fd00:2::12
		port add dev app net db mac $APP ip 10.2.0.50
		peer add 10.0.0.1 net web net db net ext
		neigh add 10.1.0.11 lladdr $W1 net web peer 10.0.0.1
		neigh add fd00:1::11 lladdr $W1 net web peer 10.0.0.1
		neigh add 10.2.0.11 lladdr $D1 net db peer 10.0.0.1
		neigh add fd00:2::11 lladdr $D1 net db peer 10.0.0.1
		neigh add 10.3.0.254 lladdr $GW net ext peer 10.0.0.1
		router add r1
		router attach r1 net web ip 10.1.0.1/24 ip fd00:1::1/64
		router attach r1 net db ip 10.2.0.1/24 ip fd00:2::1/64
		router attach r1 net ext ip 10.3.0.1/24
		route add 10.9.0.0/24 via 10.2.0.50 router r1
		route add 0.0.0.0/0 via 10.3.0.254 router r1
	EOF
}

# ping_out VM ARGS...: the output of one ping (3 s at most).
ping_out() {
	local vm=$1
	shift
	ip netns exec "$vm" ping -n -c 1 -w 3 "$@" 2>&1
}

# reply_ttl VM ADDR WANT: one echo reply whose TTL (hop limit) is WANT.
reply_ttl() {
	local out
	out=$(ping_out "$1" "$2")
	[[ $out == *" ttl=$3 "* ]] || {
		echo "expected ttl=$3 from $2:"
		echo "$out"
		return 1
	}
}

# ping_says VM TEXT ARGS...: ping's output holds TEXT.
ping_says() {
	local vm=$1 text=$2 out
	shift 2
	out=$(ping_out "$vm" "$@")
	[[ $out == *"$text"* ]] || {
		echo "expected \"$text\":"
		echo "$out"
		return 1
	}
}

# rdrop ROUTER NAME [NS]: that drop counter of the router (hv1's default).
rdrop() {
	ovx_n "${3:-$hv1}" -s -j router show "$1" |
		jq -e "(if type == \"array\" then .[0] else . end).stats.$2"
}

grew() { # DESC BEFORE NOW
	[ "$3" -gt "$2" ] || {
		echo "$1 did not grow: $2 -> $3"
		return 1
	}
}

tcp_across() { # SRC_VM DST_VM ADDR
	local pid sent got
	ip netns exec "$2" python3 "$here/tcp_xfer.py" recv "$3" 5001 >"$tmp/recv" 2>&1 &
	pid=$!
	busywait 30000 grep -q ready "$tmp/recv" || { kill "$pid"; cat "$tmp/recv"; return 1; }
	sent=$(ip netns exec "$1" timeout 60 python3 "$here/tcp_xfer.py" send "$3" 5001 1000000)
	timeout 30 tail --pid="$pid" -f /dev/null
	got=$(tail -n 1 "$tmp/recv")
	[ -n "$sent" ] && [ "$sent" = "$got" ] || {
		echo "sent \"$sent\", received \"$got\""
		return 1
	}
}

# rstate: hv1's routers (without counters) and routes.
rstate() {
	ovx_n "$hv1" -j router show
	ovx_n "$hv1" -j route show
	ovx_n "$hv1" -j net show | jq -c 'map(.name)'
}

# rejected WHY CMD...: "ovx -n hv1 CMD" fails, says WHY, changes nothing.
rejected() {
	local why=$1 before after err
	shift
	before=$(rstate)
	if err=$(ovx_n "$hv1" "$@" 2>&1); then
		echo "ovx $* succeeded"
		return 1
	fi
	[[ $err == *$why* ]] || {
		echo "ovx $*: \"$err\" does not say \"$why\""
		return 1
	}
	after=$(rstate)
	[ "$before" = "$after" ] || {
		echo "ovx $* changed the state:"
		diff <(echo "$before") <(echo "$after")
		return 1
	}
}

ktap_print_header
ktap_set_plan 52
kmsg_mark router start
setup || ktap_exit_fail_msg "cannot set up the hypervisors, the VMs and the routers"

# --- what was configured shows -----------------------------------------------

mac1=$(ovx_n "$hv1" -j router show r1 | jq -r '(if type == "array" then .[0] else . end).mac')
mac2=$(ovx_n "$hv2" -j router show r1 | jq -r '(if type == "array" then .[0] else . end).mac')
same_mac() {
	[ -n "$mac1" ] && [ "$mac1" = "$mac2" ] && [ "$mac1" != null ] || {
		echo "r1's MAC: \"$mac1\" on hv1, \"$mac2\" on hv2"
		return 1
	}
}
ktap_test_result "r1 has the same MAC on both hosts (derived from its name)" same_mac
rmac=$mac1
ktap_test_result "router show: name, switch, mac and interfaces with their addresses" \
	json_check "$hv1" "(if type == \"array\" then .[0] else . end) |
		.name == \"r1\" and .switch == \"ovx0\" and .mac == \"$mac1\" and
		(.interfaces | length) == 3 and
		(.interfaces[] | select(.net == \"web\") | .addresses | sort) ==
			[\"10.1.0.1/24\", \"fd00:1::1/64\"]" \
	-j router show r1
ktap_test_result "route show: the static routes with prefix, via and router" \
	json_check "$hv1" "length == 2 and
		any(.[]; .prefix == \"10.9.0.0/24\" and .via == \"10.2.0.50\" and .router == \"r1\") and
		any(.[]; .prefix == \"0.0.0.0/0\" and .via == \"10.3.0.254\")" \
	-j route show router r1

# --- routed traffic ------------------------------------------------------------

ktap_test_result "w1 pings its gateway 10.1.0.1" vm_ping "$w1" 10.1.0.1
ktap_test_result "w1 pings its gateway fd00:1::1" vm_ping "$w1" fd00:1::1
ktap_test_result "w1 pings the db gateway 10.2.0.1 (another address of r1)" vm_ping "$w1" 10.2.0.1
ktap_test_result "w1 -> d1, same host, IPv4: one routing hop (ttl 63)" reply_ttl "$w1" 10.2.0.11 63
ktap_test_result "w1 -> d1, same host, IPv6: one routing hop" reply_ttl "$w1" fd00:2::11 63
ktap_test_result "w1 -> d2, across hosts, IPv4: one routing hop" reply_ttl "$w1" 10.2.0.12 63
ktap_test_result "w1 -> d2, across hosts, IPv6: one routing hop" reply_ttl "$w1" fd00:2::12 63
ktap_test_result "d2 -> w1 and w2 -> d1, across hosts" \
	eval 'vm_ping "$d2" 10.1.0.11 && vm_ping "$w2" fd00:2::11'
ktap_test_result "TCP w1 -> d2 across hosts (IPv4), bytes checked" tcp_across "$w1" "$d2" 10.2.0.12
ktap_test_result "TCP d1 -> w2 across hosts (IPv6), bytes checked" tcp_across "$d1" "$w2" fd00:1::12
trace_gw() {
	local out
	out=$(ip netns exec "$w1" tracepath -n -m 3 10.2.0.12 2>&1)
	[[ $out == *" 1: "*"10.1.0.1 "* ]] || { echo "$out"; return 1; }
}
ktap_test_result "tracepath from w1 to d2 shows the gateway as the first hop" trace_gw

# --- a next hop that is a VM, and the outside world ---------------------------

ktap_test_result "w1 reaches 10.9.0.1 behind the appliance (static route via 10.2.0.50)" \
	vm_ping "$w1" 10.9.0.1
if [ -n "$nat" ]; then
	ktap_test_result "w1 reaches the outside (192.0.2.2) through the default route and gw's NAT" \
		vm_ping "$w1" 192.0.2.2
	ktap_test_result "d2 (on hv2) reaches the outside too" vm_ping "$d2" 192.0.2.2
else
	ktap_test_skip "no nftables masquerade in this kernel" \
		"w1 reaches the outside (192.0.2.2) through the default route and gw's NAT"
	ktap_test_skip "no nftables masquerade in this kernel" "d2 (on hv2) reaches the outside too"
fi

# --- two routers, the same prefixes -----------------------------------------------

cap_d1() {
	ip netns exec "$d1" tcpdump -n -i eth0 -w "$tmp/d1.pcap" icmp 2>"$tmp/d1.err" &
	cap=$!
	defer kill "$cap"
	busywait 20000 grep -q 'listening on' "$tmp/d1.err"
}
isolated() {
	vm_ping "$x1" 10.2.0.11 || { echo "x1 (red) did not reach g1 through r2"; return 1; }
	sleep 1
	kill "$cap"
	wait "$cap" 2>/dev/null
	[ "$(tcpdump -n -r "$tmp/d1.pcap" 2>/dev/null | grep -c 'echo request')" = 0 ] || {
		echo "d1 (db, r1) saw x1's echo requests:"
		tcpdump -n -r "$tmp/d1.pcap" 2>/dev/null
		return 1
	}
}
cap_d1
ktap_test_result "r2 routes red to green (10.2.0.11 is g1 there), never to r1's db (d1 saw nothing)" isolated
ktap_test_result "the same frame through r2 and r1: each answers from its own gateway (same addresses)" \
	eval 'vm_ping "$x1" 10.1.0.1 && vm_ping "$w1" 10.1.0.1'

# --- ICMP errors ------------------------------------------------------------------

before=$(rdrop r1 ttl_exceeded)
ktap_test_result "TTL 1 through the router: time exceeded from the gateway 10.1.0.1" \
	ping_says "$w1" "From 10.1.0.1 icmp_seq=1 Time to live exceeded" -t 1 10.2.0.12
ktap_test_result "and r1 counted it (ttl_exceeded)" grew ttl_exceeded "$before" "$(rdrop r1 ttl_exceeded)"
ktap_test_result "hop limit 1 (IPv6): time exceeded from fd00:1::1" \
	ping_says "$w1" "From fd00:1::1 icmp_seq=1 Time exceeded: Hop limit" -t 1 fd00:2::12
before=$(rdrop r1 no_route)
ovx_n "$hv1" route del 0.0.0.0/0 router r1
ktap_test_result "no route: network unreachable from the gateway" \
	ping_says "$w1" "From 10.1.0.1 icmp_seq=1 Destination Net Unreachable" 198.51.100.7
ktap_test_result "and r1 counted it (no_route)" grew no_route "$before" "$(rdrop r1 no_route)"
ktap_test_result "no route (IPv6): unreachable, no route" \
	ping_says "$w1" "From fd00:1::1 icmp_seq=1 Destination unreachable: No route" fd00:99::1
ovx_n "$hv1" route add 0.0.0.0/0 via 10.3.0.254 router r1

ip netns exec "$hv1" "$OVX" -j monitor neigh >"$tmp/events" 2>&1 &
monitor=$!
defer kill "$monitor"
sleep 2
ktap_test_result "no binding for 10.2.0.99: host unreachable" \
	ping_says "$w1" "From 10.1.0.1 icmp_seq=1 Destination Host Unreachable" 10.2.0.99
ktap_test_result "no binding for fd00:2::99: address unreachable" \
	ping_says "$w1" "From fd00:1::1 icmp_seq=1 Destination unreachable: Address unreachable" fd00:2::99
sleep 1
kill "$monitor"
wait "$monitor" 2>/dev/null
saw_miss() {
	grep -q 'miss' "$tmp/events" && grep -q '10.2.0.99' "$tmp/events" &&
		grep -q 'fd00:2::99' "$tmp/events" || {
		echo "events: $(cat "$tmp/events")"
		return 1
	}
}
ktap_test_result "monitor neigh saw a miss for each, in db" saw_miss

# ratelimit: 200 echo requests with TTL 1 at once, through the router:
# 25 errors a second and a burst of 25, so far fewer than 200 come back.
ratelimit() {
	local out n
	out=$(ip netns exec "$w1" python3 "$here/res_send.py" eth0 $W1 2 ip4 "$rmac" \
		10.1.0.11 10.2.0.12 ttl=1 count=200) || return 1
	n=$(grep -c '^icmp4 10.1.0.1 11 0$' <<<"$out")
	ktap_print_msg "$n time exceeded errors for 200 packets"
	[ "$n" -gt 0 ] && [ "$n" -lt 100 ]
}
sleep 1
before=$(rdrop r1 icmp_ratelimited)
ktap_test_result "ICMP errors are rate limited per port" ratelimit
ktap_test_result "and the ones not sent are counted (icmp_ratelimited)" \
	grew icmp_ratelimited "$before" "$(rdrop r1 icmp_ratelimited)"

# --- malformed packets to the router --------------------------------------------------

bad_ip() { # DESC MODS...
	local before out
	before=$(rdrop r1 bad_header) || return 1
	out=$(ip netns exec "$w1" python3 "$here/res_send.py" eth0 $W1 1 ip4 "$rmac" 10.1.0.11 10.2.0.11 "$@") || return 1
	[ "$out" = "answers 0" ] || { echo "answered: $out"; return 1; }
	grew bad_header "$before" "$(rdrop r1 bad_header)"
}
ktap_test_result "a valid echo request built the same way is routed and answered" \
	eval '[ "$(ip netns exec "$w1" python3 "$here/res_send.py" eth0 $W1 2 ip4 "$rmac" 10.1.0.11 10.2.0.11 | tail -n 1)" = "answers 1" ]'
for m in badsum ihl=4 ihl=15 totlen=400 totlen=10 ver=6 cut=12; do
	ktap_test_result "IPv4 to the router with $m: dropped as bad_header, unanswered" bad_ip "$m"
done

# --- rejections -------------------------------------------------------------------------

ovx_n "$hv1" switch add ovx1 local 10.0.0.1 dstport 4800 >/dev/null 2>&1
ovx_n "$hv1" net add other vni 600 switch ovx1
ovx_n "$hv1" net add spare vni 700 switch ovx0
ktap_test_result "attaching a network twice is refused" \
	rejected "attached" router attach r1 net web ip 10.1.0.1/24
ktap_test_result "a network attached to another router is refused" \
	rejected "attached" router attach r1 net red ip 10.8.0.1/24
ktap_test_result "a gateway that is not a host of its prefix is refused" \
	rejected "host" router attach r1 net spare ip 10.5.0.0/24
ktap_test_result "a prefix overlapping another interface of the router is refused" \
	rejected "overlap" router attach r1 net spare ip 10.1.0.129/25
ktap_test_result "a network of another switch is refused" \
	rejected "switch" router attach r1 net other ip 10.6.0.1/24
ktap_test_result "a next hop outside every connected prefix is refused" \
	rejected "next hop" route add 10.8.0.0/24 via 10.7.0.1 router r1
ktap_test_result "a prefix with host bits set is refused" \
	rejected "prefix" route add 10.8.0.1/24 via 10.2.0.50 router r1
ktap_test_result "a multicast router MAC is refused" \
	rejected "unicast" router add rbad mac 01:00:5e:00:00:01
ktap_test_result "a zero router MAC is refused" \
	rejected "unicast" router add rbad mac 00:00:00:00:00:00
ktap_test_result "unknown names are refused" \
	eval 'rejected "router" router attach nosuch net spare ip 10.5.0.1/24 &&
	      rejected "network" router attach r1 net nosuch ip 10.5.0.1/24 &&
	      rejected "router" route add 10.8.0.0/24 via 10.2.0.50 router nosuch &&
	      rejected "router" router del nosuch'

# --- a network deleted leaves its router ---------------------------------------------

ovx_n "$hv1" router attach r1 net spare ip 10.7.0.1/24 &&
	ovx_n "$hv1" route add 10.70.0.0/16 via 10.7.0.5 router r1 &&
	ovx_n "$hv1" net del spare
ktap_test_result "deleting a network detaches it and removes the routes through it" \
	json_check "$hv1" "(if type == \"array\" then .[0] else . end) |
		(.interfaces | map(.net) | index(\"spare\")) == null" -j router show r1
ktap_test_result "route show no longer has 10.70.0.0/16" \
	json_check "$hv1" "all(.[]; .prefix != \"10.70.0.0/16\")" -j route show router r1

# --- rmmod while routed traffic flows ---------------------------------------------------

ip netns exec "$w1" ping -q -i 0.01 10.2.0.12 >/dev/null 2>&1 &
flood=$!
defer kill "$flood"
sleep 2
kmsg_mark "router rmmod"
ktap_test_result "rmmod ovx while w1 pings d2 through the router" ovx_mod_unload
kill "$flood" 2>/dev/null
ktap_test_result "no kernel warning" kmsg_clean_since "router start"
ovx_mod_load
ktap_finished
