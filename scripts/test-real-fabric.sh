#!/usr/bin/env bash
# The project against real Hyperledger Fabric binaries: brings up network/fabric (one Raft
# orderer, or four SmartBFT orderers, and a peer of Org1MSP and of Org2MSP), deploys the chaincode
# as a service (--type ccaas), runs genesis on it, upgrades it to --type java (the project's
# external builder), then checks the client id against the chaincode, runs the official Node
# client suite, the seed race through ten parallel `invoke`s, and the client's end-to-end path:
# enqueue, three submitter processes, the projector, status, reconcile, with the seed race through
# the outbox. With SmartBFT, one orderer is killed (kill -9) while the submitters run and restarted
# after: nothing may be lost, and it must catch up. Then takes the network down and checks that
# no process or port of it is left. Not part of scripts/test.sh.
#
#   scripts/test-real-fabric.sh [--skip-build] [--transfers N] [--consensus raft|bft]
#
#   --skip-build    use the jars already built (chaincode and client CLI) instead of mvn package
#   --transfers N   random transfers enqueued besides the race (default 500)
#   --consensus C   raft or bft (default: bft where the orderer binary is Fabric 3.x, else raft)
#
# Binaries: peer, orderer, osnadmin, configtxgen, cryptogen, discover (Fabric 2.5.x or 3.0.x) on
# PATH or in FABRIC_BIN. With none of them it prints one SKIPPED line and exits 0; with some
# missing, 2.
# Needs java, node and npm, and PostgreSQL (TOKENOMICS_DB_URL, else 127.0.0.1:5432, else an
# embedded one). FABRIC_PORT_OFFSET shifts every port (to run beside a devnet on 7051). Work files
# and logs: REAL_FABRIC_DIR (default .real-fabric). Exit: 0 passed or skipped, 1 a check failed
# (or something was left running), 2 usage or an incomplete install, 3 the network did not come up.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT_NAME=test-real-fabric.sh

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }

skip_build=
transfers=500
consensus=
while [ $# -gt 0 ]; do
  case $1 in
    --skip-build) skip_build=1; shift ;;
    --transfers)
      [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "$SCRIPT_NAME: --transfers needs a number" >&2; exit 2; }
      transfers=$2
      shift 2 ;;
    --consensus)
      [[ ${2:-} =~ ^(raft|bft)$ ]] || { echo "$SCRIPT_NAME: --consensus needs raft or bft" >&2; exit 2; }
      consensus=$2
      shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "$SCRIPT_NAME: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

[ -z "${FABRIC_BIN:-}" ] || PATH="$FABRIC_BIN:$PATH"
tools=(peer orderer osnadmin configtxgen cryptogen discover)
found=()
missing=()
for tool in "${tools[@]}"; do
  if command -v "$tool" >/dev/null 2>&1; then found+=("$tool"); else missing+=("$tool"); fi
done
if [ "${#found[@]}" -eq 0 ]; then
  echo "$SCRIPT_NAME: SKIPPED, no Fabric binaries (${tools[*]}) on PATH or in FABRIC_BIN; nothing was tested"
  exit 0
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "$SCRIPT_NAME: found ${found[*]} but not ${missing[*]} (on PATH or in FABRIC_BIN)" >&2
  exit 2
fi
for tool in java node npm setsid; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$SCRIPT_NAME: '$tool' is required" >&2; exit 2; }
done

# shellcheck source=lib/cli.sh
source scripts/lib/cli.sh
# shellcheck source=lib/fabric-env.sh
source scripts/lib/fabric-env.sh
# shellcheck source=lib/processes.sh
source scripts/lib/processes.sh
# shellcheck source=lib/client-database.sh
source scripts/lib/client-database.sh
# shellcheck source=lib/fabric-version.sh
source scripts/lib/fabric-version.sh
[ ! -e "$RUN_DIR/mode" ] || { echo "$SCRIPT_NAME: a network is up (network/fabric/run); this test brings up its own: scripts/network.sh down first" >&2; exit 2; }

target=${TARGET_DIR:-target}
chaincode_jar=chaincode/$target/tokenomics-chaincode.jar
client_jar=gateway-client/cli/$target/tokenomics-client.jar
work=${REAL_FABRIC_DIR:-.real-fabric}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
connection=$RUN_DIR/connection.env
org2_user1_cert=$ORGS_DIR/peerOrganizations/org2.example.com/users/User1@org2.example.com/msp/signcerts/User1@org2.example.com-cert.pem
version=$(fabric_version peer)
# SmartBFT where the orderer can run it: the network a consortium would choose on 3.x.
if [ -z "$consensus" ]; then
  if [ "$(fabric_major "$(fabric_version orderer)")" -ge 3 ]; then consensus=bft; else consensus=raft; fi
fi
started=$SECONDS
background=()
network_started=
passed=0
failed=0

say() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }

check() {
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $description"
  else
    failed=$((failed + 1))
    echo "FAIL $description"
  fi
}

client() { java -jar "$client_jar" "$@"; }
# The client in the background with $! its JVM, so finish's kill reaches it (`client ... &` would
# background a subshell, and killing that leaves the JVM running).
client_bg() { java -jar "$client_jar" "$@" & }

# The network's host ports: nothing may listen on them once it is down.
network_ports() {
  local port
  for port in 7050 7053 8050 8053 9050 9053 10050 10053 7051 7052 9051 9052 9443 9444 9445 9446 9447 9448 9999; do
    fabric_port "$port"
  done
}

# On any exit: stop what this script started, take the network down, then make sure nothing of
# it is left: no process group it recorded, no port it used.
finish() {
  local status=$? pid groups=() port left=0
  trap - EXIT
  for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$network_started" ]; then
    for pid in "$RUN_DIR"/*/pid; do [ -f "$pid" ] && groups+=("$(cat "$pid")"); done
    scripts/network.sh down >"$work/network-down.log" 2>&1 || { cat "$work/network-down.log" >&2; left=1; }
    for pid in "${groups[@]}"; do
      if kill -0 -- "-$pid" 2>/dev/null; then echo "FAIL process group $pid still runs after down" >&2; left=1; fi
    done
    for port in $(network_ports); do
      if port_listening "$port"; then echo "FAIL port $port still listens after down" >&2; left=1; fi
    done
    if [ "$left" -eq 0 ]; then echo "down: no process or port of the network left"; else status=1; fi
  fi
  exit "$status"
}
trap finish EXIT

# run_logged NAME CMD...: CMD with its output in $work/NAME.log, shown when it fails.
run_logged() {
  local name=$1
  shift
  if "$@" >"$work/$name.log" 2>&1; then return 0; fi
  tail -n 40 "$work/$name.log" | sed 's/^/     | /' >&2
  return 1
}

balance_is() { [ "$(client query GetBalance "$1" 2>/dev/null)" = "{\"walletId\":\"$1\",\"balance\":$2}" ]; }

echo "real Fabric $version ($(fabric_versions_line peer orderer configtxgen)), consensus $consensus: $(command -v peer)"

if [ -z "$skip_build" ]; then
  say "build (mvn package, tests skipped: scripts/test.sh runs them)"
  mvn -q -B -ntp -Dtarget.dir="$target" -DskipTests -pl chaincode,gateway-client/cli -am package
fi
if [ ! -f "$chaincode_jar" ] || [ ! -f "$client_jar" ]; then
  echo "$SCRIPT_NAME: $chaincode_jar or $client_jar missing (run without --skip-build)" >&2
  exit 2
fi

say "network up (scripts/network.sh up)"
network_started=1
run_logged network-up scripts/network.sh up --consensus "$consensus" || exit 3
no_eof_handshake() { ! grep -l "TLS handshake failed.*EOF" "$RUN_DIR"/*/node.log; }
check "no node logged a TLS handshake that ended in EOF (the readiness probe's mark)" no_eof_handshake
export TOKENOMICS_CONNECTION=$connection

say "chaincode as a service (deploy-chaincode.sh --type ccaas --start-server), genesis on it"
check "ccaas deployment with its server" run_logged deploy-ccaas scripts/deploy-chaincode.sh --type ccaas --jar "$chaincode_jar" --start-server
check "genesis: 20 wallets, race-from (1000), race-to" run_logged genesis client genesis --wallets 20 --balance 100000
check "race-from holds 1000 on the ccaas chaincode" balance_is race-from 1000

say "upgrade to --type java (the tokenomics-java external builder)"
check "java deployment, an upgrade to 2.0" run_logged deploy-java scripts/deploy-chaincode.sh --type java --jar "$chaincode_jar" --version 2.0
check "the java chaincode serves the state genesis wrote" balance_is race-from 1000

say "client-id against the chaincode's own ClientIdentity"
org2_user1=$(client client-id --cert-file "$org2_user1_cert")
owner=$(client client-id --identity ADMIN)
org2_wallet() { client invoke CreateWallet org2-user1 "$org2_user1" && client invoke Mint org2-user1 100 rf-mint-org2; }
# The peer CLI prints the chaincode's JSON answer with its quotes escaped.
foreign_transfer_names_caller() {
  ! scripts/peer-invoke.sh --org 2 --user User1 Transfer w001 w000 1 >"$work/foreign-transfer.log" 2>&1 \
    && grep -qF "callerId\\\":\\\"$org2_user1\\\"" "$work/foreign-transfer.log"
}
check "a wallet owned by org2's User1, by the id client-id prints" run_logged org2-wallet org2_wallet
check "org2's User1 (neither admin nor operator) transfers from it as its owner" \
  run_logged owner-transfer scripts/peer-invoke.sh --org 2 --user User1 Transfer org2-user1 w000 40
check "from a wallet it does not own it is refused, the refusal naming the same caller id" foreign_transfer_names_caller

say "official Node client suite (scripts/test-node-client.sh --connection)"
check "Node client N1-N7 on real Fabric" run_logged node-client scripts/test-node-client.sh --connection "$connection"

say "seed race through ten parallel invokes: 10 x 800 from 1000"
race_wallets() {
  client invoke CreateWallet invoke-race-from "$owner" && client invoke Mint invoke-race-from 1000 rf-race-mint \
    && client invoke CreateWallet invoke-race-to "$owner"
}
check "invoke-race-from (1000) and invoke-race-to" run_logged race-wallets race_wallets
race_pids=()
for i in $(seq 1 10); do
  client_bg invoke Transfer invoke-race-from invoke-race-to 800 >"$work/invoke-race-$i.out" 2>"$work/invoke-race-$i.err"
  race_pids+=("$!")
done
valid=0
for pid in "${race_pids[@]}"; do
  if wait "$pid"; then valid=$((valid + 1)); fi
done
committed_valid=$(cat "$work"/invoke-race-*.err | grep -c ' VALID in block' || true)
# The other nine must meet the ledger's verdict, not a transport error.
refused=$(grep -lE 'INSUFFICIENT_FUNDS|MVCC_READ_CONFLICT' "$work"/invoke-race-*.err | wc -l)
echo "invoke race: $valid of 10 exited 0, $committed_valid committed VALID, $refused refused by the ledger"
check "exactly one invoke exits 0, its transaction VALID" [ "$valid/$committed_valid" = 1/1 ]
check "the other nine refused: INSUFFICIENT_FUNDS or MVCC_READ_CONFLICT" [ "$refused" -eq 9 ]
check "invoke-race-from 200" balance_is invoke-race-from 200
check "invoke-race-to 800" balance_is invoke-race-to 800

say "system chaincodes: qscc through the Java client (tx-status, chain-info), qscc, cscc and _lifecycle through the peer CLI"
genesis_tx=$(sed -nE 's/.*\(tx ([0-9a-f]{64}), block [0-9]+\).*/\1/p' "$work/genesis.log" | head -1)
genesis_valid() { client tx-status "$genesis_tx" >"$work/tx-status.txt" && grep -q '"validationCode": "VALID"' "$work/tx-status.txt"; }
check "tx-status: genesis's transaction is VALID (GetTransactionByID, GetBlockByTxID)" genesis_valid
unknown_tx_refused() { ! client tx-status "$(printf '0%.0s' $(seq 64))" >"$work/tx-status-unknown.txt" 2>&1 && grep -q 'no transaction' "$work/tx-status-unknown.txt"; }
check "tx-status: an unknown id is exit 1, no such transaction" unknown_tx_refused
chain_height() { client chain-info | sed -nE 's/.*"height": ([0-9]+).*/\1/p'; }
chain_info_agrees() {
  local ours theirs
  ours=$(chain_height)
  theirs=$( (use_org 1 && peer channel getinfo -c "$CHANNEL_NAME") 2>/dev/null | sed -nE 's/.*"height":([0-9]+).*/\1/p')
  [ -n "$ours" ] && [ "$ours" = "$theirs" ]
}
check "chain-info: the height agrees with the peer CLI's getinfo" chain_info_agrees
chain_info_names() {
  client chain-info >"$work/chain-info.txt" && grep -q '"Org1MSP"' "$work/chain-info.txt" && grep -q '"Org2MSP"' "$work/chain-info.txt" \
    && grep -q '"version": "2.0"' "$work/chain-info.txt" && grep -q '"sequence": 2' "$work/chain-info.txt"
}
check "chain-info: both orgs (cscc GetChannelConfig) and the upgraded definition, 2.0 at sequence 2 (_lifecycle)" chain_info_names
# peer_says DESCRIPTION TEXT CMD...: the peer CLI (org1's Admin) prints TEXT.
peer_says() {
  local text=$1
  shift
  (use_org 1 && "$@") >"$work/peer-cli.txt" 2>&1 && grep -qF -- "$text" "$work/peer-cli.txt"
}
check "peer channel getinfo (qscc GetChainInfo)" peer_says '"height":' peer channel getinfo -c "$CHANNEL_NAME"
check "peer channel list (cscc GetChannels)" peer_says "$CHANNEL_NAME" peer channel list
check "peer chaincode query -n cscc GetChannelConfig names both orgs" peer_says "$(printf 'Org2MSP' | xxd -p)" \
  peer chaincode query -C "$CHANNEL_NAME" -n cscc --hex -c "{\"Args\":[\"GetChannelConfig\",\"$CHANNEL_NAME\"]}"
check "peer lifecycle chaincode querycommitted (_lifecycle) shows the upgrade" peer_says "Version: 2.0, Sequence: 2" \
  peer lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME"

# orderer_height N: the channel's height on orderer N, from its channel participation API.
orderer_height() {
  local tls
  tls=$(orderer_dir "$1")/tls
  osnadmin channel list --channelID "$CHANNEL_NAME" -o "localhost:$(orderer_admin_port "$1")" --ca-file "$ORDERER_TLS_CA" \
    --client-cert "$tls/server.crt" --client-key "$tls/server.key" 2>/dev/null | sed -nE 's/.*"height": *([0-9]+).*/\1/p'
}
# wait_for TIMEOUT CMD...: poll CMD five times a second until it succeeds, for at most TIMEOUT
# seconds (a run of transfers is ordered in a handful of blocks within seconds).
wait_for() {
  local polls=$(($1 * 5))
  shift
  until "$@"; do
    [ "$polls" -gt 0 ] || return 1
    sleep 0.2
    polls=$((polls - 1))
  done
}
# SmartBFT with f = 1: one orderer of four may fail. The one killed is the leader (orderer 1
# leads from the first view): the others must elect a new one (a view change) and go on. Heights
# are read from orderer 2. Nothing after the kill uses the peer CLI, which orders through orderer 1.
fault_orderer=1
witness_orderer=2
height_before_kill=
height_grew_by() { local h; h=$(orderer_height "$witness_orderer"); [ -n "$h" ] && [ "$h" -ge $((height_before_kill + $1)) ]; }

say "client end to end: enqueue, three submitters, projector, status, reconcile"
use_client_database "$work" "$client_jar"
TOKENOMICS_DB_SCHEMA="realfab_$(date +%Y%m%d_%H%M%S)"
export TOKENOMICS_DB_SCHEMA TOKENOMICS_TENANT=realfab
echo "schema $TOKENOMICS_DB_SCHEMA, tenant $TOKENOMICS_TENANT"
check "migrate" run_logged migrate client migrate
check "enqueue $transfers transfers and the 10 x 800 race" run_logged load client load --transfers "$transfers" --wallets 20 --hot-share 0.1 --race --run rf
delivery_started=$SECONDS
client_bg projector --until-confirmed --progress PT5S >"$work/projector.log" 2>&1
projector=$!
background+=("$projector")
submitters=()
for i in 1 2 3; do
  client_bg submitter --identity OPERATOR --workers 4 --until-idle --progress PT5S >"$work/submitter-$i.log" 2>&1
  submitters+=("$!")
  background+=("$!")
done
if [ "$consensus" = bft ]; then
  # Kill it as soon as the run's first block is ordered, so the fault lands mid-run.
  height_before_kill=$(orderer_height "$witness_orderer")
  wait_for 60 height_grew_by 1 || echo "(the chain did not grow within 60s; killing anyway)"
  height_before_kill=$(orderer_height "$witness_orderer")
  kill -9 -- "-$(cat "$RUN_DIR/$(orderer_host "$fault_orderer")/pid")"
  echo "killed $(orderer_host "$fault_orderer") (kill -9) at height $height_before_kill, during the run"
fi
submitter_failures=0
for pid in "${submitters[@]}"; do wait "$pid" || submitter_failures=$((submitter_failures + 1)); done
check "three submitter processes ran until idle" [ "$submitter_failures" -eq 0 ]
check "the projector followed until every command was confirmed" wait "$projector"
echo "delivered and projected in $((SECONDS - delivery_started))s"
client summary | tee "$work/summary.txt"
race_statuses=$(for i in $(seq 0 9); do
  client status --idempotency-key "rf-race-$i" 2>/dev/null | sed -n 's/^ *"status": *"\([A-Z_]*\)".*/\1/p'
done | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')
echo "outbox race: $race_statuses"
check "outbox race: 1 CONFIRMED, 9 FAILED" [ "$race_statuses" = "1 CONFIRMED, 9 FAILED" ]
check "race-from 200" balance_is race-from 200
check "race-to 800" balance_is race-to 800
reconciled() { client reconcile | tee "$work/reconcile.txt" && grep -q '^reconcile: OK' "$work/reconcile.txt"; }
check "reconcile: read model = world state, supply conserved" reconciled

if [ "$consensus" = bft ]; then
  say "SmartBFT: the killed orderer comes back and catches up"
  check "blocks were ordered while $(orderer_host "$fault_orderer") was down" height_grew_by 1
  fault_node=$(orderer_host "$fault_orderer")
  mv "$RUN_DIR/$fault_node/node.log" "$RUN_DIR/$fault_node/node-before-kill.log"
  start_process "$fault_node" orderer
  caught_up() { local h; h=$(orderer_height "$fault_orderer"); [ -n "$h" ] && [ "$h" = "$(orderer_height "$witness_orderer")" ]; }
  check "$fault_node, restarted, catches up with $(orderer_host "$witness_orderer") (height $(orderer_height "$witness_orderer"))" wait_for 120 caught_up
  check "reconcile after the restart: OK" reconciled
fi

echo
echo "real Fabric $version ($consensus): $passed passed, $failed failed (in $((SECONDS - started))s; logs in ${work#"$PWD"/})"
[ "$failed" -eq 0 ]
