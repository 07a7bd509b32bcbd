#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 9, item 8: the get and dump requests of the ovx family need no
# privilege, so they must not take RTNL (any user could otherwise stall
# every network configuration of the host).  While another namespace holds
# RTNL for seconds, each of them must answer.
#
#   +------------------------ ns0 ------------------------+
#   |  ovx0 (local 192.0.2.1)   net blue (vni 10)         |
#   |    port v0 <--veth--> v1     peer 192.0.2.2         |
#   |    fdb MAC1 dev v0 (static)                         |
#   +-----------------------------------------------------+
#   +------------------------ nsh ------------------------+
#   |  dummies of HOLD_QUEUES queues each (HOLD_SECS), in |
#   |  group 7: "ip link del group 7" deletes them all in |
#   |  one request, under RTNL all along (every queue is  |
#   |  a sysfs object to remove): seconds under TCG       |
#   +-----------------------------------------------------+
#
# That RTNL is held is not assumed: a probe ("ip link set lo up", which
# always takes it) must stay blocked from before the first request until
# after the last answer, or the run proves nothing and fails as such.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ns0=""
nsh=""
MAC1=02:00:00:00:08:01
# Dummies are added 8 at a time until adding them took HOLD_SECS: their
# deletion takes about as long.  Kernels differ by ten times in this (the
# debug kernel's KASAN, lockdep and kmemleak track every queue's objects),
# so the count is measured, up to HOLD_DEVS.
HOLD_SECS=${HOLD_SECS:-8}
HOLD_DEVS=${HOLD_DEVS:-256}
HOLD_QUEUES=${HOLD_QUEUES:-1024}

ovx_mod_check
require_cmd ip nsenter modprobe
require_ynl

setup() {
	local i batch=""

	setup_ns ns0 nsh || return 1
	ovxn "$ns0" switch add ovx0 local 192.0.2.1 &&
		ovxn "$ns0" net add blue vni 10 &&
		ipn "$ns0" link add v0 type veth peer name v1 &&
		ipn "$ns0" link set v0 up &&
		ovxn "$ns0" port add dev v0 net blue &&
		ovxn "$ns0" peer add 192.0.2.2 net blue &&
		ovxn "$ns0" fdb add "$MAC1" net blue dev v0 || return 1
	modprobe dummy numdummies=0 || return 1
	make_dummies
}

# The dummies whose deletion holds RTNL.
make_dummies() {
	local i batch="" start=${EPOCHREALTIME/./} us=0

	for ((i = 0; i < HOLD_DEVS && us < HOLD_SECS * 1000000; i++)); do
		batch+="link add hold$i group 7 numtxqueues $HOLD_QUEUES"
		batch+=" numrxqueues $HOLD_QUEUES type dummy"$'\n'
		((i % 8 == 7)) || continue
		ip -n "$nsh" -batch - <<<"$batch" || return 1
		batch=""
		us=$((${EPOCHREALTIME/./} - start))
	done
	[ -z "$batch" ] || ip -n "$nsh" -batch - <<<"$batch" || return 1
	ktap_print_msg "$i dummies of $HOLD_QUEUES queues added in $((us / 1000)) ms"
}

# The requests, each with what its answer must hold.  nsenter rather than
# "ip netns exec", which sets up more than the network namespace.
NAMES=()
CMDS=()
EXPECT=()
PY_REQ=ovx_nl.py
py=/usr/bin/python3
py_pid=""
add_req() { # NAME EXPECTED CMD...
	NAMES+=("$1")
	EXPECT+=("$2")
	shift 2
	CMDS+=("$*")
}
add_req "net show (net-get dump)" '"name":"blue"' net show
add_req "net show blue (net-get do)" '"switch":"ovx0"' net show blue
add_req "port show (port-get dump)" '"dev":"v0"' port show
# "ovx port show dev v0" finds v0's index with RTM_GETLINK, which takes
# RTNL on 6.1: port-get by index comes from ovx_nl.py instead, loaded (YNL
# is slow to) before RTNL is held, sent when told through a FIFO.
add_req "port-get do (ovx_nl.py)" 'net blue' "$PY_REQ"
add_req "peer show (peer-get dump)" '"peer":"192.0.2.2"' peer show
add_req "peer show 192.0.2.2 (peer-get do)" '"nets":["blue"]' \
	peer show 192.0.2.2
add_req "fdb show (fdb-get dump)" "\"mac\":\"$MAC1\"" fdb show
add_req "fdb get (fdb-get do)" '"dev":"v0"' fdb get "$MAC1" net blue
add_req "switch show (switch-get dump)" '"name":"ovx0"' switch show

# Starts the requests in the background while RTNL is held, and waits
# for their answers as long as the deletion that holds it runs: an answer
# seen while $holder is still running came while RTNL was held (HELD).
# What the machine's load makes slow then has the whole hold to answer.
declare -A PIDS RC HELD
tmpd=""
run_requests() {
	local i pending finished

	for i in "${!CMDS[@]}"; do
		if [ "${CMDS[$i]}" = "$PY_REQ" ]; then
			echo go >"$tmpd/go" &
			PIDS[$i]=$py_pid
			continue
		fi
		# shellcheck disable=SC2086
		nsenter --net="/run/netns/$ns0" "$OVX" -j ${CMDS[$i]} \
			>"$tmpd/$i.out" 2>"$tmpd/$i.err" &
		PIDS[$i]=$!
	done
	while true; do
		pending=0
		finished=()
		for i in "${!CMDS[@]}"; do
			[ -n "${RC[$i]:-}" ] && continue
			if kill -0 "${PIDS[$i]}" 2>/dev/null; then
				pending=1
			else
				wait "${PIDS[$i]}"
				RC[$i]=$?
				finished+=("$i")
			fi
		done
		# Checked after the answers: still running, it held RTNL
		# when they came.
		if kill -0 "$holder" 2>/dev/null; then
			for i in "${finished[@]}"; do
				HELD[$i]=1
			done
		else
			return 0
		fi
		[ $pending -eq 0 ] && return 0
		sleep 0.05
	done
}

answered() { # I
	local i=$1

	if [ -z "${HELD[$i]:-}" ]; then
		if [ -n "${RC[$i]:-}" ]; then
			ktap_print_msg "it answered only once RTNL was released"
		else
			ktap_print_msg "no answer while RTNL was held"
		fi
		return 1
	fi
	if [ "${RC[$i]}" -ne 0 ]; then
		ktap_print_msg "exit ${RC[$i]}: $(cat "$tmpd/$i.err")"
		return 1
	fi
	if ! grep -qF -- "${EXPECT[$i]}" "$tmpd/$i.out"; then
		ktap_print_msg "answer lacks ${EXPECT[$i]}: $(cat "$tmpd/$i.out")"
		return 1
	fi
}

ktap_print_header
ktap_set_plan $((${#CMDS[@]} + 1))

setup || ktap_exit_fail_msg "cannot set up the namespaces"
tmpd=$(mktemp -d)
defer rm -rf "$tmpd"

# ovx_nl.py, loaded and waiting.
mkfifo "$tmpd/go" || ktap_exit_fail_msg "cannot make a FIFO"
idx=$(ip -n "$ns0" -o link show v0 | cut -d: -f1)
for i in "${!CMDS[@]}"; do
	[ "${CMDS[$i]}" = "$PY_REQ" ] || continue
	nsenter --net="/run/netns/$ns0" "$py" "$(dirname "$0")/ovx_nl.py" \
		port-get-on "$tmpd/go" "$idx" >"$tmpd/$i.out" 2>"$tmpd/$i.err" &
	py_pid=$!
	busywait 120000 grep -qs ready "$tmpd/$i.out" ||
		ktap_exit_fail_msg "ovx_nl.py did not start: $(cat "$tmpd/$i.err")"
done

# Every request answers before RTNL is held: the expectations are right.
for i in "${!CMDS[@]}"; do
	[ "${CMDS[$i]}" = "$PY_REQ" ] && continue
	# shellcheck disable=SC2086
	nsenter --net="/run/netns/$ns0" "$OVX" -j ${CMDS[$i]} >"$tmpd/pre" 2>&1 &&
		grep -qF -- "${EXPECT[$i]}" "$tmpd/pre" ||
		ktap_exit_fail_msg "${NAMES[$i]} fails even without RTNL held: $(cat "$tmpd/pre")"
done

# On a loaded host the deletion's process may start after the probe, which
# then takes RTNL first and is done: make the dummies again and retry, with
# more time for the deletion to start.
for attempt in 1 2 3; do
	ip -n "$nsh" link del group 7 &
	holder=$!
	# The probe: it returns only once it had RTNL.
	sleep "0.$((2 * attempt))"
	ip -n "$nsh" link set lo up &
	probe=$!
	sleep 0.5
	kill -0 "$probe" 2>/dev/null && break
	wait "$holder"
	wait "$probe"
	[ $attempt = 3 ] &&
		ktap_exit_fail_msg "RTNL was not held by the deletion: raise HOLD_SECS"
	ktap_print_msg "the probe had RTNL before the deletion (attempt $attempt): again"
	make_dummies || ktap_exit_fail_msg "cannot make the dummies again"
done
defer kill "$holder"

run_requests
if kill -0 "$probe" 2>/dev/null; then
	ktap_test_pass "RTNL was held throughout (the probe was still blocked)"
else
	ktap_test_fail "RTNL was released before every request had answered"
fi
for i in "${!CMDS[@]}"; do
	ktap_test_result "${NAMES[$i]} answers while RTNL is held" answered "$i"
done
# Nothing stays blocked behind us.
wait "$holder"
wait "$probe"
for i in "${!PIDS[@]}"; do
	wait "${PIDS[$i]}" 2>/dev/null
done

ktap_finished
