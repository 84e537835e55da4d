# shellcheck shell=bash
# Background processes of the native network (orderer, peers, a CCaaS chaincode server), each
# in run/<name>/ with node.env, node.log and pid. Sourced, never run. Requires lib/cli.sh and
# lib/fabric-env.sh.

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# port_listening PORT: some socket listens on PORT (any local address), read from /proc/net/tcp
# and tcp6 without connecting. A node's gRPC and admin ports speak TLS: a probe that connects
# and closes without a ClientHello leaves "Server TLS handshake failed ... EOF" in its log.
port_listening() {
  local suffix
  suffix=$(printf ':%04X' "$1")
  awk -v suffix="$suffix" '$4 == "0A" && substr($2, length($2) - 4) == suffix { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# healthz_ok PORT: the operations endpoint on 127.0.0.1:PORT answers GET /healthz with 200. It is
# plain HTTP (config/ leaves its TLS off) and up before the node's other listeners.
healthz_ok() {
  local status=
  # shellcheck disable=SC2016 # $1 is expanded by the inner shell
  status=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    IFS= read -r line <&3 && printf "%s" "$line"' healthz "$1" 2>/dev/null) || return 1
  [[ $status == "HTTP/1."[01]" 200"* ]]
}

# write_env_file FILE NAME=VALUE...: the process's environment, kept in run/<name>/node.env so a
# user can see (and re-source) exactly what it was started with.
write_env_file() {
  local file=$1 pair
  shift
  : > "$file"
  for pair in "$@"; do
    printf 'export %s=%q\n' "${pair%%=*}" "${pair#*=}" >> "$file"
  done
}

# start_process NAME COMMAND...: start COMMAND with run/NAME/node.env in its own session
# (setsid: the pid is also the process group id), so stopping it also stops whatever it
# launched, such as the chaincode JVMs a native peer starts. Fabric variables of the calling
# shell (say, CORE_PEER_* exported for the peer CLI) are dropped first: a node or chaincode
# server must see only its own configuration (the shim, for one, would turn on TLS for
# CORE_PEER_TLS_ENABLED=true).
start_process() {
  local name=$1 dir=$RUN_DIR/$1
  shift
  (
    local var
    while IFS= read -r var; do
      unset "$var"
    done < <(compgen -e | grep -E '^(CORE_|ORDERER_|CHAINCODE_|FABRIC_CFG_PATH$)')
    # shellcheck source=/dev/null
    . "$dir/node.env"
    exec setsid "$@"
  ) >"$dir/node.log" 2>&1 < /dev/null &
  echo $! > "$dir/pid"
  log "started $name (pid $!), log: ${dir#"$REPO_ROOT"/}/node.log"
}

# wait_for_port NAME PORT [PROBE]: until PROBE PORT succeeds (default port_open: it accepts
# connections); fail with NAME's log if it died.
wait_for_port() {
  local name=$1 port=$2 probe=${3:-port_open} pid_file=$RUN_DIR/$1/pid waited=0
  until "$probe" "$port"; do
    if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      tail -n 30 "$RUN_DIR/$name/node.log" >&2 || true
      die "$name exited during startup (log above: ${RUN_DIR#"$REPO_ROOT"/}/$name/node.log)"
    fi
    [ "$waited" -ge 60 ] && die "$name does not answer on port $port ($probe) after 60s; see ${RUN_DIR#"$REPO_ROOT"/}/$name/node.log"
    sleep 1
    waited=$((waited + 1))
  done
}

# stop_process PID_FILE: TERM the recorded process group, KILL it if still there after 10s.
# Only pids recorded under run/ are touched.
stop_process() {
  local pid_file=$1 pid n
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $(basename "$(dirname "$pid_file")") (process group $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for n in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      if [ "$n" -eq 20 ]; then
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      fi
      sleep 0.5
    done
  fi
  rm -f "$pid_file"
}
