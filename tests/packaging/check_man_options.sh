#!/usr/bin/env bash
# The man page documents every option the program knows, and names none that it does not know
# in its SYNOPSIS or in the item headings of its OPTIONS section. The options known are those of
# `PROGRAM --help` and of `PROGRAM COMMAND --help` for every command that --help lists.
# usage: check_man_options.sh PROGRAM PAGE
set -euo pipefail
program=$1
page=$2

help=$(LC_ALL=C "$program" --help)
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$help")
[ -n "$commands" ] || { echo "FAIL: no command under 'Commands:' in '$program --help'"; exit 1; }
for command in $commands; do
    help+=$'\n'$(LC_ALL=C "$program" "$command" --help)
done
# Option lines: "  --name VALUE   text" or "  -v, --verbose   text".
known=$(grep -E '^ +-' <<<"$help" | grep -oE '(^| )--?[a-zA-Z0-9][a-zA-Z0-9-]*' | tr -d ' ' | sort -u)

# The page as text: font escapes dropped, \- made -, request names kept.
text=$(sed -e 's/\\f[BIRP]//g; s/\\f(..//g; s/\\c//g; s/\\-/-/g; s/\\(em/ /g' "$page")

status=0
for option in $known; do
    if ! grep -qE -- "(^|[^a-zA-Z0-9-])${option}([^a-zA-Z0-9-]|$)" <<<"$text"; then
        echo "FAIL: $page does not document $option"
        status=1
    fi
done

# Long options named in the SYNOPSIS and in the item headings (the line after .TP) of OPTIONS.
named=$(awk '/^\.SH/ { section = $0; gsub(/^\.SH +"?|"$/, "", section); next }
             section == "SYNOPSIS" || (section == "OPTIONS" && heading) { print }
             { heading = /^\.TP/ }' <<<"$text" |
        grep -oE -- '--[a-zA-Z0-9][a-zA-Z0-9-]*' | sort -u || true)
for option in $named; do
    if ! grep -qxF -- "$option" <<<"$known"; then
        echo "FAIL: $page names $option, which '$program --help' does not know"
        status=1
    fi
done

[ $status -eq 0 ] && echo "ok: $(wc -w <<<"$known") options of $(wc -w <<<"$commands") commands documented"
exit $status
