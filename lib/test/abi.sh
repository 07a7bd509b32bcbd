#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks the ABI of the shared object against the version script, as KTAP:
# the soname, every listed symbol exported under its tag, nothing else,
# the file's version following the newest tag; and its types and symbols
# against the baseline that abidw wrote (abidiff, from abigail-tools).
# Usage: abi.sh SHLIB VERSION_SCRIPT SONAME BASELINE HEADERS_DIR
#        abi.sh --update SHLIB HEADERS_DIR BASELINE   (writes the baseline)

# The public types and symbols, without paths or line numbers, so that
# only a change of the ABI changes the file.
abi_dump() { # SHLIB HEADERS_DIR OUT
	abidw --headers-dir "$2" --drop-private-types --no-corpus-path \
		--no-comp-dir-path --no-show-locs --type-id-style hash \
		--out-file "$3" "$1"
}

if [ "$1" = --update ]; then
	abi_dump "$2" "$3" "$4"
	exit
fi

lib=$1
script=$2
soname=$3
baseline=$4
headers=$5

want=$(mktemp) && have=$(mktemp) && now=$(mktemp) || exit 1
trap 'rm -f "$want" "$have" "$now"' EXIT

# "name@@TAG" for each symbol under "global:" in each tag of the script.
sed -e 's|/\*.*\*/||g' "$script" | awk '
	/\/\*/ { incomment = 1 }
	incomment { if ($0 ~ /\*\//) incomment = 0; next }
	/^[A-Za-z0-9_.]+[ \t]*\{/ { tag = $1; sub(/\{.*/, "", tag); section = ""; next }
	/^[ \t]*global:/ { section = "global"; next }
	/^[ \t]*local:/ { section = "local"; next }
	/^[ \t]*\}/ { tag = ""; next }
	section == "global" && tag != "" && /;/ {
		name = $0; gsub(/[ \t;]/, "", name)
		if (name != "") print name "@@" tag
	}' | sort >"$want"

nm -D --defined-only --with-symbol-versions "$lib" |
	awk '$2 ~ /^[TDBRVWiu]$/ && $3 !~ /^LIBOVX_[0-9.]+$/ { print $3 }' |
	sort >"$have"

fail=0
echo "TAP version 13"
echo "1..5"
if objdump -p "$lib" | grep -q "SONAME[[:space:]]*$soname\$"; then
	echo "ok 1 $lib has soname $soname"
else
	echo "not ok 1 $lib has soname $soname"
	fail=1
fi
missing=$(comm -23 "$want" "$have" | tr '\n' ' ')
if [ -s "$want" ] && [ -z "$missing" ]; then
	echo "ok 2 every symbol of $script is exported under its tag"
else
	echo "not ok 2 every symbol of $script is exported under its tag"
	echo "# missing: $missing"
	fail=1
fi
extra=$(comm -13 "$want" "$have" | tr '\n' ' ')
if [ -z "$extra" ]; then
	echo "ok 3 $lib exports nothing else"
else
	echo "not ok 3 $lib exports nothing else"
	echo "# extra: $extra"
	fail=1
fi
# libovx.so.MAJOR.MINOR.PATCH: MAJOR.MINOR is that of the newest tag.
newest=$(sed -n 's/^LIBOVX_\([0-9][0-9]*\.[0-9][0-9]*\)[ \t]*{.*/\1/p' "$script" | tail -n 1)
case ${lib##*/} in
"libovx.so.$newest".*)
	echo "ok 4 ${lib##*/} follows the newest tag LIBOVX_$newest" ;;
*)
	echo "not ok 4 ${lib##*/} follows the newest tag LIBOVX_${newest:-?}"
	echo "# set SO_VERSION in lib/Makefile to $newest.0"
	fail=1 ;;
esac

# Any difference fails: an intended, compatible change (a new symbol, a
# member appended to a sized object) is recorded with make abi-update.
# Both sides are abidw's XML, written the same way: abidiff filters
# too much when it reads one side from the shared object itself.
if ! command -v abidiff >/dev/null 2>&1 || ! command -v abidw >/dev/null 2>&1; then
	echo "ok 5 the ABI matches $baseline # SKIP abidiff not installed (abigail-tools)"
elif ! abi_dump "$lib" "$headers" "$now"; then
	echo "not ok 5 the ABI matches $baseline (abidw failed: built without -g?)"
	fail=1
else
	report=$(abidiff "$baseline" "$now" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok 5 the ABI matches $baseline"
	else
		echo "not ok 5 the ABI matches $baseline (abidiff status $rc)"
		printf '%s\n' "$report" | sed 's/^/# /'
		echo "# if the change is intended and compatible: make -C lib abi-update"
		fail=1
	fi
fi
exit $fail
