# shellcheck shell=bash
# Sourced by the scripts that compile (scripts/build, sanitize-test, fuzz, package, static and
# bench/soak through bench/lib.sh). With AMBIENT_OIDC_CCACHE=DIR in the environment (.ci/run sets
# it), every compiler that CMake configures from then on runs through ccache with its cache in
# DIR, so that the builds of one CI run that compile the same sources with the same flags compile
# them once: scripts/test's build and the newcomer root's (scripts/newcomer-test lends DIR to the
# root), the .deb's build and the RPM's (scripts/package), scripts/static's and the static image's
# build stage (scripts/install-test lends DIR to it). Unset, it does nothing.
#
# ccache_setup [SOURCE-DIR]: installs ccache when it is missing and exports its settings. Paths
# under SOURCE-DIR (default: the current directory) are hashed relative to the build directory,
# and the build directory itself is not hashed, so that a tree built at another path (the
# newcomer root's /usr/local/src, the RPM's build directory) hits the same entries.
ccache_setup() {
    [ -n "${AMBIENT_OIDC_CCACHE:-}" ] || return 0
    if ! command -v ccache >/dev/null; then
        echo "${0##*/}: installing ccache (AMBIENT_OIDC_CCACHE=$AMBIENT_OIDC_CCACHE)" >&2
        "$(dirname "${BASH_SOURCE[0]}")/apt-install" ccache
    fi
    mkdir -p "$AMBIENT_OIDC_CCACHE"
    export CCACHE_DIR=$AMBIENT_OIDC_CCACHE
    CCACHE_BASEDIR=$(cd "${1:-.}" && pwd -P)
    export CCACHE_BASEDIR CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content CCACHE_MAXSIZE=4G
    export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
    # ccache hashes the locale too (the compiler's messages depend on it): one for every build,
    # the one rpmbuild sets for its own.
    export LANG=C
    unset LC_ALL LC_CTYPE LC_MESSAGES
}
