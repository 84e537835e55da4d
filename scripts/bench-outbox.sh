#!/usr/bin/env bash
# Outbox benchmarks, printed as figures:
#   1. enqueue + claim + complete commands/s on PostgreSQL alone (ledger stubbed), 1/4/16 workers;
#   2. end to end: random transfers among 200 wallets, confirmed commands/s and enqueue-to-confirmed
#      latency p50/p99, through SUBMITTERS submitter processes;
#   3. hot wallet (every command from one wallet): confirmed commands/s and MVCC conflicts;
#   4. light load: one command every LIGHT_INTERVAL, its enqueue-to-confirmed latency p50/p99.
#
#   scripts/bench-outbox.sh [--connection FILE]
#
# Sections 2-4 run on a fresh devnet, or with --connection FILE on a network already running (its
# connection.env, e.g. network/fabric/run/connection.env from scripts/network.sh up; genesis is
# idempotent, so its wallets are created once). Each prints the CPU its submitter and projector
# processes used per confirmed command.
# Env: TARGET_DIR (Maven output folder, default target), COMMANDS (PostgreSQL run, default 50000),
#      E2E_COMMANDS (default 2000), SUBMITTERS (default 1), HOT_COMMANDS (default 300),
#      LIGHT_COMMANDS (default 50), LIGHT_INTERVAL (default PT0.2S), PORT (devnet, default 7151),
#      TOKENOMICS_DB_URL (default: local PostgreSQL, else embedded).
set -euo pipefail
cd "$(dirname "$0")/.."

connection=""
while [ $# -gt 0 ]; do
  case $1 in
    --connection) connection=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-outbox: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -n $connection && ! -f $connection ]]; then
  echo "bench-outbox: no connection file $connection" >&2
  exit 2
fi

target_dir=${TARGET_DIR:-target}
jar=gateway-client/cli/$target_dir/tokenomics-client.jar
bench_jar=gateway-client/benchmarks/$target_dir/tokenomics-bench.jar
chaincode_jar=chaincode/$target_dir/tokenomics-chaincode.jar
if [[ ! -f $jar || ! -f $bench_jar || ! -f $chaincode_jar ]]; then
  mvn -q -B -Dtarget.dir="$target_dir" -pl gateway-client/cli,gateway-client/benchmarks -am package -DskipTests
fi
cli() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@"
}
# The CLI in the background with $! its JVM, so a kill reaches it (`cli ... &` would background a
# subshell, and killing that leaves the JVM running).
cli_bg() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@" &
}

echo "== 1. outbox on PostgreSQL alone (ledger stubbed)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$bench_jar" bench-outbox --commands "${COMMANDS:-50000}" --workers 1,4,16

devnet_dir=""
pids=()
cleanup() {
  if ((${#pids[@]})); then kill "${pids[@]}" 2>/dev/null || true; fi
  if [[ -n $devnet_dir ]]; then
    scripts/devnet.sh down --dir "$devnet_dir" >/dev/null 2>&1 || true
    rm -rf "$devnet_dir"
  fi
}
trap cleanup EXIT

if [[ -n $connection ]]; then
  export TOKENOMICS_CONNECTION=$connection
else
  devnet_dir=$(mktemp -d)
  scripts/devnet.sh up --dir "$devnet_dir" --port "${PORT:-7151}" --chaincode "tokenomics=$chaincode_jar"
  export TOKENOMICS_CONNECTION=$devnet_dir/connection.env
fi
export TOKENOMICS_DB_SCHEMA=bench_outbox_$$

# CPU seconds (user + system) used by this script's finished children, from /proc (the `times`
# builtin would run in a subshell when captured, and see none).
cpu_of_children() {
  local stat ticks
  read -r -a stat </proc/$$/stat
  ticks=$(getconf CLK_TCK)
  awk -v u="${stat[15]}" -v s="${stat[16]}" -v t="$ticks" 'BEGIN { print (u + s) / t }'
}

cpu_line() { # CPU seconds before, commands
  awk -v a="$(cpu_of_children)" -v b="$1" -v n="$2" \
    'BEGIN { printf "  CPU of the client processes (submitters, projector, load): %.2f ms per command\n", (a - b) * 1000 / n }'
}

run_backlog() { # tenant, transfers, hot share, submitter processes: everything enqueued first, then delivered
  local tenant=$1 transfers=$2 hot=$3 submitters=$4 before
  before=$(cpu_of_children)
  cli load --tenant "$tenant" --transfers "$transfers" --wallets 200 --hot-share "$hot" --run "$tenant"
  cli_bg projector --tenant "$tenant" --until-confirmed --progress PT10S
  pids=($!)
  for ((i = 0; i < submitters; i++)); do
    cli_bg submitter --tenant "$tenant" --workers 8 --until-idle --progress PT10S
    pids+=($!)
  done
  wait "${pids[@]}"
  pids=()
  cli summary --tenant "$tenant"
  cpu_line "$before" "$transfers"
}

run_paced() { # tenant, transfers, interval: a submitter and a projector already running as commands trickle in
  local tenant=$1 transfers=$2 interval=$3 before logs
  before=$(cpu_of_children)
  logs=$(mktemp -d)
  cli_bg projector --tenant "$tenant" --progress PT1S >"$logs/projector" 2>&1
  pids=($!)
  cli_bg submitter --tenant "$tenant" --workers 8 --progress PT1S >"$logs/submitter" 2>&1
  pids+=($!)
  # Both running (a first progress line each) before the first command, so no command waits for a JVM to start.
  until grep -q '^projector:' "$logs/projector" && grep -q '^submitter:' "$logs/submitter"; do
    sleep 0.2
  done
  cli load --tenant "$tenant" --transfers "$transfers" --wallets 200 --hot-share 0 --run "$tenant" --interval "$interval"
  until cli summary --tenant "$tenant" | grep -q "commands by status: {CONFIRMED=$transfers}"; do
    sleep 1
  done
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
  rm -rf "$logs"
  cli summary --tenant "$tenant"
  cpu_line "$before" "$transfers"
}

cli migrate
cli genesis --wallets 200 --balance 1000000
echo "== 2. end to end (random transfers among 200 wallets, ${SUBMITTERS:-1} submitter process(es))"
run_backlog e2e "${E2E_COMMANDS:-2000}" 0 "${SUBMITTERS:-1}"
echo "== 3. hot wallet (every command from w000; wallet locks must make MVCC conflicts zero)"
run_backlog hot "${HOT_COMMANDS:-300}" 1.0 1
echo "== 4. light load (one command every ${LIGHT_INTERVAL:-PT0.2S})"
run_paced light "${LIGHT_COMMANDS:-50}" "${LIGHT_INTERVAL:-PT0.2S}"
