#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs unit test programs that print KTAP, under ASan/UBSan settings.
# Usage: run.sh LSAN_PROBE TEST...   (a TEST may be a command with arguments)
#
# Each program's KTAP is passed through.  A program that exits non-zero
# without reporting a failure, or reports fewer results than its plan,
# gets one extra "not ok" line, so counting "ok"/"not ok" lines at
# column 0 never misses a crash.  Exits 1 if anything failed.

probe=$1
shift

# Sanitizer failures exit with 23, which no test expects from the code
# under test (the cli tests check the exit codes of child processes).
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=23
export UBSAN_OPTIONS
leaks=1
if ! ASAN_OPTIONS=detect_leaks=1 "$probe" >/dev/null 2>&1; then
	leaks=0
	echo "# LeakSanitizer does not work here: leak checks are off"
fi
ASAN_OPTIONS=detect_leaks=$leaks:exitcode=23:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export ASAN_OPTIONS

out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
status=0
for t in "$@"; do
	# $t is word-split on purpose: it may carry arguments.
	$t >"$out"
	rc=$?
	cat "$out"
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
	ran=$(grep -c -E '^(ok|not ok) ' "$out")
	failed=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$ran" != "$plan" ]; then
		status=1
		if [ "$failed" -eq 0 ]; then
			echo "not ok - $t exited with status $rc after $ran of ${plan:-?} results"
		fi
	fi
done
exit $status
