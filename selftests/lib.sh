#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers for ovx selftests: KTAP output, network namespaces that
# clean up after themselves, waiting, and wrappers for the ovx tools.
# Every test sources this file, builds its own namespaces, never touches the
# namespace it was started in, and ends with ktap_finished.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

OVX_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OVX=${OVX:-$OVX_TOP/cli/ovx}

__ktap_plan=0
__ktap_n=0
__ktap_pass=0
__ktap_fail=0
__ktap_skip=0

ktap_print_header() {
	echo "TAP version 13"
}

ktap_set_plan() {
	__ktap_plan=$1
	echo "1..$1"
}

ktap_print_msg() {
	echo "# $*"
}

ktap_test_pass() {
	__ktap_n=$((__ktap_n + 1))
	__ktap_pass=$((__ktap_pass + 1))
	echo "ok $__ktap_n $*"
}

ktap_test_fail() {
	__ktap_n=$((__ktap_n + 1))
	__ktap_fail=$((__ktap_fail + 1))
	echo "not ok $__ktap_n $*"
}

ktap_test_skip() { # REASON DESC...
	local reason=$1
	shift
	__ktap_n=$((__ktap_n + 1))
	__ktap_skip=$((__ktap_skip + 1))
	echo "ok $__ktap_n $* # SKIP $reason"
}

# ktap_test_result DESC CMD...: one result from a command's exit status.
# The command's output is shown as diagnostics only when it fails.
ktap_test_result() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ktap_test_pass "$desc"
	else
		[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
		ktap_print_msg "exit status $rc: $*"
		ktap_test_fail "$desc"
	fi
	return $rc
}

ktap_exit_fail_msg() {
	echo "Bail out! $*"
	exit $KSFT_FAIL
}

# ktap_totals: print the totals line; return the test's exit status.
ktap_totals() {
	local missing=$((__ktap_plan - __ktap_n))

	if [ "$missing" -gt 0 ]; then
		ktap_print_msg "planned $__ktap_plan tests, ran $__ktap_n"
		__ktap_fail=$((__ktap_fail + missing))
	fi
	echo "# Totals: pass:$__ktap_pass fail:$__ktap_fail xfail:0 xpass:0 skip:$__ktap_skip error:0"
	if [ "$__ktap_fail" -gt 0 ]; then
		return $KSFT_FAIL
	elif [ "$__ktap_pass" -eq 0 ] && [ "$__ktap_skip" -gt 0 ]; then
		return $KSFT_SKIP
	fi
	return $KSFT_PASS
}

ktap_finished() {
	ktap_totals
	exit $?
}

# Skip the whole test when a tool is missing.
require_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			ktap_print_header
			ktap_set_plan 1
			ktap_test_skip "$c not installed" "required command $c"
			ktap_finished
		fi
	done
}

# Tests run only where ovx.ko can be loaded: in the VM of scripts/vmtest.
ovx_mod_check() {
	if [ ! -d /sys/module/ovx ]; then
		ktap_print_header
		ktap_set_plan 1
		ktap_test_skip "ovx module not loaded (run through scripts/vmtest)" \
			"ovx module present"
		ktap_finished
	fi
}

# --- network namespaces --------------------------------------------------

__ovx_ns_list=()
__ovx_cleanup_cmds=()

# setup_ns VAR...: create one namespace per VAR with a random name, bring up
# its loopback and store the name in VAR.  One "ip -batch" creates them all
# (processes are slow under TCG).
setup_ns() {
	local var name i sfx names=() batch=""
	local chars=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789
	for var in "$@"; do
		# mktemp -u's XXXXXX, without its process.
		name=""
		while [ -z "$name" ] || [ -e "/run/netns/$name" ]; do
			sfx=""
			for i in 1 2 3 4 5 6; do
				sfx+=${chars:RANDOM % 62:1}
			done
			name=$var-$sfx
		done
		names+=("$name")
		batch+="netns add $name"$'\n'
	done
	[ ${#names[@]} -gt 0 ] || return 0
	# Listed first: cleanup deletes those that were made if one fails.
	__ovx_ns_list+=("${names[@]}")
	ip -batch - <<<"$batch" || return 1
	i=0
	for var in "$@"; do
		name=${names[$i]}
		i=$((i + 1))
		ip -n "$name" link set lo up || return 1
		printf -v "$var" '%s' "$name"
	done
}

# cleanup_ns NS...: delete the namespaces (one "ip -batch"), ignoring
# errors.
cleanup_ns() {
	local ns batch=""
	for ns in "$@"; do
		batch+="netns del $ns"$'\n'
	done
	[ -z "$batch" ] || ip -force -batch - <<<"$batch" >/dev/null 2>&1
}

# defer CMD...: run CMD when the test exits, last deferred first.
defer() {
	__ovx_cleanup_cmds+=("$*")
}

__ovx_cleanup() {
	local i
	for ((i = ${#__ovx_cleanup_cmds[@]} - 1; i >= 0; i--)); do
		eval "${__ovx_cleanup_cmds[$i]}" >/dev/null 2>&1
	done
	cleanup_ns "${__ovx_ns_list[@]}"
}
trap __ovx_cleanup EXIT

# Echo a command on the diagnostic stream when OVX_DEBUG is set, then run it.
__ovx_trace() {
	[ -n "${OVX_DEBUG:-}" ] && echo "# [+] $*" >&2
	"$@"
}

# ovxn NS ARGS...: the ovx CLI inside namespace NS.
ovxn() {
	local ns=$1
	shift
	__ovx_trace ip netns exec "$ns" "$OVX" "$@"
}

# ipn NS ARGS...: ip inside namespace NS.
ipn() {
	local ns=$1
	shift
	__ovx_trace ip -n "$ns" "$@"
}

# --- waiting ---------------------------------------------------------------

# busywait TIMEOUT_MS CMD...: retry CMD until it succeeds or time runs out.
# (The clock is bash's EPOCHREALTIME, in microseconds once its decimal
# separator is gone: no process.)
busywait() {
	local timeout_ms=$1 start now
	shift
	start=${EPOCHREALTIME//[!0-9]/}
	while true; do
		"$@" && return 0
		now=${EPOCHREALTIME//[!0-9]/}
		[ $(((now - start) / 1000)) -ge "$timeout_ms" ] && return 1
		sleep 0.1
	done
}

# Module helpers: the VM harness exports OVX_KO, the module it loaded.
ovx_mod_unload() {
	rmmod ovx
}

ovx_mod_load() {
	local deps

	deps=$(modinfo -F depends "${OVX_KO:?OVX_KO is not set (run through scripts/vmtest)}")
	# shellcheck disable=SC2086
	[ -z "$deps" ] || modprobe -a ${deps//,/ }
	insmod "$OVX_KO"
}

# --- helpers that print KTAP of their own ------------------------------------

# ktap_sub_count FILE: how many results the KTAP in FILE stands for: its
# plan ("1..N"), or the results it holds when there are more.
ktap_sub_count() {
	local plan ran
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	ran=$(grep -cE '^(ok|not ok) [0-9]' "$1")
	if [ "${plan:-0}" -gt "$ran" ]; then
		echo "$plan"
	else
		echo "$ran"
	fi
}

# ktap_forward FILE [PREFIX]: report the top-level KTAP results in FILE (a
# helper program's output) as results of this test, their descriptions
# prefixed by PREFIX; "# SKIP" results stay skipped.  Every other line is
# shown as a diagnostic.  Count the results with ktap_sub_count first, for
# the plan: results FILE promised but lacks are failures (ktap_finished).
ktap_forward() {
	local file=$1 prefix=${2:-} line rest desc
	local re='^(not )?ok [0-9]+( - | |$)(.*)$'
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line =~ $re ]]; then
			rest=${BASH_REMATCH[3]}
			desc=$prefix${rest%% # SKIP*}
			if [ -n "${BASH_REMATCH[1]}" ]; then
				ktap_test_fail "$desc"
			elif [[ $rest == *" # SKIP"* ]]; then
				rest=${rest#* # SKIP}
				ktap_test_skip "${rest# }" "$desc"
			else
				ktap_test_pass "$desc"
			fi
		elif [[ $line == "#"* ]]; then
			printf '%s\n' "$line"
		elif [ -n "$line" ]; then
			printf '# %s\n' "$line"
		fi
	done <"$file"
}

# The kernel's YNL library and cli.py, unpacked on the host by
# `scripts/ynl setup` (the checkout is read-only in the VM).
OVX_YNL_ROOT=${OVX_YNL_ROOT:-$OVX_TOP/build/ynl}

# Skip the whole test when they are missing.
require_ynl() {
	if [ ! -f "$OVX_YNL_ROOT/tools/net/ynl/lib/ynl.py" ] ||
		[ ! -f "$OVX_YNL_ROOT/tools/net/ynl/cli.py" ]; then
		ktap_print_header
		ktap_set_plan 1
		ktap_test_skip "no YNL under $OVX_YNL_ROOT: run scripts/ynl setup on the host" \
			"the kernel's YNL tools"
		ktap_finished
	fi
}

# --- the kernel log ----------------------------------------------------------

# Kernel log lines that scripts/vmtest fails a run on.
KMSG_BAD_RE='WARNING:|BUG:|Oops|general protection|refcount_t|list_add corruption'
KMSG_BAD_RE+='|list_del corruption|hung task|blocked for more than|UBSAN|KASAN'
KMSG_BAD_RE+='|kernel BUG|RCU stall|rcu_[a-z]+ self-detected stall|detected stalls'
KMSG_BAD_RE+='|Call Trace'

# kmsg_mark TEXT: write "ovx-selftest: TEXT" into the kernel log.
kmsg_mark() {
	echo "ovx-selftest: $*" >/dev/kmsg
}

# kmsg_clean_since TEXT: no kernel log line after the mark TEXT (the whole
# log if there is no such mark) matches KMSG_BAD_RE; prints those that do.
kmsg_clean_since() {
	local log
	log=$(dmesg) || return 1
	log=${log##*"ovx-selftest: $1"}
	! grep -E "$KMSG_BAD_RE" <<<"$log"
}
