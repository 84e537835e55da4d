#!/usr/bin/env bash
# Projector replay benchmark: blocks in Fabric's protobuf layout (500 transfers each among 10k
# wallets) parsed and applied one DB transaction per block on PostgreSQL; prints transfers/s.
# Env: TARGET_DIR (Maven output folder, default target), BLOCKS (default 200), TOKENOMICS_DB_URL.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${TARGET_DIR:-target}
jar=gateway-client/$target_dir/tokenomics-client.jar
if [[ ! -f $jar ]]; then
  mvn -q -B -Dtarget.dir="$target_dir" -pl gateway-client -am package -DskipTests
fi
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" bench-projector --blocks "${BLOCKS:-200}" --per-block 500 --wallets 10000
