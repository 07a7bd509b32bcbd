#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Overlay topologies for the selftests, sourced after lib.sh: hypervisors
# are network namespaces joined by an underlay (a Linux bridge in a
# namespace of its own), and VMs are namespaces whose NIC, eth0, is a veth
# or a tap whose other end is a port in a hypervisor's namespace.
#
#    +--- ul ---+          +------- hvN -------+          +-- VM --+
#    |   br0 ---|-- veth --|- ul0 (ADDR/24 or  |          |        |
#    |          |          |       ADDR/64)    |          |        |
#    +----------+          |  ovx0 local ADDR  |          |        |
#                          |  PORT ------------|- veth  --|- eth0  |
#                          +-------------------+  or tap  +--------+
#
# Processes are expensive under TCG, so each helper runs as few as it can:
# whole "ip -batch" and "ovx -b" scripts, and "ovx -n" rather than
# "ip netns exec ovx".  IPv6 is off in the hypervisors (but on their
# underlay NIC when it has an IPv6 address) and has no link-local address
# on the VMs' NICs, so that nothing but what a test sends goes through the
# switches.

# Each helper that makes a namespace stores its name in a variable VAR.  If
# VAR is set already, it names a namespace that the test made with
# setup_ns, which is used as it is: "setup_ns ul hv1 hv2 vm1..." first makes
# them all at once, quicker than one by one.

# ovx_n NS ARGS...: the ovx CLI in namespace NS (through its -n option).
ovx_n() {
	local ns=$1
	shift
	__ovx_trace "$OVX" -n "$ns" "$@"
}

# ip_batch NS: the "ip -batch" script on standard input, in NS.
ip_batch() {
	__topo_batch "$1" ip -n "$1" -batch -
}

# ovx_batch NS: the "ovx -b" script on standard input, in NS.
ovx_batch() {
	__topo_batch "$1" "$OVX" -n "$1" -b -
}

# ovx_batch_quiet NS: ovx_batch without the warning that attaching a
# device of MTU 1500 to a switch prints ("Warning: device MTU exceeds the
# inner MTU of the switch's tunnel"); what else it says on standard error
# is shown as KTAP diagnostics.  For scripts that print nothing else.
ovx_batch_quiet() {
	local err rc line
	err=$(ovx_batch "$1" 2>&1 >/dev/null)
	rc=$?
	while IFS= read -r line; do
		[[ -z $line || $line == "Warning: device MTU exceeds the inner MTU"* ]] ||
			printf '# %s\n' "$line"
	done <<<"$err"
	return $rc
}

__topo_batch() {
	local script
	shift
	# read, not $(cat): no process.
	IFS= read -r -d '' script
	if [ -n "${OVX_DEBUG:-}" ]; then
		echo "# [+] $* <<" >&2
		printf '%s' "$script" | sed 's/^/#       /' >&2
	fi
	"$@" <<<"${script%$'\n'}"
}

# topo_ns VAR: setup_ns VAR, unless VAR names a namespace already.
topo_ns() {
	[ -n "${!1:-}" ] || setup_ns "$1"
}

# topo_underlay VAR: a namespace (its name in VAR) with the bridge br0.
# Multicast snooping is off: IPv6 neighbour discovery on the underlay must
# not depend on the MLD reports the bridge happened to see.
topo_underlay() {
	topo_ns "$1" || return 1
	ip_batch "${!1}" <<-EOF
		link add br0 type bridge mcast_snooping 0
		link set br0 addrgenmode none
		link set br0 up
	EOF
}

# topo_host VAR UL ADDR...: a namespace (VAR) on the underlay of namespace
# UL through ul0, with each ADDR: ADDR/24 for IPv4, ADDR/64 for IPv6
# (without duplicate address detection, usable at once).  IPv6 is off in
# it, except on ul0 when one ADDR is IPv6.
topo_host() {
	local var=$1 ul=$2 addr=$3 ns a v6="" addrs="" port
	shift 2

	topo_ns "$var" || return 1
	ns=${!var}
	for a in "$@"; do
		if [[ $a == *:* ]]; then
			v6=1
			addrs+="addr add $a/64 dev ul0 nodad"$'\n'
		else
			addrs+="addr add $a/24 dev ul0"$'\n'
		fi
	done
	# Devices created from now on (ul0, ports, switches) have IPv6 off.
	if [ -n "$v6" ]; then
		ip netns exec "$ns" sh -c '
			echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' ||
			return 1
	else
		ip netns exec "$ns" sh -c '
			echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6 &&
			echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6' || return 1
	fi
	# The bridge port is named after the host's first address, unique
	# on br0.
	if [[ $addr == *:* ]]; then
		port=ul6-${addr##*:}
	else
		port=ul-${addr##*.}
	fi
	ip_batch "$ul" <<-EOF || return 1
		link add $port type veth peer name ul0 netns $ns
		link set $port master br0
		link set $port up
	EOF
	if [ -n "$v6" ]; then
		ip netns exec "$ns" sh -c '
			echo 0 >/proc/sys/net/ipv6/conf/ul0/disable_ipv6' || return 1
	fi
	ip_batch "$ns" <<-EOF
		${addrs}link set ul0 up
	EOF
}

# topo_hv VAR UL ADDR [OPTION...]: a hypervisor: topo_host with ADDR, and
# the switch ovx0 with the local address ADDR and the "ovx switch add"
# OPTIONs ("encap geneve", "df set"...), up (its tunnel socket is open).
topo_hv() {
	local var=$1 ul=$2 addr=$3
	shift 3
	topo_host "$var" "$ul" "$addr" || return 1
	ovx_n "${!var}" switch add ovx0 local "$addr" "$@" || return 1
	ipn "${!var}" link set ovx0 up
}

# topo_vm VAR HV PORT MAC CIDR...: a VM (namespace VAR) whose eth0, with
# MAC and each CIDR (IPv4 or IPv6, the latter without duplicate address
# detection), is a veth whose other end PORT is in namespace HV, up.  PORT
# is not attached to any network yet.
topo_vm() {
	local var=$1
	shift

	topo_ns "$var" || return 1
	topo_vm_nic "${!var}" "$@"
}

# topo_vm_nic VM HV PORT MAC CIDR...: (re)create the eth0 of the existing
# VM namespace VM, as topo_vm does: how a VM moves to another hypervisor.
topo_vm_nic() {
	local vm=$1 hv=$2 port=$3 mac=$4 c addrs=""
	shift 4

	for c in "$@"; do
		if [[ $c == *:* ]]; then
			addrs+="addr add $c dev eth0 nodad"$'\n'
		else
			addrs+="addr add $c dev eth0"$'\n'
		fi
	done
	ip_batch "$vm" <<-EOF
		link add $port netns $hv up type veth peer name eth0 address $mac
		link set eth0 addrgenmode none
		${addrs}link set eth0 up
	EOF
}

# topo_tap_vm VAR HV TAP: a VM (namespace VAR) behind the tap device TAP
# of namespace HV, created with "ip tuntap add mode tap" and up.
# selftests/tapvm.py plays the VM's hypervisor process: it holds TAP's
# file descriptor and copies frames to and from a tap eth0 in VAR.  It
# starts in the background (Python starts slowly under TCG); finish with
# topo_tap_vm_nic.  The relay's PID is in VAR_pid; it exits when TAP is
# deleted and is killed when the test ends.
topo_tap_vm() {
	local var=$1 hv=$2 tap=$3 pid

	topo_ns "$var" || return 1
	# /dev/net/tun appears with the module (there is no udev in the VM).
	modprobe tun || return 1
	ip_batch "$hv" <<-EOF || return 1
		tuntap add mode tap dev $tap
		link set $tap up
	EOF
	ip netns exec "$hv" python3 "$OVX_TOP/selftests/tapvm.py" \
		"$tap" "${!var}" eth0 &
	pid=$!
	printf -v "${var}_pid" '%s' "$pid"
	defer kill "$pid"
}

# topo_tap_vm_nic VM MAC CIDR: wait for the relay of topo_tap_vm to create
# eth0 in namespace VM, then configure it.
topo_tap_vm_nic() {
	local vm=$1 mac=$2 cidr=$3

	busywait 30000 ip -n "$vm" link show eth0 >/dev/null 2>&1 || return 1
	ip_batch "$vm" <<-EOF
		link set eth0 address $mac
		link set eth0 addrgenmode none
		link set eth0 up
		addr add $cidr dev eth0
	EOF
}

# --- checks ----------------------------------------------------------------

# vm_ping VM ADDR: one echo request answered, from namespace VM, within 10 s.
vm_ping() {
	ip netns exec "$1" ping -q -c 1 -w 10 "$2" >/dev/null 2>&1
}

# vm_no_ping VM ADDR: no answer from ADDR within 2 s.
vm_no_ping() {
	! ip netns exec "$1" ping -q -c 1 -w 2 "$2" >/dev/null 2>&1
}

# fdb_lines NS [FILTERS...]: the FDB entries of NS, one line each:
# "NET MAC dev IFNAME|peer ADDR [static]", from "ovx -j fdb show FILTERS".
fdb_lines() {
	local ns=$1 out
	shift
	out=$(ovx_n "$ns" -j fdb show "$@") || return 1
	jq -r <<<"$out" '.[] |
		"\(.net) \(.mac) " +
		(if .dev then "dev \(.dev)" else "peer \(.peer)" end) +
		(if .static then " static" else "" end)'
}

# fdb_expect NS LINE...: every LINE (as fdb_lines prints them) is an entry
# of NS.  Prints the FDB when one is missing.  (Bash matching rather than
# grep: a process costs tens of milliseconds under TCG.)
fdb_expect() {
	local ns=$1 fdb line rc=0
	shift
	fdb=$(fdb_lines "$ns") || return 1
	for line in "$@"; do
		if [[ $'\n'$fdb$'\n' != *$'\n'"$line"$'\n'* ]]; then
			echo "missing in the FDB of $ns: $line"
			rc=1
		fi
	done
	[ $rc -eq 0 ] || printf 'FDB of %s:\n%s\n' "$ns" "$fdb"
	return $rc
}

# fdb_reject NS REGEX...: no entry of NS matches any extended REGEX (as
# fdb_lines prints them).  Prints the FDB when one does.
fdb_reject() {
	local ns=$1 fdb re line rc=0
	shift
	fdb=$(fdb_lines "$ns") || return 1
	while IFS= read -r line; do
		for re in "$@"; do
			if [[ $line =~ $re ]]; then
				echo "unexpected in the FDB of $ns: $line"
				rc=1
			fi
		done
	done <<<"$fdb"
	[ $rc -eq 0 ] || printf 'FDB of %s:\n%s\n' "$ns" "$fdb"
	return $rc
}

# ovx_counters ARRAY TEXT: the counters in TEXT, what "ovx -s switch show",
# "ovx -s net show", "ovx -s port show" or "ovx -s peer show" print (one
# after another, or several of them), into the associative ARRAY, by
# object, direction or "drops", and name: "ovx0.rx.packets",
# "ovx0.drops.too-big", "vm1p.tx.dropped", "10.0.0.2.rx.bytes".  An object
# is a switch, a network, a port's device or a peer's address.  (Bash
# only: jq takes half a second to start under TCG.)
ovx_counters() {
	local -n __ovx_c=$1
	local line w prev scope="" sect="" words
	while IFS= read -r line; do
		read -r -a words <<<"$line"
		[ ${#words[@]} -gt 0 ] || continue
		if [[ $line != [[:space:]]* ]]; then
			case ${words[0]} in
			dev | peer) scope=${words[1]} ;;
			*) scope=${words[0]%:} ;;
			esac
			sect=""
			continue
		fi
		prev=""
		for w in "${words[@]}"; do
			case $w in
			RX:) sect=rx ;;
			TX:) sect=tx ;;
			drops:) sect=drops ;;
			*)
				if [ -n "$sect" ] && [ -n "$prev" ] &&
					[[ $w =~ ^[0-9]+$ ]]; then
					__ovx_c[$scope.$sect.$prev]=$w
				fi
				;;
			esac
			prev=$w
		done
	done <<<"$2"
}

# json_check NS JQ_FILTER ARGS...: "ovx -n NS ARGS" succeeds and jq -e
# JQ_FILTER holds for its output.  Prints the output when not.
json_check() {
	local ns=$1 filter=$2 out
	shift 2
	out=$(ovx_n "$ns" "$@") || return 1
	jq -e "$filter" <<<"$out" >/dev/null && return 0
	printf 'ovx -n %s %s:\n%s\n' "$ns" "$*" "$out"
	return 1
}

# bridge_learnt NS BRIDGE MAC DEV: the Linux bridge BRIDGE of namespace NS
# (a host running Linux's own tunnel, in interop tests) learnt MAC on DEV.
bridge_learnt() {
	local out
	out=$(__ovx_trace bridge -n "$1" -j fdb show br "$2") || return 1
	jq -e --arg mac "$3" --arg dev "$4" \
		'any(.[]; .mac == $mac and .ifname == $dev)' <<<"$out" >/dev/null &&
		return 0
	printf 'bridge fdb of %s in %s:\n%s\n' "$2" "$1" "$out"
	return 1
}

# --- traffic ---------------------------------------------------------------

# pktgen NS DEV CMD...: send frames out of DEV in namespace NS with the
# kernel's packet generator (module pktgen), configured by the device
# commands CMD ("count 10", "src_mac 02:...", "flag MACSRC_RND"...) after
# the defaults "clone_skb 0", "pkt_size 60" and "delay 0".  Returns when
# they are all sent; with "count 0", as soon as it has started: it sends
# until pktgen_stop.
pktgen() {
	local ns=$1 dev=$2 mode=run c
	shift 2
	for c in "$@"; do
		[ "$c" = "count 0" ] && mode=start
	done
	__ovx_trace ip netns exec "$ns" sh -c "$__pktgen_sh" pktgen \
		"$dev" "$mode" "$@"
}

# pktgen_stop NS DEV: stop pktgen in NS and wait until DEV's run is over.
pktgen_stop() {
	__ovx_trace ip netns exec "$1" sh -c "$__pktgen_sh" pktgen "$2" stop
}

# pktgen_running NS DEV: pktgen is sending out of DEV in NS.
pktgen_running() {
	__ovx_trace ip netns exec "$1" sh -c "$__pktgen_sh" pktgen "$2" running
}

# pktgen's control files act through its kernel threads, which may take
# longer than the 125 ms its writers wait under TCG: "rem_device_all" may
# remove the device added after it, "start" may return before the run
# began.  So this script (dash, few processes) checks the device's
# "Result:" line instead: "Starting" while it runs, "OK: ... usec, ..."
# once it has stopped.
# shellcheck disable=SC2016
__pktgen_sh='
pg=/proc/net/pktgen dev=$1 mode=$2
shift 2

result() {
	r=
	while IFS= read -r l; do
		case $l in "Result: "*) r=${l#Result: } ;; esac
	done <"$pg/$dev"
}

# wait_for PATTERN: until the result matches the case PATTERN (60 s).
wait_for() {
	n=0
	while result; do
		case $r in $1) return 0 ;; "Error"*) break ;; esac
		n=$((n + 1))
		[ $n -lt 600 ] || break
		sleep 0.1
	done
	echo "pktgen $dev: result \"$r\"" >&2
	return 1
}

if [ "$mode" = running ]; then
	result
	case $r in Starting*) exit 0 ;; esac
	echo "pktgen $dev: result \"$r\"" >&2
	exit 1
fi
if [ "$mode" = stop ]; then
	echo stop >$pg/pgctrl || exit 1
	wait_for "OK:*usec,*"
	exit
fi
if [ -e "$pg/$dev" ]; then
	echo rem_device_all >$pg/kpktgend_0 || exit 1
	n=0
	while [ -e "$pg/$dev" ]; do
		n=$((n + 1))
		[ $n -lt 600 ] || { echo "pktgen $dev: not removed" >&2; exit 1; }
		sleep 0.1
	done
fi
echo "add_device $dev" >$pg/kpktgend_0 || exit 1
for c in "clone_skb 0" "pkt_size 60" "delay 0" "$@"; do
	echo "$c" >"$pg/$dev" || { echo "pktgen $dev: $c: failed" >&2; exit 1; }
done
if [ "$mode" = start ]; then
	# Returns when the run ends, that is never: in the background.
	(echo start >$pg/pgctrl) >/dev/null 2>&1 &
	wait_for "Starting*"
else
	echo start >$pg/pgctrl || exit 1
	wait_for "OK:*usec,*"
fi
'

# tunnel_send CASE: have selftests/tunnel_send.py, running as the coprocess
# SENDER, send the crafted packets of CASE; $sent is how many it sent.
# shellcheck disable=SC2034  # read by the tests
sent=0
tunnel_send() {
	local reply
	echo "$1" >&"${SENDER[1]}" || return 1
	read -r -t 30 reply <&"${SENDER[0]}" || return 1
	[[ $reply == "sent "* ]] || { echo "# tunnel_send.py: $reply"; return 1; }
	# shellcheck disable=SC2034  # read by the tests
	sent=${reply#sent }
	# Let the underlay and the switch's softirq finish with them.
	sleep 0.2
}
