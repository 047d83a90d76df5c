# Helpers sourced by scripts/static, scripts/static-test, scripts/install-test and bench/:
# logging, installing Debian packages on demand, and starting the fake token endpoint.
# shellcheck shell=bash

# log MESSAGE...: to stderr, with the script's name and its seconds so far.
log() { printf '%s: [%4d s] %s\n' "${0##*/}" "$SECONDS" "$*" >&2; }
die() {
    log "$*"
    exit 1
}

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
# apt_install [--update] PACKAGE...: scripts/lib/apt-install.
apt_install() { "$(dirname "${BASH_SOURCE[0]}")/apt-install" "$@"; }

# start_fake_idp DIR COMMAND... [-- ARGUMENT...]: starts the fake GitHub-style token endpoint of
# tests/support (COMMAND is its path, possibly behind an emulator) with its files in DIR (its log
# in DIR/log), serving until killed, failing no request unless the ARGUMENTs (which win over
# these defaults) say otherwise; sets idp_pid, idp_url, idp_token and idp_ca. stop_fake_idp ends
# it.
idp_pid=
start_fake_idp() {
    local dir=$1 _ command=()
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        command+=("$1")
        shift
    done
    [ $# -eq 0 ] || shift
    mkdir -p "$dir"
    "${command[@]}" --dir "$dir" --fail-first 0 --lifetime 3600 "$@" >"$dir/env" 2>"$dir/log" &
    idp_pid=$!
    for _ in $(seq 600); do
        [ "$(grep -c = "$dir/env" 2>/dev/null)" -ge 3 ] && break
        kill -0 "$idp_pid" 2>/dev/null || break
        sleep 0.05
    done
    idp_url=$(sed -n 's/^ACTIONS_ID_TOKEN_REQUEST_URL=//p' "$dir/env")
    idp_token=$(sed -n 's/^ACTIONS_ID_TOKEN_REQUEST_TOKEN=//p' "$dir/env")
    idp_ca=$(sed -n 's/^SSL_CERT_FILE=//p' "$dir/env")
    if [ -z "$idp_url" ] || [ -z "$idp_token" ] || [ ! -f "$idp_ca" ]; then
        cat "$dir/log" >&2
        die "the fake token endpoint did not start"
    fi
    case $idp_url in https://127.0.0.1:*) ;; *) die "unexpected endpoint $idp_url" ;; esac
}
stop_fake_idp() {
    [ -n "$idp_pid" ] || return 0
    kill -TERM "$idp_pid" 2>/dev/null || true
    wait "$idp_pid" 2>/dev/null || true
    idp_pid=
}

# is_jwt TEXT: three base64url parts.
is_jwt() { [[ $1 =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$ ]]; }
