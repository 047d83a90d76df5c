#!/usr/bin/env bash
# Every man page in DIR renders without a warning: groff -man -ww -z prints nothing, on
# groff's default device and on a terminal 80 columns wide (man-db's MANWIDTH=80: -Tutf8 -rLL=78n,
# where a long unbreakable word ends in "cannot adjust line").
# usage: check_man_warnings.sh DIR
set -euo pipefail
status=0
count=0
for page in "$1"/*.[1-8]; do
    [ -e "$page" ] || continue
    count=$((count + 1))
    if ! output=$(LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>&1 &&
                  LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 -rLL=78n "$page" 2>&1) || [ -n "$output" ]; then
        echo "FAIL $page:"
        printf '%s\n' "$output"
        status=1
    else
        echo "ok   $page"
    fi
done
[ "$count" -gt 0 ] || { echo "no man page in $1"; exit 1; }
exit $status
