#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# GRO on the tunnel socket: TCP between two VMs on two hypervisors, over an
# underlay that carries MTU-sized packets (the sending hypervisor's ul0
# cuts its UDP tunnel GSO packets, as for a NIC without that offload), is
# merged back into large packets before decapsulation when the receiving
# hypervisor's ul0 has GRO on, as a NIC has by default.  The payload
# arrives intact (SHA-256 end to end: a merged packet reaches the VM with
# CHECKSUM_PARTIAL, which nobody verifies), the UDP layer counts no error
# (6.1's socket lookup at gro_complete needs ovx's workaround, compat.h)
# and ovx drops nothing.  The control: the same transfer with GRO off is
# decapsulated segment by segment.
#
# VXLAN over IPv4 (hv1 -> hv2) and Geneve over IPv6 (hv3 -> hv4):
#
#                  +--------------- ul: br0 ----------------+
#                  |  ul-1      ul-2       ul6-3      ul6-4 |
#                  +---|---------|-----------|----------|---+
#   hv1 10.0.0.1 ------+         |           |          +------ hv4 fd00::4
#   (ul0: no tunnel              +-- hv2     +-- hv3            (ul0: GRO)
#    segmentation)                  10.0.0.2     fd00::3
#                                   (ul0: GRO)   (ul0: no tunnel segmentation)
#   v1 10.1.0.1 on hv1 -> v2 10.1.0.2 on hv2, net blue (VXLAN)
#   v3 10.2.0.3 on hv3 -> v4 10.2.0.4 on hv4, net green (Geneve)
#
# veth hands packets to its peer's GRO only when the sending end has no
# TSO, so the bridge ports toward the receivers (ul-2, ul6-4) have it off.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/topo.sh
source "$(dirname "$0")/topo.sh"

ovx_mod_check
require_cmd ip jq ethtool python3

# Namespace names, set by setup_ns through the topo_* helpers.
# shellcheck disable=SC2034
ul="" hv1="" hv2="" hv3="" hv4="" v1="" v2="" v3="" v4=""
tmp=""
BYTES=$((8 << 20))
XFER="$OVX_TOP/selftests/tcp_xfer.py"

# Inner MTUs (ovx switch show): VXLAN over IPv4 50 bytes of overhead,
# Geneve over IPv6 70 plus ovx's 8-byte option.
MTU4=1450
MTU6=1422

setup() {
	tmp=$(mktemp -d) || return 1
	defer rm -rf "$tmp"
	setup_ns ul hv1 hv2 hv3 hv4 v1 v2 v3 v4 || return 1
	topo_underlay ul || return 1
	topo_hv hv1 "$ul" 10.0.0.1 || return 1
	topo_hv hv2 "$ul" 10.0.0.2 || return 1
	topo_hv hv3 "$ul" fd00::3 encap geneve || return 1
	topo_hv hv4 "$ul" fd00::4 encap geneve || return 1
	topo_vm v1 "$hv1" v1 02:00:00:00:01:01 10.1.0.1/24 || return 1
	topo_vm v2 "$hv2" v2 02:00:00:00:02:01 10.1.0.2/24 || return 1
	topo_vm v3 "$hv3" v3 02:00:00:00:03:01 10.2.0.3/24 || return 1
	topo_vm v4 "$hv4" v4 02:00:00:00:04:01 10.2.0.4/24 || return 1
	pair_setup "$hv1" v1 "$v1" "$hv2" v2 "$v2" blue 100 10.0.0.1 10.0.0.2 \
		$MTU4 ul-2 || return 1
	pair_setup "$hv3" v3 "$v3" "$hv4" v4 "$v4" green 200 fd00::3 fd00::4 \
		$MTU6 ul6-4
}

# pair_setup HVS PORTS VMS HVR PORTR VMR NET VNI ADDRS ADDRR MTU ULPORT:
# the network NET between sender and receiver hypervisors, with the VMs at
# MTU; no tunnel segmentation on the sender's ul0, no TSO on the bridge
# port ULPORT toward the receiver, GRO on the receiver's ul0.
pair_setup() {
	local hvs=$1 ports=$2 vms=$3 hvr=$4 portr=$5 vmr=$6 net=$7 vni=$8
	local addrs=$9 addrr=${10} mtu=${11} ulport=${12}

	ovx_batch_quiet "$hvs" <<-EOF || return 1
		net add $net vni $vni
		port add dev $ports net $net
		peer add $addrr
	EOF
	ovx_batch_quiet "$hvr" <<-EOF || return 1
		net add $net vni $vni
		port add dev $portr net $net
		peer add $addrs
	EOF
	ipn "$hvs" link set "$ports" mtu "$mtu" || return 1
	ipn "$hvr" link set "$portr" mtu "$mtu" || return 1
	ipn "$vms" link set eth0 mtu "$mtu" || return 1
	ipn "$vmr" link set eth0 mtu "$mtu" || return 1
	ip netns exec "$hvs" ethtool -K ul0 tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off || return 1
	ip netns exec "$ul" ethtool -K "$ulport" tso off || return 1
	ip netns exec "$hvr" ethtool -K ul0 gro on
}

# rx_packets NS DEV: DEV's received packets.
rx_packets() {
	ipn "$1" -s -j link show "$2" | jq '.[0].stats64.rx.packets'
}

# udp_errors NS: UdpInErrors + Udp6InErrors of NS.
udp_errors() {
	ip netns exec "$1" awk '
		$1 == "Udp:" && $2 ~ /^[0-9]+$/ { for (i = 2; i <= NF; i++) v[i] = $i }
		$1 == "Udp:" && $2 !~ /^[0-9]+$/ { for (i = 2; i <= NF; i++) if ($i == "InErrors") col = i }
		$1 == "Udp6InErrors" { e6 = $2 }
		END { print v[col] + e6 }' /proc/net/snmp /proc/net/snmp6
}

# xfer VMS VMR ADDR HVR: BYTES from VM VMS to ADDR on VM VMR over TCP;
# sets SENT and GOT ("BYTES SHA256"), UL (packets the receiving
# hypervisor's ul0 got meanwhile), DECAP (packets its switch
# decapsulated), UDPERR (UDP errors it counted).
xfer() {
	local vms=$1 vmr=$2 addr=$3 hvr=$4 pid ul0 dec0 err0
	SENT="" GOT="" UL=0 DECAP=0 UDPERR=0
	vm_ping "$vms" "$addr" || { echo "$vms cannot ping $addr"; return 1; }
	ip netns exec "$vmr" python3 "$XFER" recv "$addr" 5001 >"$tmp/recv" 2>&1 &
	pid=$!
	busywait 30000 grep -q ready "$tmp/recv" ||
		{ kill "$pid"; cat "$tmp/recv"; return 1; }
	ul0=$(rx_packets "$hvr" ul0) && dec0=$(rx_packets "$hvr" ovx0) &&
		err0=$(udp_errors "$hvr") || return 1
	SENT=$(ip netns exec "$vms" timeout 120 python3 "$XFER" send "$addr" 5001 $BYTES)
	timeout 60 tail --pid="$pid" -f /dev/null
	GOT=$(tail -n 1 "$tmp/recv")
	UL=$(($(rx_packets "$hvr" ul0) - ul0))
	DECAP=$(($(rx_packets "$hvr" ovx0) - dec0))
	UDPERR=$(($(udp_errors "$hvr") - err0))
	ktap_print_msg "sent: $SENT; received: $GOT"
	ktap_print_msg "receiving hypervisor: ul0 got $UL packets, its switch decapsulated $DECAP, UDP errors $UDPERR"
}

intact() {
	[ -n "$SENT" ] && [ "$SENT" = "$GOT" ] && [ "${SENT%% *}" = "$BYTES" ]
}

# merged: at least 1.5 segments per decapsulated packet on average
# (without GRO, 1).  How many a NAPI poll finds to merge depends on the
# kernel's speed and the host's load: about 30 on Debian's kernels here,
# 1.98 to 2.3 on the debug kernel.
merged() {
	[ "$DECAP" -gt 0 ] && [ $((2 * UL)) -ge $((3 * DECAP)) ]
}

# not_merged: fewer than 1.1 per packet (a few ARP or ND packets aside).
not_merged() {
	[ "$DECAP" -gt 0 ] && [ $((10 * UL)) -lt $((11 * DECAP)) ]
}

# clean HV: no UDP error, and the switch dropped nothing.
clean() {
	[ "$UDPERR" -eq 0 ] || { echo "UDP errors: $UDPERR"; return 1; }
	json_check "$1" '.[0].drops | all(.[]; . == 0)' -s -j switch show
}

run_pair() { # NAME VMS VMR ADDR HVR
	local name=$1 hvr=$5
	xfer "$2" "$3" "$4" "$hvr"
	ktap_test_result "$name: $BYTES bytes of TCP arrive intact (SHA-256)" intact
	ktap_test_result "$name: GRO merged the tunnel packets before decapsulation (>= 1.5 segments per packet)" \
		merged
	ktap_test_result "$name: no UDP error, no drop on the receiving hypervisor" \
		clean "$hvr"
	ip netns exec "$hvr" ethtool -K ul0 gro off ||
		ktap_print_msg "cannot turn GRO off"
	xfer "$2" "$3" "$4" "$hvr"
	ktap_test_result "$name, GRO off (control): intact, decapsulated segment by segment" \
		eval 'intact && not_merged'
}

ktap_print_header
ktap_set_plan 8

setup || ktap_exit_fail_msg "cannot build the topology"

run_pair "VXLAN over IPv4" "$v1" "$v2" 10.1.0.2 "$hv2"
run_pair "Geneve over IPv6" "$v3" "$v4" 10.2.0.4 "$hv4"

ktap_finished
