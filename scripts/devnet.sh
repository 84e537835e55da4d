#!/usr/bin/env bash
# Runs the embedded Fabric devnet in the background: one process with gateway, deliver, orderer
# and peer, plus the chaincode it launches. Clients read DIR/connection.env.
#
#   scripts/devnet.sh up     [--dir DIR] [--port N] [--listen ADDR] [--chaincode NAME=JAR]... [devnet options]
#   scripts/devnet.sh down   [--dir DIR]
#   scripts/devnet.sh status [--dir DIR]
#   scripts/devnet.sh java                  prints the java command the devnet runs with
#
# Defaults: DIR=.devnet in the repo, port 7051, chaincode tokenomics=chaincode/<target>/tokenomics-chaincode.jar,
# listen address 127.0.0.1 (this machine only; --listen 0.0.0.0 opens it to every interface, with the
# devnet's development keys). A port in use or an address not of this machine: one line, exit status 2.
# Other options go to the devnet unchanged (--no-tls, --data-dir DIR, --batch-timeout 50ms,
# --max-block-txs 500, --ccaas NAME=HOST:PORT). TARGET_DIR selects the Maven build folder
# (default target); the jars are built with Maven when missing. DEVNET_START_TIMEOUT (seconds,
# default 300) bounds the wait for readiness. The devnet (and the chaincode JVMs it launches)
# runs on TOKENOMICS_JAVA if set, else on the newest JDK under /usr/lib/jvm (newest JIT and
# intrinsics), else on $JAVA_HOME/bin/java, else on `java`; DEVNET_JAVA_OPTS adds JVM options
# (e.g. a JFR recording). The jars themselves are built by Maven with whatever JDK it uses.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

[ $# -ge 1 ] || usage
command=$1
shift

dir="$repo/.devnet"
port=7051
listen=127.0.0.1
chaincodes=()
passthrough=()
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    --chaincode) chaincodes+=("$2"); shift 2 ;;
    -h|--help) usage 0 ;;
    *) passthrough+=("$1"); shift ;;
  esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pid_file="$dir/devnet.pid"
log_file="$dir/devnet.log"
env_file="$dir/connection.env"
target=${TARGET_DIR:-target}
devnet_jar="$repo/network/devnet/$target/tokenomics-devnet.jar"
chaincode_jar="$repo/chaincode/$target/tokenomics-chaincode.jar"

# The newest JDK: TOKENOMICS_JAVA, else the highest major version in /usr/lib/jvm, else JAVA_HOME.
java_command() {
  if [ -n "${TOKENOMICS_JAVA:-}" ]; then
    echo "$TOKENOMICS_JAVA"
    return
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(basename "$(dirname "$(dirname "$candidate")")" | grep -oE '[0-9]+' | head -n 1 || true)
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

build_if_missing() {
  if [ ! -f "$devnet_jar" ] || { [ ${#chaincodes[@]} -eq 0 ] && [ ! -f "$chaincode_jar" ]; }; then
    echo "devnet: building the devnet and chaincode jars (mvn package, target dir $target)"
    mvn -q -B -Dtarget.dir="$target" -pl network/devnet -am package -DskipTests
  fi
}

# port_open PORT: whether the devnet answers where it listens (loopback for a wildcard address).
port_open() {
  local host=$listen
  case $host in
    0.0.0.0 | ::) host=127.0.0.1 ;;
  esac
  (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null
}

up() {
  if pid=$(running_pid); then
    echo "devnet: already running (pid $pid); see $env_file"
    return 0
  fi
  build_if_missing
  [ ${#chaincodes[@]} -gt 0 ] || chaincodes=("tokenomics=$chaincode_jar")
  local args=(--dir "$dir" --port "$port" --listen "$listen")
  local cc
  for cc in "${chaincodes[@]}"; do
    args+=(--chaincode "$cc")
  done
  rm -f "$env_file"
  local jvm_options=()
  read -ra jvm_options <<<"${DEVNET_JAVA_OPTS:-}"
  nohup "$(java_command)" "${jvm_options[@]}" -jar "$devnet_jar" "${args[@]}" "${passthrough[@]}" >"$log_file" 2>&1 &
  local pid=$!
  echo "$pid" >"$pid_file"
  echo "devnet: starting (pid $pid, log $log_file)"
  local deadline=$((SECONDS + ${DEVNET_START_TIMEOUT:-300}))
  until [ -f "$env_file" ] && port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      local status=0
      wait "$pid" || status=$?
      rm -f "$pid_file"
      if [ "$status" -eq 2 ]; then
        # A bad flag, or a port or address it cannot listen on: the devnet said why, briefly.
        cat "$log_file" >&2
        return 2
      fi
      echo "devnet: exited during startup (status $status); last log lines:" >&2
      tail -n 30 "$log_file" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "devnet: not ready after ${DEVNET_START_TIMEOUT:-300}s; stopping it" >&2
      down
      return 1
    fi
    sleep 1
  done
  echo "devnet: ready at $(sed -n 's/^PEER_ENDPOINT=//p' "$env_file") (listening on $listen)"
  cat "$env_file"
}

down() {
  local pid
  if ! pid=$(running_pid); then
    echo "devnet: not running"
    rm -f "$pid_file"
    return 0
  fi
  # The devnet stops its chaincode processes on SIGTERM; remember them in case it cannot.
  local children
  children=$(ps -o pid= --ppid "$pid" || true)
  kill "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "devnet: still running after ${waited}s; killing pid $pid" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
  local child
  for child in $children; do
    kill "$child" 2>/dev/null || true
  done
  rm -f "$pid_file" "$env_file"
  echo "devnet: stopped"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "devnet: running (pid $pid)"
    [ -f "$env_file" ] && grep '^PEER_ENDPOINT=' "$env_file"
    return 0
  fi
  echo "devnet: stopped"
  return 3
}

case $command in
  up) up ;;
  down) down ;;
  status) status ;;
  java) java_command ;;
  -h|--help|help) usage 0 ;;
  *) usage ;;
esac
