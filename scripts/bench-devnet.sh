#!/usr/bin/env bash
# Committed Transfers per second on the devnet with the official Java client: starts a fresh
# devnet (TLS, TokenomicsContract as its own process) with scripts/devnet.sh, runs
# the benchmarks jar's bench-devnet (gateway-client/benchmarks) for 1, 4, 16, 64 and 128 concurrent clients
# (distinct wallets, one transaction in flight per client) and prints throughput, commit latency
# p50/p99 and the CPU used by the client, the devnet and the chaincode. Then stops the devnet.
#
#   scripts/bench-devnet.sh [--clients 1,4,16,64,128] [--seconds 10] [--warmup-seconds 3]
#                           [--jit-warmup-seconds 45] [--stock-signer] [--connection FILE] [devnet options]
#
# --connection FILE runs against a network already running instead (its connection.env, e.g.
# network/fabric/run/connection.env from scripts/network.sh up): nothing is started or stopped,
# and the CPU column covers the client only (the network's processes are not this machine's to read).
#
# The first --jit-warmup-seconds run at the highest client count and are not measured: until the
# JIT has compiled the hot paths a transfer costs about twice the CPU. Each client count then gets
# --warmup-seconds unmeasured before its --seconds measured.
#
# --stock-signer makes the client sign with the official Signers.newPrivateKeySigner instead of the
# client library's own P-256 signer (to compare the client's CPU per transfer).
#
#   scripts/bench-devnet.sh --endorse [--commands 1000] [--wallets 200] [--hot] [--endorsements 30]
#                           [--warmup-endorsements 30] [--connection FILE] [devnet options]
#
# --endorse measures instead the step that paces a busy wallet: one ApplyCommands envelope of
# --commands transfers (among --wallets wallets, or all from one with --hot) endorsed over and over,
# never submitted; prints endorse time p50/p90 and the CPU per endorsement of each process.
#
# Devnet options (e.g. --no-tls, --batch-timeout 20ms, --max-block-txs 500) go to scripts/devnet.sh.
# TARGET_DIR selects the Maven build folder (default target); TOKENOMICS_JAVA the JVM (see devnet.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${TARGET_DIR:-target}
dir=$(pwd)/.devnet/bench
port=${BENCH_PORT:-17151}
bench="bench-devnet"
bench_args=()
devnet_args=()
connection=""
while [ $# -gt 0 ]; do
  case $1 in
    --connection) connection=$2; shift 2 ;;
    --clients|--seconds|--warmup-seconds|--jit-warmup-seconds) bench_args+=("$1" "$2"); shift 2 ;;
    --stock-signer|--hot) bench_args+=("$1"); shift ;;
    --endorse) bench="bench-endorse"; shift ;;
    --commands|--wallets|--endorsements|--warmup-endorsements) bench_args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) devnet_args+=("$1"); shift ;;
  esac
done

bench_jar=gateway-client/benchmarks/$target/tokenomics-bench.jar
if [[ ! -f $bench_jar ]]; then
  mvn -q -B -Dtarget.dir="$target" -pl gateway-client/benchmarks -am package -DskipTests
fi

if [[ -n $connection ]]; then
  if [[ ! -f $connection ]]; then
    echo "bench: no connection file $connection" >&2
    exit 2
  fi
  echo "bench: against the network of $connection"
  java -jar "$bench_jar" "$bench" --env "$connection" "${bench_args[@]}"
  exit 0
fi

rm -rf "$dir"
trap 'scripts/devnet.sh down --dir "$dir" >/dev/null || true' EXIT
TARGET_DIR=$target scripts/devnet.sh up --dir "$dir" --port "$port" "${devnet_args[@]}" >/dev/null
echo "bench: devnet up on port $port (log $dir/devnet.log)"

# The client runs on the same JVM as the devnet (scripts/devnet.sh java), so both sides of a
# measurement use one JIT.
"$(scripts/devnet.sh java)" -jar "$bench_jar" "$bench" \
  --env "$dir/connection.env" --devnet-pid "$(cat "$dir/devnet.pid")" "${bench_args[@]}"
