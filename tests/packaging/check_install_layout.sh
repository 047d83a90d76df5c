#!/usr/bin/env bash
# `cmake --install` (what the Debian and RPM packages ship) lays out the program, its
# credential-helper names (Docker, Vault, git) as links to it, the man pages, the bash completion, the docs, the
# example configuration and the systemd unit.
# usage: check_install_layout.sh CMAKE BUILD_DIR SCRATCH_DIR
set -euo pipefail
cmake=$1
build=$2
root=$3
rm -rf "$root"
DESTDIR=$root "$cmake" --install "$build" --prefix /usr >/dev/null
status=0
fail() { echo "FAIL: $*"; status=1; }

[ -x "$root/usr/bin/ambient-oidc" ] && [ ! -L "$root/usr/bin/ambient-oidc" ] ||
    fail "/usr/bin/ambient-oidc is not an executable file"
for link in usr/bin/docker-credential-ambient-oidc \
    usr/bin/vault-token-helper-ambient-oidc \
    usr/bin/git-credential-ambient-oidc \
    usr/share/bash-completion/completions/docker-credential-ambient-oidc \
    usr/share/bash-completion/completions/vault-token-helper-ambient-oidc \
    usr/share/bash-completion/completions/git-credential-ambient-oidc; do
    [ "$(readlink "$root/$link" || true)" = ambient-oidc ] || fail "/$link is not a link to ambient-oidc"
done
for file in \
    usr/share/man/man1/ambient-oidc.1 \
    usr/share/man/man1/docker-credential-ambient-oidc.1 \
    usr/share/man/man1/vault-token-helper-ambient-oidc.1 \
    usr/share/man/man1/git-credential-ambient-oidc.1 \
    usr/share/man/man5/ambient-oidc.json.5 \
    usr/share/bash-completion/completions/ambient-oidc \
    usr/share/doc/ambient-oidc/README.md \
    usr/share/doc/ambient-oidc/changelog \
    usr/share/doc/ambient-oidc/examples/config.json; do
    if [ ! -f "$root/$file" ]; then
        fail "/$file is not installed"
    elif [ "$(stat -c %a "$root/$file")" != 644 ]; then
        fail "/$file has mode $(stat -c %a "$root/$file"), not 644"
    fi
done
units=$(find "$root" -name ambient-oidc-refresh.service -path '*/lib/systemd/system/*')
[ -n "$units" ] || fail "no lib/systemd/system/ambient-oidc-refresh.service"

rm -rf "$root"
[ $status -eq 0 ] && echo "ok: the installed layout is complete"
exit $status
