#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# libovx's kernel round trip (lib/test/kernel_test) against the loaded
# module: networks, ports, the FDB, peers and notifications through the C
# library, in a network namespace of its own.  Outside the VM it skips
# everything (the module is not loaded), so this is where it really runs.
# Its results become results of this test, prefixed "libovx: ", and one
# more says that it ended cleanly, without a sanitizer report (it is built
# with ASan and UBSan by `make -C lib check`, which the unit stage of
# `make check` runs before the selftests).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

kernel_test=$OVX_TOP/lib/test/kernel_test

ovx_mod_check
if [ ! -x "$kernel_test" ]; then
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "lib/test/kernel_test is not built (make -C lib check)" \
		"libovx kernel round trip"
	ktap_finished
fi

tmp=$(mktemp -d) || exit 1
defer rm -rf "$tmp"

# The settings of lib/test/run.sh: sanitizer reports end the program with 23.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=23
export ASAN_OPTIONS=detect_leaks=1:exitcode=23:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1

start=$(date +%s)
"$kernel_test" >"$tmp/out" 2>"$tmp/err"
kt_rc=$?
took=$(($(date +%s) - start))

clean_exit() {
	local failed
	failed=$(grep -c '^not ok ' "$tmp/out")
	if grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		echo "a sanitizer reported an error (see above)"
		return 1
	fi
	# 0, or 1 when some result failed (and says so above).
	[ "$kt_rc" -eq 0 ] || { [ "$kt_rc" -eq 1 ] && [ "$failed" -gt 0 ]; } || {
		echo "exit status $kt_rc with $failed failed results"
		return 1
	}
}

ktap_print_header
ktap_set_plan $(($(ktap_sub_count "$tmp/out") + 1))
ktap_print_msg "lib/test/kernel_test took $took s, exit status $kt_rc"
sed 's/^/# kernel_test: /' "$tmp/err"
ktap_forward "$tmp/out" "libovx: "
ktap_test_result "libovx: kernel_test ends cleanly, no sanitizer report" clean_exit
ktap_finished
