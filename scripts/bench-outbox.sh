#!/usr/bin/env bash
# Outbox benchmarks, printed as figures:
#   1. enqueue + claim + complete commands/s on PostgreSQL alone (ledger stubbed), 1/4/16 workers;
#   2. end to end on the devnet: confirmed commands/s and enqueue-to-confirmed latency p50/p99;
#   3. hot wallet on the devnet (every command from one wallet): committed/s and MVCC conflicts.
# Env: TARGET_DIR (Maven output folder, default target), COMMANDS (PostgreSQL run, default 50000),
#      E2E_COMMANDS (default 2000), HOT_COMMANDS (default 300), PORT (devnet, default 7151),
#      TOKENOMICS_DB_URL (default: local PostgreSQL, else embedded).
set -euo pipefail
cd "$(dirname "$0")/.."

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

echo "== 1. outbox on PostgreSQL alone (ledger stubbed)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$bench_jar" bench-outbox --commands "${COMMANDS:-50000}" --workers 1,4,16

if [[ ! -x scripts/devnet.sh ]]; then
  echo "scripts/devnet.sh not found: skipping the devnet figures"
  exit 0
fi

devnet_dir=$(mktemp -d)
projector_pid=""
cleanup() {
  if [[ -n $projector_pid ]]; then kill "$projector_pid" 2>/dev/null || true; fi
  scripts/devnet.sh down --dir "$devnet_dir" >/dev/null 2>&1 || true
  rm -rf "$devnet_dir"
}
trap cleanup EXIT

scripts/devnet.sh up --dir "$devnet_dir" --port "${PORT:-7151}" --chaincode "tokenomics=$chaincode_jar"
export TOKENOMICS_CONNECTION=$devnet_dir/connection.env
export TOKENOMICS_DB_SCHEMA=bench_outbox_$$

run_tenant() { # tenant, transfers, hot share
  local tenant=$1 transfers=$2 hot=$3
  cli load --tenant "$tenant" --transfers "$transfers" --wallets 200 --hot-share "$hot" --run "$tenant"
  cli projector --tenant "$tenant" --until-confirmed --progress PT10S &
  projector_pid=$!
  cli submitter --tenant "$tenant" --workers 8 --batch 32 --until-idle --progress PT10S
  wait "$projector_pid"
  projector_pid=""
  cli summary --tenant "$tenant"
}

cli migrate
cli genesis --wallets 200 --balance 1000000
echo "== 2. end to end on the devnet (random transfers among 200 wallets)"
run_tenant e2e "${E2E_COMMANDS:-2000}" 0
echo "== 3. hot wallet on the devnet (every command from w000; ordering keys must make MVCC conflicts zero)"
run_tenant hot "${HOT_COMMANDS:-300}" 1.0
