#!/usr/bin/env bash
# The project's main job on one machine, from a fresh clone: build, start the devnet with the
# real chaincode, run genesis, start several submitter processes and a projector, enqueue 10,000
# transfers (with same-wallet contention and the seed's 10 x 800 race) into the outbox, wait until
# each is confirmed or failed in the SQL read model, print a summary; then three transfers
# through the HTTP API (POST, 202, polled to CONFIRMED, the curl lines printed); finally reconcile
# the read model against the ledger. The last line is `reconcile: OK`, or `reconcile: FAILED ...`
# with a non-zero exit.
#
#   scripts/demo.sh [--fabric]
#
# --fabric: the same on real Hyperledger Fabric 2.5 instead of the devnet: brings up network/fabric
# (scripts/network.sh up: a Raft orderer and a peer of two orgs, native processes), deploys the
# chaincode jar with --type java (the project's external builder), and takes the network down at
# the end. Needs the Fabric binaries on PATH or in FABRIC_BIN (network/fabric/README.md), and no
# network/fabric network already up; FABRIC_PORT_OFFSET shifts its ports.
#
# Environment (all optional):
#   DEMO_TRANSFERS (10000)  DEMO_WALLETS (50)  DEMO_HOT_SHARE (0.1)  DEMO_SUBMITTERS (3)
#   DEMO_WORKERS (4, per submitter)  DEMO_PORT (7061)  DEMO_HTTP_PORT (18080)  DEMO_DIR (.demo)  DEMO_SKIP_BUILD (unset)
#   TOKENOMICS_DB_URL: the PostgreSQL to use; without it the one on 127.0.0.1:5432, else an
#   embedded PostgreSQL kept under DEMO_DIR. Each run uses a fresh schema.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/client-database.sh
source scripts/lib/client-database.sh

fabric=
case ${1:-} in
  --fabric) fabric=1 ;;
  "") ;;
  -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "demo.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac

transfers=${DEMO_TRANSFERS:-10000}
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
fabric_started=

say() { printf '\n== %s\n' "$*"; }

cleanup() {
  local pid
  for pid in "${background[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  if [ -n "$fabric_started" ]; then
    scripts/network.sh down >"$work/network-down.log" 2>&1 || echo "network.sh down failed; see $work/network-down.log" >&2
  elif [ -z "$fabric" ]; then
    scripts/devnet.sh down --dir "$work/devnet" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ -n "$fabric" ] && [ -e network/fabric/run/mode ]; then
  echo "demo.sh: a network/fabric network is up; the demo brings up its own and takes it down: scripts/network.sh down first" >&2
  exit 2
fi

# A one-shot command (migrate, genesis, load, summary, reconcile): done in seconds, so it runs on
# the quick compiler alone and the serial GC, and leaves the cores to the processes that deliver.
light_client=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$client_jar")
client() {
  "${light_client[@]}" "$@"
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
use_client_database "$work" "$client_jar"
TOKENOMICS_DB_SCHEMA="demo_$(date +%Y%m%d_%H%M%S)"
export TOKENOMICS_DB_SCHEMA TOKENOMICS_TENANT=demo
echo "schema $TOKENOMICS_DB_SCHEMA, tenant $TOKENOMICS_TENANT"
client migrate

if [ -n "$fabric" ]; then
  say "real Fabric (network/fabric: Raft orderer, peer0 of Org1MSP and Org2MSP; chaincode --type java)"
  fabric_started=1
  scripts/network.sh up >"$work/network-up.log" 2>&1 || { tail -n 30 "$work/network-up.log" >&2; exit 3; }
  scripts/deploy-chaincode.sh --type java --jar "chaincode/$target/tokenomics-chaincode.jar" >"$work/deploy.log" 2>&1 \
    || { tail -n 30 "$work/deploy.log" >&2; exit 3; }
  export TOKENOMICS_CONNECTION=$PWD/network/fabric/run/connection.env
  echo "network up, chaincode deployed: $(sed -n 's/^\[deploy-chaincode.sh\] deployed //p' "$work/deploy.log")"
  echo "logs: $work/network-up.log, $work/deploy.log, network/fabric/run/<node>/node.log"
else
  say "devnet (embedded Fabric network, chaincode in its own process)"
  scripts/devnet.sh down --dir "$work/devnet" >/dev/null 2>&1 || true
  TARGET_DIR=$target scripts/devnet.sh up --dir "$work/devnet" --port "$port" >"$work/devnet-up.log" 2>&1 \
    || { cat "$work/devnet-up.log" >&2; exit 3; }
  export TOKENOMICS_CONNECTION=$work/devnet/connection.env
  echo "devnet ready at localhost:$port (connection file $TOKENOMICS_CONNECTION)"
fi

say "genesis: $wallets wallets, plus race-from (1000) and race-to (0)"
client genesis --wallets "$wallets" --balance 100000

# The delivery processes start first and run on, as in a deployment: the throughput the summary
# prints (first enqueue to last confirmation) measures them at work, not JVMs starting.
say "deliver: $submitters submitter processes x $workers workers and one projector, started before the enqueue"
client_in_background projector "$work/projector.log" projector --progress PT3S
background+=("$!")
delivery=("$!")
for i in $(seq 1 "$submitters"); do
  client_in_background "submitter $i" "$work/submitter-$i.log" submitter --identity OPERATOR --workers "$workers" --progress PT3S
  background+=("$!")
  delivery+=("$!")
done
# Each logs a line once connected and running: the submitter "started", the projector "active".
for log in "$work/projector.log" $(seq -f "$work/submitter-%g.log" 1 "$submitters"); do
  until grep -qE ' started: | active from block ' "$log"; do
    for pid in "${delivery[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a delivery process exited during startup; see $work/*.log" >&2; exit 3; }
    done
    sleep 0.2
  done
done

# The summary waits in a JVM started before the enqueue, so its start is not part of the
# throughput it prints; it says when it waits.
"${light_client[@]}" summary --key-prefix demo- --wait-for $((transfers + 10)) --wait-timeout PT5M \
  >"$work/summary.txt" 2>"$work/summary.log" &
summary_waiter=$!
background+=("$summary_waiter")
until grep -q '^summary: waiting' "$work/summary.log"; do
  kill -0 "$summary_waiter" 2>/dev/null || { cat "$work/summary.log" >&2; exit 3; }
  sleep 0.1
done

say "enqueue: $transfers transfers (${hot_share} from one hot wallet) and the 10 x 800 race"
client load --transfers "$transfers" --wallets "$wallets" --hot-share "$hot_share" --race --run demo

say "summary (once all $((transfers + 10)) commands are CONFIRMED or FAILED)"
if ! wait "$summary_waiter"; then
  grep -v '^summary: waiting' "$work/summary.log" >&2
  echo "not every command was final within 5 minutes; see $work/submitter-*.log and $work/projector.log" >&2
fi
cat "$work/summary.txt"

say "the HTTP API: POST with an idempotency key, 202 Accepted, poll to CONFIRMED (gateway-client/service)"
if command -v curl >/dev/null 2>&1; then
  http_port=${DEMO_HTTP_PORT:-18080}
  key=$(client api-key create --tenant "$TOKENOMICS_TENANT")
  # The submitters and the projector above deliver these too.
  client_in_background serve "$work/serve.log" serve --port "$http_port"
  background+=("$!")
  api=http://127.0.0.1:$http_port
  until curl -sf "$api/health/ready" >/dev/null; do sleep 0.2; done
  for i in 1 2 3; do
    body="{\"type\":\"TRANSFER\",\"payload\":{\"fromId\":\"w00$i\",\"toId\":\"w010\",\"amount\":$i}}"
    echo "\$ curl -si -X POST $api/v1/commands -H 'Authorization: Bearer \$KEY' -H 'Idempotency-Key: demo-http-$i' -d '$body'"
    curl -si -X POST "$api/v1/commands" -H "Authorization: Bearer $key" -H "Idempotency-Key: demo-http-$i" \
      -H 'Content-Type: application/json' -d "$body" | grep -E '^(HTTP|Location)|^\{' | sed 's/^/  /'
  done
  for i in 1 2 3; do
    status=
    until [[ $status == *'"CONFIRMED"'* || $status == *'"FAILED"'* ]]; do
      sleep 0.2
      status=$(curl -s "$api/v1/commands?idempotencyKey=demo-http-$i" -H "Authorization: Bearer $key")
    done
    echo "\$ curl -s '$api/v1/commands?idempotencyKey=demo-http-$i' -H 'Authorization: Bearer \$KEY'"
    echo "  $status"
  done
  echo "(KEY is printed once by: java -jar $client_jar api-key create --tenant $TOKENOMICS_TENANT; see gateway-client/service/README.md)"
else
  echo "curl not found: skipped (the API is described in gateway-client/service/README.md)"
fi
for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
wait "${background[@]}" 2>/dev/null || true
background=()

say "reconcile (read model vs world state, supply conservation, no negative balance, each tx once)"
client reconcile
