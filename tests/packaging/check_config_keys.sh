#!/usr/bin/env bash
# ambient-oidc.json(5) documents every key of the configuration's entries that the program
# accepts, and documents none that it refuses:
# - exchanges.SERVICE: asked of the program itself. For every service (the list its error for an
#   unknown one gives) and every option of `exchange --help` (the services' options are flags,
#   and `audience`), a configuration holding that one key is read (`detect`); each key accepted
#   must be an item of the page's `exchanges.SERVICE` entry, and each item of that entry must be
#   accepted.
# - cargo.registries.INDEX, registries.HOST and git.HOST: the keys shared/config/config.cpp
#   compares an entry's keys with must be items or bold words of the page's entry.
# (The scalar keys are check_config_example.cmake's.)
# usage: check_config_keys.sh PROGRAM SOURCE_DIR
set -euo pipefail
program=$1
source=$2
page=$source/man/ambient-oidc.json.5
config=$source/shared/config/config.cpp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() {
    echo "FAIL: $*"
    status=1
}

# The page without groff's escapes that keys are written with (\- \% \fB...).
text=$(sed -e 's/\\-/-/g' -e 's/\\%//g' -e 's/\\f[BIRP]//g' -e 's/\\(dq/"/g' "$page")
# entry HEADER: the lines of the page's entry whose tag is HEADER (".B exchanges.pypi"), up to
# the end of its list of keys (.RE).
entry() {
    awk -v header="$1" '$0 == header { on = 1; next } on && /^\.RE/ { exit } on' <<<"$text"
}
# items ENTRY-TEXT: the keys its items name (the words before the parenthesis of each tag).
items() {
    awk 'previous == ".TP" { sub(/^\.B[IR]? /, ""); sub(/ *" *\(.*/, ""); gsub(/[",]/, " ");
                             for (i = 1; i <= NF; i++) print $i }
         { previous = $0 }' <<<"$1"
}
# documents ENTRY-TEXT KEY: KEY is a bold word of the entry (an item's tag or its text).
documents() {
    grep -Eq "^\.B[RI]? (.* )?\"?$2\"?([ ,.;:)]|$)" <<<"$1"
}
# accepted JSON: the program reads the configuration JSON without a usage error about it.
accepted() {
    local errors
    printf '%s\n' "$1" >"$work/config.json"
    errors=$(env -i PATH=/usr/bin:/bin HOME="$work" "$program" --config "$work/config.json" detect \
        2>&1 >/dev/null || true)
    ! grep -q 'unknown key\|unknown exchange service' <<<"$errors"
}

# --- exchanges.SERVICE -----------------------------------------------------------------------
printf '{"exchanges": {"no-such-service": {}}}\n' >"$work/config.json"
services=$({ env -i PATH=/usr/bin:/bin HOME="$work" "$program" --config "$work/config.json" detect \
    2>&1 || true; } | sed -n 's/.*(known: \(.*\)).*/\1/p' | tr -d ',')
[ -n "$services" ] || { echo "FAIL: the program names no exchange service"; exit 1; }
# The options of `exchange --help` that `token --help` does not list (the services' own), and
# audience.
long_options() {  # COMMAND
    "$program" "$1" --help | sed -n 's/^ *--\([a-z-]*\) [A-Z].*/\1/p' | sort -u
}
candidates=$({ echo audience; comm -23 <(long_options exchange) <(long_options token); } | sort -u)
keys=0
for service in $services; do
    block=$(entry ".B exchanges.$service")
    [ -n "$block" ] || { fail "ambient-oidc.json(5) has no entry exchanges.$service"; continue; }
    documented=$(items "$block")
    for key in $candidates; do
        if accepted "{\"exchanges\": {\"$service\": {\"$key\": \"x\"}}}"; then
            keys=$((keys + 1))
            grep -qxF "$key" <<<"$documented" ||
                fail "exchanges.$service.$key is accepted but not documented"
        fi
    done
    for key in $documented; do
        accepted "{\"exchanges\": {\"$service\": {\"$key\": \"x\"}}}" ||
            fail "exchanges.$service.$key is documented but the program refuses it"
    done
done

# --- cargo.registries, registries, git: the keys config.cpp knows ----------------------------
# cargo: apply_cargo compares field_name with each key.
cargo_keys=$(sed -n '/^void apply_cargo/,/^}/p' "$config" | grep -o 'field_name == "[a-z_]*"' |
    sed 's/.*"\(.*\)"/\1/')
# registries and git: the `known` lists of registry_entry and git_entry.
entry_keys() {  # FUNCTION
    sed -n "/^[A-Za-z]* $1(/,/^}/p" "$config" | grep 'known' | grep -o '"[a-z_]*"' | tr -d '"' |
        sort -u
}
for check in "cargo.registries:.BI cargo.registries. index:$cargo_keys" \
    "registries:.BI registries. host:$(entry_keys registry_entry)" \
    "git:.BI git. host:$(entry_keys git_entry)"; do
    name=${check%%:*}
    rest=${check#*:}
    header=${rest%%:*}
    list=${rest#*:}
    [ -n "$list" ] || { fail "no keys of $name found in $config"; continue; }
    block=$(entry "$header")
    [ -n "$block" ] || { fail "ambient-oidc.json(5) has no entry '$header'"; continue; }
    for key in $list; do
        keys=$((keys + 1))
        documents "$block" "$key" || fail "$name: the key $key is not documented"
    done
done
[ $status -ne 0 ] || echo "config keys: $keys keys of exchanges, cargo, registries and git, all documented"
exit $status
