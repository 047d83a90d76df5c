# shellcheck shell=bash
# Helpers shared by the scripts in bench/ (sourced, from the repository's top directory), on top
# of scripts/lib/common.sh (apt_install, start_fake_idp, stop_fake_idp).
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh
# shellcheck source=scripts/lib/ccache.sh
. scripts/lib/ccache.sh

# Configures DIR as packaged (RelWithDebInfo) and builds the targets named in it.
bench_build() {  # DIR TARGET...
  local dir=$1
  shift
  ccache_setup
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$dir" -j2 --target "$@" >/dev/null
}

# A clean environment for the program: no proxy, no user or system configuration, no
# AMBIENT_OIDC_* settings, and configuration, runtime and cache directories of its own in WORK.
bench_clean_env() {  # WORK
  local variable
  unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY no_proxy NO_PROXY AMBIENT_OIDC_CONFIG
  for variable in $(env | sed -n 's/^\(AMBIENT_OIDC_[A-Z_]*\)=.*/\1/p'); do unset "$variable"; done
  export XDG_CONFIG_HOME=$1/config XDG_RUNTIME_DIR=$1/runtime XDG_CACHE_HOME=$1/cache
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME"
  chmod 0700 "$XDG_RUNTIME_DIR"
}

# Starts fake-idp from BUILD with its files in WORK/idp (its log in WORK/idp/log) and the
# arguments given, and exports the three variables a client needs: ACTIONS_ID_TOKEN_REQUEST_URL,
# ACTIONS_ID_TOKEN_REQUEST_TOKEN and SSL_CERT_FILE. stop_fake_idp ends it.
bench_start_idp() {  # BUILD WORK [FAKE-IDP ARGUMENT...]
  local build=$1 work=$2
  shift 2
  start_fake_idp "$work/idp" "$build/tests/support/fake-idp" -- "$@"
  export ACTIONS_ID_TOKEN_REQUEST_URL=$idp_url ACTIONS_ID_TOKEN_REQUEST_TOKEN=$idp_token \
    SSL_CERT_FILE=$idp_ca
}
