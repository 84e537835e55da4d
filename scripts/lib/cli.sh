# shellcheck shell=bash
# Messages and preconditions shared by the Fabric scripts. Sourced, never run.

log() { printf '[%s] %s\n' "${SCRIPT_NAME:-${0##*/}}" "$*" >&2; }

die() {
  printf '[%s] ERROR: %s\n' "${SCRIPT_NAME:-${0##*/}}" "$*" >&2
  exit 1
}

# FABRIC_BIN: directory holding the Fabric binaries (e.g. fabric-samples/bin from
# install-fabric.sh); put first on PATH so a user need not edit their PATH.
if [ -n "${FABRIC_BIN:-}" ]; then
  PATH="$FABRIC_BIN:$PATH"
  export PATH
fi

# require_commands CMD...: fail before doing anything when a tool is missing, naming all of them
# at once, instead of failing halfway through with half a network started.
require_commands() {
  local missing=() cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  die "required command(s) not found on PATH: ${missing[*]}.
  Fabric 2.5.x or 3.0.x binaries (peer, orderer, osnadmin, configtxgen, cryptogen, discover): download them with
    curl -sSLO https://raw.githubusercontent.com/hyperledger/fabric/main/scripts/install-fabric.sh
    bash install-fabric.sh --fabric-version 2.5.12 binary    # any 2.5.x; 3.0.0 for --consensus bft
  then export FABRIC_BIN=/path/to/bin (or add it to PATH). See network/fabric/README.md."
}

# require_docker_compose: Docker mode needs the engine reachable and the compose v2 plugin.
require_docker_compose() {
  require_commands docker
  docker compose version >/dev/null 2>&1 || die "'docker compose' (Compose v2 plugin) is not available"
  docker info >/dev/null 2>&1 || die "the Docker engine is not reachable (is the daemon running, may this user use it?)"
}

# retry ATTEMPTS DELAY_SECONDS CMD...: the network converges asynchronously (Raft leader
# election, peers pulling the genesis block), so some steps must be retried a few times.
retry() {
  local attempts=$1 delay=$2 n=1
  shift 2
  until "$@"; do
    [ "$n" -ge "$attempts" ] && return 1
    n=$((n + 1))
    sleep "$delay"
  done
}
