#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the ovx selftests, kselftest style: each test's KTAP output is nested
# (indented four spaces) under one result line of its own.
#
#   selftests/run.sh [TEST...]     default: every test in the Makefile's TEST_PROGS
#
# OVX_TEST_FILTER=PATTERN runs only the tests whose name matches PATTERN;
# OVX_TEST_TIMEOUT=SECS overrides the per-test timeout of settings (tripled
# on the debug kernel).

set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 1

timeout=$(sed -n 's/^timeout=//p' settings 2>/dev/null)
timeout=${timeout:-300}
# The debug kernel (scripts/debug-kernel) runs everything about three
# times slower, as scripts/vmtest's own timeout allows for.
case $(uname -r) in
*-ovxdebug) timeout=$((timeout * 3)) ;;
esac
# scripts/fuzz's long runs set their own.
timeout=${OVX_TEST_TIMEOUT:-$timeout}

if [ $# -gt 0 ]; then
	tests=("$@")
else
	read -r -a tests <<<"$(make -s --no-print-directory print-tests)"
fi
if [ -n "${OVX_TEST_FILTER:-}" ]; then
	sel=()
	for t in "${tests[@]}"; do
		[[ $t == *${OVX_TEST_FILTER}* ]] && sel+=("$t")
	done
	tests=("${sel[@]}")
fi

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0
fails=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	echo "# selftests: ovx: $t"
	out=$(mktemp)
	timeout --kill-after=10 "$timeout" ./"$t" >"$out" 2>&1
	rc=$?
	sed 's/^/    /' "$out"
	# A test that dies without reporting a failure still fails.
	if [ $rc -ne 0 ] && [ $rc -ne 4 ] && ! grep -q '^not ok ' "$out"; then
		echo "    not ok 999 $t exited with status $rc without reporting a failed test"
	fi
	rm -f "$out"
	case $rc in
	0) echo "ok $n selftests: ovx: $t" ;;
	4) echo "ok $n selftests: ovx: $t # SKIP" ;;
	124|137) echo "not ok $n selftests: ovx: $t # TIMEOUT $timeout seconds"; fails=$((fails + 1)) ;;
	*) echo "not ok $n selftests: ovx: $t # exit=$rc"; fails=$((fails + 1)) ;;
	esac
done
[ $fails -eq 0 ]
