# shellcheck shell=bash
# Making a fresh Debian root as a newcomer's machine would be, for scripts/install-test and
# scripts/newcomer-test (sourced, not run). Needs root and debootstrap.

# debian_root_mirror SUITE: the Debian mirror apt uses here, the first URI of a deb source for
# SUITE in /etc/apt.
debian_root_mirror() {
    local suite=$1 file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v suite="$suite" '
            /^[ \t]*$/ { if (deb && has_suite && uri && !off) print uri; deb = has_suite = off = 0; uri = ""; next }
            tolower($1) == "enabled:" && tolower($2) == "no" { off = 1 }
            tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
            tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
            tolower($1) == "uris:" { uri = $2 }
            END { if (deb && has_suite && uri && !off) print uri }' "$file"
    done
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -e 's/\[[^]]*\]//' |
        awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2 }'
}

# debian_root_create ROOT SUITE LOG: `debootstrap --variant=minbase SUITE ROOT` from the mirror
# apt uses here (its output in LOG, the tail of it shown when it fails), then the apt sources
# of this machine (updates and security too) with the keyrings and proxy settings they need.
debian_root_create() {
    local root=$1 suite=$2 log=$3 mirror file keyring
    mirror=$(debian_root_mirror "$suite" 2>/dev/null | head -n 1 || true)
    [ -n "$mirror" ] || { echo "no Debian mirror for $suite in /etc/apt" >&2; return 1; }
    echo "debootstrap --variant=minbase $suite from $mirror" >&2
    debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$log" 2>&1 || {
        tail -n 30 "$log" >&2
        echo "debootstrap failed" >&2
        return 1
    }
    rm -f "$root/etc/apt/sources.list"
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -s "$file" ] || continue
        mkdir -p "$root$(dirname "$file")"
        cp "$file" "$root$file"
        for keyring in $(sed -n 's/.*[Ss]igned-[Bb]y[:=] *\([^] ]*\).*/\1/p' "$file"); do
            [ -f "$keyring" ] && [ ! -e "$root$keyring" ] &&
                mkdir -p "$root$(dirname "$keyring")" && cp "$keyring" "$root$keyring"
        done
    done
    for file in $(grep -lis 'Acquire::.*proxy' /etc/apt/apt.conf /etc/apt/apt.conf.d/* || true); do
        mkdir -p "$root$(dirname "$file")" && cp "$file" "$root$file"
    done
}

# debian_root_mounts DIR: the mount points at DIR and under it, deepest first.
debian_root_mounts() {
    findmnt -rn -o TARGET | awk -v dir="$1" '$0 == dir || index($0, dir "/") == 1' | sort -r
}

# debian_root_unmount DIR: unmounts everything mounted at or under DIR, deepest first, lazily
# when busy.
debian_root_unmount() {
    local target
    while read -r target; do
        umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
    done < <(debian_root_mounts "$1")
}

# debian_root_remove DIR: unmounts what is under DIR and removes it; fails, leaving it, when
# something stays mounted.
debian_root_remove() {
    debian_root_unmount "$1"
    if [ -n "$(debian_root_mounts "$1")" ]; then
        echo "still mounted under $1, not removing it:" >&2
        debian_root_mounts "$1" >&2
        return 1
    fi
    rm -rf --one-file-system "$1"
}

# debian_root_install_host_tools PACKAGE...: installs on this machine those that are missing.
debian_root_install_host_tools() { "$(dirname "${BASH_SOURCE[0]}")/apt-install" "$@"; }
