#!/usr/bin/env bash
# The bash completion offers the program's commands and options (as its --help lists them) and
# the provider names, which are the program's `detect --json` list, in its order.
# usage: check_completion.sh PROGRAM COMPLETION
set -uo pipefail
program=$1
# shellcheck disable=SC1090
source "$2" || { echo "FAIL: cannot source $2"; exit 1; }
status=0

# Prints what completing the words gives, one a line; the last word is the one completed.
complete_words() {
    COMP_WORDS=("$program" "$@")
    COMP_CWORD=$#
    COMPREPLY=()
    _ambient_oidc
    printf '%s\n' "${COMPREPLY[@]}"
}
# expect "DESCRIPTION" WORD... -- COMPLETION-WORDS...: each WORD is among the completions.
expect() {
    local what=$1 wanted=() got
    shift
    while [ "$1" != -- ]; do wanted+=("$1"); shift; done
    shift
    got=$(complete_words "$@")
    for word in "${wanted[@]}"; do
        if ! grep -qxF -- "$word" <<<"$got"; then
            echo "FAIL: $what: '$word' not offered for '${*}'; got: $(echo $got)"
            status=1
        fi
    done
}

help=$(LC_ALL=C "$program" --help)
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$help")
[ -n "$commands" ] || { echo "FAIL: no command in '$program --help'"; exit 1; }
# shellcheck disable=SC2086
expect "commands" $commands -- ""
expect "a command by its prefix" token -- to
for command in $commands; do
    options=$(LC_ALL=C "$program" "$command" --help | grep -E '^ +-' |
              grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u)
    # shellcheck disable=SC2086
    expect "options of $command" $options -- "$command" --
done
# The providers are the program's own list, from `detect --json`, in its order.
detected=$(env -i PATH=/usr/bin:/bin "$program" detect --json |
           grep -oE '"name" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
[ -n "$detected" ] || { echo "FAIL: no provider in '$program detect --json'"; exit 1; }
listed=$(tr ' ' '\n' <<<"$_ambient_oidc_providers" | grep -v '^$' | grep -vx auto)
if [ "$detected" != "$listed" ]; then
    echo "FAIL: the completion's providers differ from 'detect --json' (order included):"
    diff <(echo "$listed") <(echo "$detected")
    status=1
fi
# shellcheck disable=SC2086
expect "providers" auto $detected -- --provider ""
expect "providers after --provider=" github-actions gitlab -- token --provider = gi
expect "the command after an option's value" token inspect -- --provider gitlab ""
expect "exchange services" pypi crates-io npm rubygems nuget -- exchange ""
expect "services after --exchange" pypi crates-io -- exec --exchange ""
program_saved=$program
program=docker-credential-ambient-oidc
expect "docker actions" get store erase list version -- ""
for program in vault-token-helper-ambient-oidc git-credential-ambient-oidc; do
    expect "$program actions" get store erase -- ""
done
program=$program_saved
[ $status -eq 0 ] && echo "ok: commands, options and providers complete"
exit $status
