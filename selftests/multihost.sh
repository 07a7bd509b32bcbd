#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Multi-host test: N >= 3 hypervisors, each a VM with its own kernel and its
# own ovx.ko, on one virtual underlay.  scripts/vmcluster boots them and runs
# this script in each; the hosts meet at barriers in $OVX_SHARED.
#
#   scripts/vmcluster --hosts 3 --kernel 6.1 --kernel 6.12 -- selftests/multihost.sh
#
# Host i (OVX_HOST=i, 1..N):
#
#   +----------------------- hv (the hypervisor) -----------------------+
#   | eth0 10.99.0.i/24, fd99::i/64 -- underlay hub -- the others' eth0  |
#   | ovx0 (local 10.99.0.i, peers 10.99.0.j) - net blue (vni 100) - vp0 |
#   +-----------------------------------------------------------|-------+
#                        guest: eth0 192.168.100.i/24, 02:00:00:00:64:ii
#
# 1. VXLAN: every guest reaches the guests of all the other hosts, and each
#    switch learns where they are.
# 2. Host N powers off at once, with no goodbye.  The others keep talking
#    while it goes, host N's guest stops answering, and flooding still
#    reaches the survivors with a dead peer configured.
# 3. Geneve over IPv6: the survivors recreate their switch with encap
#    geneve and an IPv6 local address, their peers' IPv6 addresses, and
#    their guests reach each other again; tcpdump sees Geneve over IPv6 on
#    the underlay.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

hv="" guest=""
host=${OVX_HOST:-}
hosts=${OVX_HOSTS:-}
shared=${OVX_SHARED:-}
nic=${OVX_VM_NICS%% *}

skip_all() { # REASON
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$1" "multi-host overlay"
	ktap_finished
}

if [ -z "$host" ] || [ -z "$hosts" ] || [ -z "$shared" ] || [ -z "$nic" ]; then
	skip_all "not run by scripts/vmcluster (no OVX_HOST, OVX_SHARED or NIC)"
fi
[ "$hosts" -ge 3 ] || skip_all "needs at least 3 hosts, not $hosts"
ovx_mod_check
require_cmd ip ping jq tcpdump timeout

last=$hosts			# the host that powers off
barrier_timeout=${OVX_BARRIER_TIMEOUT:-240}
tmp=$(mktemp -d)
defer rm -rf "$tmp"

ul() { echo "10.99.0.$1"; }		# host J's underlay address
ul6() { echo "fd99::$1"; }		# and its IPv6 one
gip() { echo "192.168.100.$1"; }	# host J's guest
gmac() { printf '02:00:00:00:64:%02x\n' "$1"; }

all=()
others=()	# every host but this one
survivors=()	# every host but this one and the last
for ((j = 1; j <= hosts; j++)); do
	all+=("$j")
	[ "$j" = "$host" ] && continue
	others+=("$j")
	[ "$j" = "$last" ] || survivors+=("$j")
done

# --- coordination ---------------------------------------------------------

# barrier NAME HOST...: tell the others this host reached NAME, then wait
# until each HOST has.  Fails when a HOST's VM is gone (vmcluster writes
# exited.J) or after $barrier_timeout seconds.
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
			sleep 0.2
		done
	done
}

meet() { # NAME HOST...: barrier, or give up the whole test
	barrier "$@" || ktap_exit_fail_msg "h$host: lost the other hosts at $1"
}

# --- checks -----------------------------------------------------------------

gping() { # ARGS...: ping from this host's guest
	ip netns exec "$guest" ping "$@"
}

# reaches IP: a first reply within 30 s (ARP and learning go through the
# flood), then 3 replies in a row.
reaches() {
	busywait 30000 gping -c 1 -W 1 "$1" >/dev/null && gping -c 3 -i 0.2 -w 10 "$1"
}

underlay_setup() {
	ip link set "$nic" netns "$hv" &&
		ipn "$hv" addr add "$(ul "$host")/24" dev "$nic" &&
		ipn "$hv" addr add "$(ul6 "$host")/64" dev "$nic" nodad &&
		ipn "$hv" link set "$nic" up &&
		ipn "$hv" link add vp0 mtu 1400 type veth peer name eth0 netns "$guest" &&
		ipn "$hv" link set vp0 up &&
		ipn "$guest" link set eth0 address "$(gmac "$host")" mtu 1400 up &&
		ipn "$guest" addr add "$(gip "$host")/24" dev eth0
}

underlay_reaches() { # J
	busywait 30000 ip netns exec "$hv" ping -c 1 -W 1 "$(ul "$1")" &&
		busywait 30000 ip netns exec "$hv" ping -c 1 -W 1 "$(ul6 "$1")"
}

# switch_setup ENCAP ADDR PEER...: switch ovx0 with local address "ADDR
# $host" (ADDR: ul or ul6), net blue with vp0, peers "ADDR PEER".
switch_setup() {
	local encap=$1 addr=$2 j
	shift 2
	{
		echo "switch add ovx0 local $($addr "$host") encap $encap"
		echo "net add blue vni 100"
		echo "port add dev vp0 net blue"
		for j in "$@"; do
			echo "peer add $($addr "$j")"
		done
	} >"$tmp/batch"
	ovxn "$hv" -b "$tmp/batch" &&
		ovxn "$hv" -j switch show ovx0 |
		jq -e --arg e "$encap" '.[0].encap == $e' >/dev/null
}

fdb_learnt() { # J: guest J's MAC is in the FDB, behind peer 10.99.0.J
	local fdb
	fdb=$(ovxn "$hv" -j fdb show net blue) || return 1
	jq -e --arg mac "$(gmac "$1")" --arg peer "$(ul "$1")" \
		'any(.[]; .mac == $mac and .peer == $peer)' <<<"$fdb" >/dev/null && return 0
	echo "$fdb"
	return 1
}

# ping_stats LOG SINCE: of the pings in LOG (ping -D), how many were sent,
# how many answered, and how many answers came after SINCE (seconds since
# the epoch).
ping_stats() {
	local log=$1 since=$2 sent recv after
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$log")
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$log")
	after=$(awk -v t="$since" '/bytes from/ && $1 ~ /^\[/ {
		ts = substr($1, 2, length($1) - 2); if (ts + 0 > t + 0) n++
	} END { print n + 0 }' "$log")
	echo "${sent:-0} ${recv:-0} $after"
}

# kept_talking SENT RECEIVED AFTER: at most a tenth lost (plus the two in
# flight when ping was stopped), and at least 5 answers after the power-off.
kept_talking() {
	[ "$1" -gt 0 ] && [ $(($1 - $2)) -le $(($1 / 10 + 2)) ] && [ "$3" -ge 5 ]
}

dead_guest_silent() {
	! gping -c 3 -i 0.2 -W 1 -w 4 "$(gip "$last")"
}

flood_reaches() { # J: forget everything learnt, so the first frames flood
	ovxn "$hv" fdb flush net blue &&
		ipn "$guest" neigh flush dev eth0 &&
		reaches "$(gip "$1")"
}

# geneve_on_wire: the capture started before the Geneve pings saw Geneve
# frames of VNI 100 (0x64) over IPv6 from the partner.
geneve_on_wire() {
	cat "$tmp/geneve.txt" "$tmp/geneve.err"
	grep -q 'Geneve.*vni 0x64' "$tmp/geneve.txt"
}

# --- the test ---------------------------------------------------------------

n_others=${#others[@]}
n_surv=${#survivors[@]}
if [ "$host" = "$last" ]; then
	plan=$((2 + 3 * n_others))
else
	plan=$((2 + 3 * n_others + 4 + 2 * n_surv))
fi

ktap_print_header
ktap_set_plan "$plan"
ktap_print_msg "host $host of $hosts: kernel $OVX_KERNEL, underlay $nic $(ul "$host")"

setup_ns hv guest || ktap_exit_fail_msg "cannot create the namespaces"

# 1. VXLAN between all the hosts.
ktap_test_result "h$host: underlay $nic with $(ul "$host")/24 and $(ul6 "$host")/64, a guest behind veth vp0" \
	underlay_setup
meet underlay "${others[@]}"
ok=1
for j in "${others[@]}"; do
	ktap_test_result "h$host: underlay reaches host $j (IPv4 and IPv6)" underlay_reaches "$j" || ok=0
done
[ $ok = 1 ] || ktap_print_msg "the underlay is broken; the overlay cannot work"
ktap_test_result "h$host: switch ovx0 (vxlan), net blue vni 100, port vp0, ${n_others} peers" \
	switch_setup vxlan ul "${others[@]}"
meet vxlan "${others[@]}"
for j in "${others[@]}"; do
	ktap_test_result "h$host: guest reaches host $j's guest over VXLAN" \
		reaches "$(gip "$j")"
done
for j in "${others[@]}"; do
	ktap_test_result "h$host: FDB has host $j's guest behind peer $(ul "$j")" \
		fdb_learnt "$j"
done

# 2. The last host powers off while the survivors ping each other.
if [ "$host" = "$last" ]; then
	meet vxlan-done "${others[@]}"
	ktap_print_msg "h$host: powering off now, without a word to the other hosts"
	ktap_totals
	"$OVX_VM_POWEROFF" $?
	ktap_exit_fail_msg "h$host: $OVX_VM_POWEROFF did not power the VM off"
fi
partner=${survivors[0]}
# Not through gping: $! must be ping itself (ip netns exec execs it).
ip netns exec "$guest" ping -D -i 0.2 "$(gip "$partner")" >"$tmp/keep" 2>&1 &
keep_pid=$!
defer kill "$keep_pid"
meet vxlan-done "${others[@]}"
busywait $((barrier_timeout * 1000)) test -e "$shared/exited.$last" ||
	ktap_print_msg "host $last did not power off"
gone=$(date +%s.%N)
sleep 3
kill -INT "$keep_pid"
wait "$keep_pid"
read -r sent recv after <<<"$(ping_stats "$tmp/keep" "$gone")"
ktap_print_msg "h$host: pings to host $partner's guest meanwhile: $sent sent," \
	"$recv answered, $after answers after host $last was gone"
ktap_test_result "h$host: guest kept talking to host $partner's guest while host $last powered off" \
	kept_talking "$sent" "$recv" "$after"
ktap_test_result "h$host: host $last's guest no longer answers" dead_guest_silent
for j in "${survivors[@]}"; do
	ktap_test_result "h$host: flooding reaches host $j's guest with dead peer $(ul "$last")" \
		flood_reaches "$j"
done

# 3. Geneve over IPv6 between the survivors.
meet vxlan-flood "${survivors[@]}"
ovxn "$hv" switch del ovx0 || ktap_print_msg "cannot delete switch ovx0"
meet vxlan-gone "${survivors[@]}"
ktap_test_result "h$host: switch ovx0 recreated with encap geneve, local $(ul6 "$host"), ${n_surv} IPv6 peers" \
	switch_setup geneve ul6 "${survivors[@]}"
ip netns exec "$hv" timeout 60 tcpdump -nn -p -i "$nic" -c 2 \
	"udp dst port 6081 and src host $(ul6 "$partner")" \
	>"$tmp/geneve.txt" 2>"$tmp/geneve.err" &
dump_pid=$!
busywait 20000 grep -q 'listening on' "$tmp/geneve.err" ||
	ktap_print_msg "tcpdump did not start: $(cat "$tmp/geneve.err")"
meet geneve "${survivors[@]}"
for j in "${survivors[@]}"; do
	ktap_test_result "h$host: guest reaches host $j's guest over Geneve over IPv6" \
		reaches "$(gip "$j")"
done
# In the main shell: ktap_test_result runs its command in a subshell,
# which cannot wait for our children.
wait "$dump_pid"
ktap_test_result "h$host: the underlay carries Geneve over IPv6 (UDP 6081, VNI 100) from host $partner" \
	geneve_on_wire
# Nobody tears down its switch while another still pings through it.
meet finished "${survivors[@]}"

ktap_finished
