# shellcheck shell=bash
# Helpers shared by the scripts in bench/ (sourced, from the repository's top directory).
# bench_start_idp and bench_stop_idp use the variable idp_pid.

# Installs the Debian packages named that are missing (with sudo unless root).
bench_need_packages() {  # PACKAGE...
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "${0##*/}: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Configures DIR as packaged (RelWithDebInfo) and builds the targets named in it.
bench_build() {  # DIR TARGET...
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$dir" -j"$(nproc)" --target "$@" >/dev/null
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

# Starts fake-idp from BUILD with its files in WORK/idp and the arguments given (its log in
# WORK/idp.log), waits until it serves, and exports the three variables a client needs:
# ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN and SSL_CERT_FILE. Sets idp_pid.
bench_start_idp() {  # BUILD WORK [FAKE-IDP ARGUMENT...]
  local build=$1 work=$2
  shift 2
  "$build/tests/support/fake-idp" --dir "$work/idp" "$@" >"$work/idp.env" 2>"$work/idp.log" &
  idp_pid=$!
  for _ in $(seq 100); do
    [ "$(grep -c '=' "$work/idp.env" 2>/dev/null)" -ge 3 ] && break
    kill -0 "$idp_pid" 2>/dev/null || { cat "$work/idp.log" >&2; return 1; }
    sleep 0.1
  done
  local url bearer ca
  url=$(sed -n 's/^ACTIONS_ID_TOKEN_REQUEST_URL=//p' "$work/idp.env")
  bearer=$(sed -n 's/^ACTIONS_ID_TOKEN_REQUEST_TOKEN=//p' "$work/idp.env")
  ca=$(sed -n 's/^SSL_CERT_FILE=//p' "$work/idp.env")
  if [ -z "$url" ] || [ -z "$bearer" ] || [ -z "$ca" ]; then
    echo "${0##*/}: fake-idp did not start" >&2
    return 1
  fi
  export ACTIONS_ID_TOKEN_REQUEST_URL=$url ACTIONS_ID_TOKEN_REQUEST_TOKEN=$bearer SSL_CERT_FILE=$ca
}

# Stops the fake-idp that bench_start_idp started, if any.
bench_stop_idp() {
  if [ -n "${idp_pid:-}" ]; then
    kill -TERM "$idp_pid" 2>/dev/null || true
    wait "$idp_pid" 2>/dev/null || true
    idp_pid=
  fi
}
