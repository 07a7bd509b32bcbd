#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks the ABI of the shared object against the version script, as KTAP:
# the soname, every listed symbol exported under its tag, nothing else.
# Usage: abi.sh SHLIB VERSION_SCRIPT SONAME

lib=$1
script=$2
soname=$3

want=$(mktemp) && have=$(mktemp) || exit 1
trap 'rm -f "$want" "$have"' EXIT

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
echo "1..3"
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
exit $fail
