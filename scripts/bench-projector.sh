#!/usr/bin/env bash
# Projector replay benchmark: the real projector (lease, fence, checkpoint) catches up on blocks in
# Fabric's protobuf layout (500 transfers each among 10k wallets): single transactions with a
# COMMITTED outbox command per transfer to confirm, the same transfers as one ApplyCommands envelope
# per block (as the outbox sends them), then single transactions with an empty outbox; prints
# transfers/s, DB commits and CPU per 1,000 transfers (JVM and PostgreSQL backends), next to the
# machine's load.
# Env: TARGET_DIR (Maven output folder, default target), BLOCKS (default 400), TOKENOMICS_DB_URL.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${TARGET_DIR:-target}
jar=gateway-client/benchmarks/$target_dir/tokenomics-bench.jar
if [[ ! -f $jar ]]; then
  mvn -q -B -Dtarget.dir="$target_dir" -pl gateway-client/benchmarks -am package -DskipTests
fi
for mode in "--per-transaction 1" "--per-transaction 500" "--per-transaction 1 --empty-outbox"; do
  echo "load before: $(uptime)"
  read -r -a options <<<"$mode"
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" bench-projector --blocks "${BLOCKS:-400}" --per-block 500 --wallets 10000 "${options[@]}"
done
echo "load after: $(uptime)"
