#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Address bindings and address resolution answered on the ingress host,
# across two hypervisors:
#
#                 +---------- ul: br0 ----------+
#                 |                             |
#          ul0 10.0.0.1                  ul0 10.0.0.2
#     +------- hv1 --------+        +------- hv2 --------+
#     | ovx0  blue vni 100 |        | ovx0  blue vni 100 |
#     |   v1   v3  (spare) |        |   v2               |
#     +--------------------+        +--------------------+
#
# v1 (10.1.0.1, fd00:1::1) and v3 (.3, ::3) on hv1, v2 (.2, ::2) on hv2;
# each port is added with its guest's MAC and addresses, and each host
# binds the other host's guest to its peer (neigh add ... peer).  Then no
# ARP request or neighbour solicitation crosses the underlay while the
# VMs ping each other; with arp-suppress off they do.  Also: the answers
# themselves, duplicate address detection, malformed ARP and ND from a
# guest (dropped and counted, never answered), flood-unknown off, every
# rejection of the grammar, bindings going with their port or peer, and
# the events.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

here=$(cd "$(dirname "$0")" && pwd)
ovx_mod_check
require_cmd ip jq ping python3 tcpdump

# shellcheck disable=SC2034
ul="" hv1="" hv2="" v1="" v2="" v3=""
V1=02:00:00:00:01:01
V2=02:00:00:00:02:01
V3=02:00:00:00:01:03
V9=02:00:00:00:09:09

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

setup() {
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	topo_hv hv2 "$ul" 10.0.0.2 || return 1
	topo_vm v1 "$hv1" v1 $V1 10.1.0.1/24 fd00:1::1/64 || return 1
	topo_vm v3 "$hv1" v3 $V3 10.1.0.3/24 fd00:1::3/64 || return 1
	topo_vm v2 "$hv2" v2 $V2 10.1.0.2/24 fd00:1::2/64 || return 1
	ipn "$hv1" link add spare type veth peer spare-peer || return 1
	ovx_batch_quiet "$hv1" <<-EOF || return 1
		net add blue vni 100
		port add dev v1 net blue mac $V1 ip 10.1.0.1 ip fd00:1::1 name vm-one
		port add dev v3 net blue mac $V3 ip 10.1.0.3 ip fd00:1::3
		peer add 10.0.0.2
		neigh add 10.1.0.2 lladdr $V2 net blue peer 10.0.0.2
		neigh add fd00:1::2 lladdr $V2 net blue peer 10.0.0.2
	EOF
	ovx_batch_quiet "$hv2" <<-EOF || return 1
		net add blue vni 100
		port add dev v2 net blue mac $V2 ip 10.1.0.2 ip fd00:1::2
		peer add 10.0.0.1
		neigh add 10.1.0.1 lladdr $V1 net blue peer 10.0.0.1
		neigh add fd00:1::1 lladdr $V1 net blue peer 10.0.0.1
		neigh add 10.1.0.3 lladdr $V3 net blue peer 10.0.0.1
		neigh add fd00:1::3 lladdr $V3 net blue peer 10.0.0.1
	EOF
}

# capture_start NAME: tcpdump on hv1's underlay device (both ways), the
# tunnel's packets, into $tmp/NAME.pcap; capture_stop ends it.
capture_pid=""
capture_start() {
	ip netns exec "$hv1" tcpdump -U -n -i ul0 -w "$tmp/$1.pcap" \
		udp port 4789 2>"$tmp/$1.err" &
	capture_pid=$!
	defer kill "$capture_pid"
	busywait 20000 grep -q 'listening on' "$tmp/$1.err"
}

capture_stop() {
	sleep 1
	kill "$capture_pid" 2>/dev/null
	wait "$capture_pid" 2>/dev/null
	return 0
}

# resolution NAME: how many broadcast ARP requests and multicast
# neighbour solicitations the capture NAME holds, inside the tunnel.
# Unicast ones (a guest checking a neighbour it knows) go to that
# neighbour, wherever it is.
res_re='> ff:ff:ff:ff:ff:ff, ethertype ARP .*Request|> 33:33:ff:[0-9a-f:]{8}, ethertype IPv6 .*neighbor solicitation'
resolution() {
	tcpdump -e -n -r "$tmp/$1.pcap" 2>/dev/null | grep -c -E "$res_re"
}

no_resolution_in() { # NAME
	local n
	n=$(resolution "$1")
	[ "$n" -eq 0 ] || {
		echo "$n ARP requests or solicitations crossed the underlay:"
		tcpdump -e -n -r "$tmp/$1.pcap" 2>/dev/null | grep -E "$res_re"
		return 1
	}
}

resolution_in() { # NAME
	[ "$(resolution "$1")" -gt 0 ] || {
		echo "no ARP request or solicitation crossed the underlay"
		return 1
	}
}

flush_neigh() { # VM
	ipn "$1" neigh flush dev eth0
}

# drop NAME: the drop counter NAME of hv1's switch.
drop() {
	ovx_n "$hv1" -s -j switch show ovx0 | jq -e ".[0].drops.$1"
}

# suppressed: the arp_suppressed counter of blue on hv1.
suppressed() {
	ovx_n "$hv1" -s -j net show blue |
		jq -e '(if type == "array" then .[0] else . end).stats.arp_suppressed'
}

# res VM MAC CASE ARGS...: res_send.py's answers, one line each.
res() {
	local vm=$1 mac=$2
	shift 2
	ip netns exec "$vm" python3 "$here/res_send.py" eth0 "$mac" 1 "$@"
}

# answered WANT VM MAC CASE ARGS...: exactly the answer WANT came.
answered() {
	local want=$1 out
	shift
	out=$(res "$@") || return 1
	[ "$out" = "$want"$'\n'"answers 1" ] || {
		printf 'expected "%s", got:\n%s\n' "$want" "$out"
		return 1
	}
}

# unanswered VM MAC CASE ARGS...: no answer came.
unanswered() {
	local out
	out=$(res "$@") || return 1
	[ "$out" = "answers 0" ] || {
		printf 'expected no answer, got:\n%s\n' "$out"
		return 1
	}
}

# dropped_by NAME N CMD...: CMD succeeds and the drop counter NAME grew by N.
dropped_by() {
	local name=$1 n=$2 before after
	shift 2
	before=$(drop "$name") || return 1
	"$@" || return 1
	after=$(drop "$name") || return 1
	[ $((after - before)) -eq "$n" ] || {
		echo "$name: $before -> $after, expected +$n"
		return 1
	}
}

neigh_count() { # NS FILTER...
	ovx_n "$1" -j neigh show "${@:2}" | jq length
}

# state: hv1's bindings, ports and static FDB entries (without their age).
state() {
	ovx_n "$hv1" -j neigh show
	ovx_n "$hv1" -j port show
	fdb_lines "$hv1" static
}

# rejected WHY CMD...: "ovx -n hv1 CMD" fails, says something matching
# WHY, and changes no binding, port or FDB entry.
rejected() {
	local why=$1 before after err
	shift
	before=$(state)
	if err=$(ovx_n "$hv1" "$@" 2>&1); then
		echo "ovx $* succeeded"
		return 1
	fi
	[[ $err == *$why* ]] || {
		echo "ovx $*: \"$err\" does not say \"$why\""
		return 1
	}
	after=$(state)
	[ "$before" = "$after" ] || {
		echo "ovx $* changed the state:"
		diff <(echo "$before") <(echo "$after")
		return 1
	}
}

ktap_print_header
ktap_set_plan 46
kmsg_mark arp_suppress start
setup || ktap_exit_fail_msg "cannot set up the namespaces and the switches"

# --- what was configured shows -----------------------------------------------

ktap_test_result "neigh show lists the ports' own bindings and the pushed ones" \
	json_check "$hv1" "length == 6 and
		(map(select(.addr == \"10.1.0.1\" and .lladdr == \"$V1\" and
		  .dev == \"v1\" and .static == true and .net == \"blue\" and
		  .vni == 100)) | length == 1) and
		(map(select(.addr == \"fd00:1::2\" and .lladdr == \"$V2\" and
		  .peer == \"10.0.0.2\" and .static == true)) | length == 1)" \
	-j neigh show
ktap_test_result "neigh show filters by dev and by peer" \
	json_check "$hv1" "length == 2 and all(.[]; .peer == \"10.0.0.2\")" \
	-j neigh show net blue peer 10.0.0.2
ktap_test_result "port show has the port's mac, ips and name" \
	json_check "$hv1" "(if type == \"array\" then .[0] else . end) |
		.mac == \"$V1\" and .name == \"vm-one\" and
		(.ips | sort) == [\"10.1.0.1\", \"fd00:1::1\"]" \
	-j port show dev v1
ktap_test_result "the port's mac is a static FDB entry behind it" \
	fdb_expect "$hv1" "blue $V1 dev v1 static"
ktap_test_result "net show has arp_suppress and flood_unknown on by default" \
	json_check "$hv1" "(if type == \"array\" then .[0] else . end) |
		.arp_suppress == true and .flood_unknown == true" \
	-j net show blue

# --- no resolution crosses the underlay ----------------------------------------

before_sup=$(suppressed)
capture_start quiet
ktap_test_result "v1 pings v2 (IPv4) across the underlay" vm_ping "$v1" 10.1.0.2
ktap_test_result "v1 pings v2 (IPv6)" vm_ping "$v1" fd00:1::2
ktap_test_result "v2 pings v3 (both families)" \
	eval 'vm_ping "$v2" 10.1.0.3 && vm_ping "$v2" fd00:1::3'
ktap_test_result "v1 pings v3 on the same host" vm_ping "$v1" 10.1.0.3
capture_stop
ktap_test_result "no ARP request or solicitation crossed the underlay" \
	no_resolution_in quiet
check_lladdr() {
	ipn "$v1" neigh show 10.1.0.2 | grep -q "lladdr $V2" &&
		ipn "$v1" neigh show fd00:1::2 | grep -q "lladdr $V2" || {
		ipn "$v1" neigh show
		return 1
	}
}
ktap_test_result "v1 resolved v2's addresses to v2's MAC" check_lladdr
check_sup() {
	local now
	now=$(suppressed) || return 1
	[ $((now - before_sup)) -ge 3 ] || {
		echo "arp_suppressed: $before_sup -> $now"
		return 1
	}
}
ktap_test_result "hv1 counted the requests it answered (arp_suppressed)" check_sup

# --- the answers, one by one -----------------------------------------------------

ktap_test_result "a broadcast ARP request for 10.1.0.2 gets v2's MAC" \
	answered "arp-reply $V2 10.1.0.2" "$v1" $V1 arp ff:ff:ff:ff:ff:ff 10.1.0.1 10.1.0.2
ktap_test_result "a solicitation for fd00:1::2 gets an advertisement, solicited, override" \
	answered "na fd00:1::2 $V2 SO" "$v1" $V1 ns 33:33:ff:00:00:02 fd00:1::1 fd00:1::2
ktap_test_result "duplicate address detection of fd00:1::2 is told of v2 on all-nodes" \
	answered "na fd00:1::2 $V2 O" "$v1" $V1 ns 33:33:ff:00:00:02 :: fd00:1::2
ktap_test_result "v1 probing its own address gets no answer" \
	unanswered "$v1" $V1 ns 33:33:ff:00:00:01 :: fd00:1::1
ktap_test_result "an ARP probe (sender 0.0.0.0) for a bound address is answered" \
	answered "arp-reply $V3 10.1.0.3" "$v1" $V1 arp ff:ff:ff:ff:ff:ff 0.0.0.0 10.1.0.3

# --- malformed resolution from a guest ---------------------------------------------

ktap_test_result "ARP with hardware address length 5: dropped as bad_arp, unanswered" \
	dropped_by bad_arp 1 unanswered "$v1" $V1 arp ff:ff:ff:ff:ff:ff 10.1.0.1 10.1.0.2 5 4
ktap_test_result "ARP cut to 20 bytes: dropped as bad_arp" \
	dropped_by bad_arp 1 unanswered "$v1" $V1 arp ff:ff:ff:ff:ff:ff 10.1.0.1 10.1.0.2 6 4 20
ktap_test_result "ARP header cut to 6 bytes: dropped as bad_arp" \
	dropped_by bad_arp 1 unanswered "$v1" $V1 arp ff:ff:ff:ff:ff:ff 10.1.0.1 10.1.0.2 6 4 6
for m in badsum hop=64 code=1 opt0 optlong plen=400 plen=20; do
	ktap_test_result "solicitation with $m: dropped as bad_nd, unanswered" \
		dropped_by bad_nd 1 unanswered "$v1" $V1 ns 33:33:ff:00:00:02 fd00:1::1 fd00:1::2 "$m"
done

# --- arp-suppress off: resolution floods again ---------------------------------------

ovx_n "$hv1" net set blue arp-suppress off
flush_neigh "$v1"
capture_start loud
ktap_test_result "with arp-suppress off, v1 still pings v2" vm_ping "$v1" 10.1.0.2
capture_stop
ktap_test_result "and the ARP request crossed the underlay" resolution_in loud
ovx_n "$hv1" net set blue arp-suppress on

# --- flood-unknown off ------------------------------------------------------------------

ovx_n "$hv1" net set blue flood-unknown off
capture_start unknown
ktap_test_result "flood-unknown off: an ARP request for an unbound address is dropped (unanswered_resolution)" \
	dropped_by unanswered_resolution 1 unanswered "$v1" $V1 arp ff:ff:ff:ff:ff:ff 10.1.0.1 10.1.0.99
capture_stop
ktap_test_result "and it did not cross the underlay" no_resolution_in unknown
send_unknown() {
	ip netns exec "$v1" python3 "$here/guest_send.py" eth0 $V1 short $V9 0x0800 >/dev/null
}
ktap_test_result "a frame for an unknown MAC is dropped (unknown_unicast)" \
	dropped_by unknown_unicast 1 send_unknown
ovx_n "$hv1" fdb flush net blue learned
ktap_test_result "with no learnt entry, v1 reaches v2 through its binding" \
	vm_ping "$v1" 10.1.0.2
ovx_n "$hv1" net set blue flood-unknown on

# --- rejections ---------------------------------------------------------------------------

ktap_test_result "neigh add with a multicast lladdr is refused" \
	rejected "unicast" neigh add 10.1.0.9 lladdr 01:00:5e:00:00:01 net blue peer 10.0.0.2
ktap_test_result "neigh add of a multicast address is refused" \
	rejected "unicast" neigh add 224.0.0.5 lladdr $V2 net blue peer 10.0.0.2
ktap_test_result "neigh add in an unknown network is refused" \
	rejected "network" neigh add 10.1.0.9 lladdr $V2 net nosuch peer 10.0.0.2
ktap_test_result "neigh add behind an unknown peer is refused" \
	rejected "peer" neigh add 10.1.0.9 lladdr $V2 net blue peer 10.0.0.9
ktap_test_result "neigh add over a port's own address is refused" \
	rejected "port" neigh add 10.1.0.1 lladdr $V2 net blue peer 10.0.0.2
ktap_test_result "neigh del of a port's own address is refused" \
	rejected "port" neigh del 10.1.0.1 net blue
ktap_test_result "port add with ip but no mac is refused" \
	rejected "mac" port add dev spare net blue ip 10.1.0.50
ktap_test_result "port add with another port's address is refused" \
	rejected "address" port add dev spare net blue mac $V9 ip 10.1.0.3
ktap_test_result "port add with another port's mac is refused" \
	rejected "mac" port add dev spare net blue mac $V1

# --- bindings go with their port and their peer ------------------------------------------

ip netns exec "$hv1" "$OVX" -j monitor neigh >"$tmp/events" 2>&1 &
monitor=$!
defer kill "$monitor"
sleep 2
ovx_n "$hv1" neigh add 10.1.0.42 lladdr $V9 net blue peer 10.0.0.2
ovx_n "$hv1" neigh del 10.1.0.42 net blue
ovx_n "$hv1" port del dev v3
ktap_test_result "deleting a port deletes its bindings and its FDB entry" \
	eval '[ "$(neigh_count "$hv1" dev v3 2>/dev/null || echo 0)" = 0 ] &&
	      [ "$(neigh_count "$hv1" net blue)" = 4 ] &&
	      fdb_reject "$hv1" "$V3 dev v3 static"'
ovx_n "$hv1" peer del 10.0.0.2 net blue
ktap_test_result "a peer leaving the network takes its bindings" \
	eval '[ "$(neigh_count "$hv1" net blue)" = 2 ]'
sleep 1
kill "$monitor"
wait "$monitor" 2>/dev/null
saw_events() {
	grep -q 'added' "$tmp/events" && grep -q 'deleted' "$tmp/events" &&
		grep -q '10.1.0.42' "$tmp/events" && grep -q '10.1.0.3' "$tmp/events" || {
		echo "events: $(cat "$tmp/events")"
		return 1
	}
}
ktap_test_result "monitor neigh saw the bindings added and deleted" saw_events

ktap_test_result "no kernel warning" kmsg_clean_since "arp_suppress start"
ktap_finished
