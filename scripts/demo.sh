#!/usr/bin/env bash
# The project's main job on one machine, from a fresh clone: build, start the devnet with the
# real chaincode, run genesis, enqueue a few thousand transfers (with same-wallet contention and
# the seed's 10 x 800 race) into the outbox, deliver them with several submitter processes,
# project the committed blocks into the SQL read model, print a summary, and reconcile the read
# model against the ledger. The last line is `reconcile: OK`, or `reconcile: FAILED ...` with a
# non-zero exit.
#
#   scripts/demo.sh
#
# Environment (all optional):
#   DEMO_TRANSFERS (2000)  DEMO_WALLETS (50)  DEMO_HOT_SHARE (0.1)  DEMO_SUBMITTERS (3)
#   DEMO_WORKERS (4, per submitter)  DEMO_PORT (7061)  DEMO_DIR (.demo)  DEMO_SKIP_BUILD (unset)
#   TOKENOMICS_DB_URL: the PostgreSQL to use; without it the one on 127.0.0.1:5432, else an
#   embedded PostgreSQL kept under DEMO_DIR. Each run uses a fresh schema.
set -euo pipefail
cd "$(dirname "$0")/.."

transfers=${DEMO_TRANSFERS:-2000}
wallets=${DEMO_WALLETS:-50}
hot_share=${DEMO_HOT_SHARE:-0.1}
submitters=${DEMO_SUBMITTERS:-3}
workers=${DEMO_WORKERS:-4}
port=${DEMO_PORT:-7061}
work=${DEMO_DIR:-.demo}
target=${TARGET_DIR:-target}
client_jar=gateway-client/cli/$target/tokenomics-client.jar

mkdir -p "$work"
work=$(cd "$work" && pwd)
background=()

say() { printf '\n== %s\n' "$*"; }

cleanup() {
  local pid
  for pid in "${background[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  scripts/devnet.sh down --dir "$work/devnet" >/dev/null 2>&1 || true
}
trap cleanup EXIT

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

client() {
  java -jar "$client_jar" "$@"
}

# Starts the client in the background with its output prefixed; $! is the JVM, so cleanup can stop it.
client_in_background() {
  local prefix=$1 log=$2
  shift 2
  java -jar "$client_jar" "$@" 2>"$log" > >(sed -u "s/^/[$prefix] /") &
}

if [ -z "${DEMO_SKIP_BUILD:-}" ]; then
  say "build (mvn package, tests skipped: scripts/test.sh runs them)"
  mvn -q -B -ntp -Dtarget.dir="$target" -DskipTests package
fi

say "database"
if [ -z "${TOKENOMICS_DB_URL:-}" ] && ! port_open 5432; then
  echo "no TOKENOMICS_DB_URL and nothing on 127.0.0.1:5432: starting an embedded PostgreSQL in $work/postgres"
  rm -f "$work/db.url"
  java -jar "$client_jar" database serve --dir "$work/postgres" --url-file "$work/db.url" >"$work/postgres.log" 2>&1 &
  background+=("$!")
  for _ in $(seq 1 120); do [ -s "$work/db.url" ] && break; sleep 1; done
  [ -s "$work/db.url" ] || { echo "embedded PostgreSQL did not start; see $work/postgres.log" >&2; exit 3; }
  TOKENOMICS_DB_URL=$(cat "$work/db.url")
  export TOKENOMICS_DB_URL
fi
TOKENOMICS_DB_SCHEMA="demo_$(date +%Y%m%d_%H%M%S)"
export TOKENOMICS_DB_SCHEMA TOKENOMICS_TENANT=demo
echo "schema $TOKENOMICS_DB_SCHEMA, tenant $TOKENOMICS_TENANT"
client migrate

say "devnet (embedded Fabric network, chaincode in its own process)"
scripts/devnet.sh down --dir "$work/devnet" >/dev/null 2>&1 || true
TARGET_DIR=$target scripts/devnet.sh up --dir "$work/devnet" --port "$port" >"$work/devnet-up.log" 2>&1 \
  || { cat "$work/devnet-up.log" >&2; exit 3; }
export TOKENOMICS_CONNECTION=$work/devnet/connection.env
echo "devnet ready at localhost:$port (connection file $TOKENOMICS_CONNECTION)"

say "genesis: $wallets wallets, plus race-from (1000) and race-to (0)"
client genesis --wallets "$wallets" --balance 100000

say "enqueue: $transfers transfers (${hot_share} from one hot wallet) and the 10 x 800 race"
client load --transfers "$transfers" --wallets "$wallets" --hot-share "$hot_share" --race --run demo

say "deliver: $submitters submitter processes x $workers workers, one projector"
client_in_background projector "$work/projector.log" projector --until-confirmed --progress PT3S
projector=$!
background+=("$projector")
submitter_pids=()
for i in $(seq 1 "$submitters"); do
  client_in_background "submitter $i" "$work/submitter-$i.log" \
    submitter --identity OPERATOR --workers "$workers" --until-idle --progress PT3S
  submitter_pids+=("$!")
  background+=("$!")
done
# A submitter or projector that fails is reported; reconcile below still gives the verdict.
for pid in "${submitter_pids[@]}"; do
  wait "$pid" || echo "a submitter exited with status $?; see $work/submitter-*.log" >&2
done
wait "$projector" || echo "the projector exited with status $?; see $work/projector.log" >&2

say "summary"
client summary

say "reconcile (read model vs world state, supply conservation, no negative balance, each tx once)"
client reconcile
