#!/usr/bin/env bash
# Tests the Fabric scripts (scripts/network.sh, deploy-chaincode.sh, peer-invoke.sh,
# peer-query.sh) and the external builders on a machine without Fabric or Docker: the Fabric
# binaries are replaced by fake-fabric.sh, which checks what it is given and records it. Runs in
# a copy of the scripts and network/fabric under a temporary directory, so a real network in
# this checkout is never touched.
#
#   network/fabric/test/scripts-test.sh
#
# Needs bash, python3 with PyYAML, tar, gzip, base64. Prints one line per check; exits 1 if any
# check failed. The stand-in network runs on Fabric's ports shifted by a FABRIC_PORT_OFFSET whose
# ports are all free, so the same checks run whatever else listens on this machine (a real
# network or a devnet on the usual ports, another run of this test).
# Checks are strings run by eval, single-quoted so they expand at check time; variables used only
# inside them look unused to shellcheck.
# shellcheck disable=SC2016,SC2034
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
TMP=$(mktemp -d)
SANDBOX=$TMP/repo
FAKE_BIN=$TMP/bin
export FAKE_FABRIC_LOG=$TMP/fabric.log FAKE_FABRIC_STATE=$TMP/state
unset FABRIC_BIN CHANNEL_NAME CHAINCODE_NAME TOKENOMICS_CHAINCODE_JAR FABRIC_PORT_OFFSET
# shellcheck source=../../../scripts/lib/ports.sh
source "$REPO/scripts/lib/ports.sh"

passed=0
failed=0

cleanup() {
  # Stop fake daemons the end-to-end part may have left running (only those it recorded).
  if [ -d "$SANDBOX/network/fabric/run" ]; then
    PATH=$FAKE_BIN:$PATH "$SANDBOX/scripts/network.sh" down >/dev/null 2>&1 || true
  fi
  if [ -f "$FAKE_FABRIC_STATE/docker-pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$FAKE_FABRIC_STATE/docker-pids"
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

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

contains() { grep -qF -- "$2" "$1"; }
line_is() { grep -qxF -- "$2" "$1"; }
output_has() { grep -qF -- "$1" "$TMP/out"; }

# run_script ENV_PATH SCRIPT ARGS...: run a sandboxed script, output in $TMP/out, status in $status.
status=0
run_script() {
  local path=$1 script=$2
  shift 2
  PATH=$path "$SANDBOX/scripts/$script" "$@" > "$TMP/out" 2>&1
  status=$?
}

status_is() { [ "$status" -eq "$1" ] || { sed 's/^/     | /' "$TMP/out"; return 1; }; }

# Fabric's usual host ports of every node the network may run: orderer 7050/7053 (and with
# --consensus bft orderer2-4 on 8050/8053, 9050/9053, 10050/10053), peers and their chaincode
# listeners 7051/7052 and 9051/9052, operations 9443-9448, CCaaS 9999.
ALL_PORTS="7050 7053 8050 8053 9050 9053 10050 10053 7051 7052 9051 9052 9443 9444 9445 9446 9447 9448 9999"

# pick_port_offset: an offset at which every host port the network uses is free, all of them
# below the kernel's ephemeral range: a port there that is free now may be taken by some
# process's outgoing connection before the stand-in node that needs it starts.
pick_port_offset() {
  local offset port _ ephemeral_low
  ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 1 50); do
    offset=$(shuf -i "10000-$((ephemeral_low > 30054 ? ephemeral_low - 10054 : 50000))" -n 1)
    for port in $ALL_PORTS; do
      port_open $((port + offset)) && continue 2
    done
    echo "$offset"
    return 0
  done
  return 1
}

# --- sandbox -----------------------------------------------------------------------------------

mkdir -p "$SANDBOX/network" "$FAKE_BIN" "$FAKE_FABRIC_STATE"
cp -R "$REPO/scripts" "$SANDBOX/scripts"
cp -R "$REPO/network/fabric" "$SANDBOX/network/fabric"
rm -rf "$SANDBOX/network/fabric/run" "$SANDBOX/network/fabric/organizations" "$SANDBOX/network/fabric/channel-artifacts"
for tool in peer orderer osnadmin configtxgen cryptogen discover java docker; do
  ln -s "$HERE/fake-fabric.sh" "$FAKE_BIN/$tool"
done
: > "$FAKE_FABRIC_LOG"
# A PATH with the usual system tools but no Fabric binaries (none exist on such hosts anyway).
BARE_PATH=/usr/local/bin:/usr/bin:/bin
WITH_FABRIC=$FAKE_BIN:$BARE_PATH
FABRIC_RUN=$SANDBOX/network/fabric/run
ORGS=$SANDBOX/network/fabric/organizations

echo "# --help"
for script in network.sh deploy-chaincode.sh peer-invoke.sh peer-query.sh; do
  run_script "$BARE_PATH" "$script" --help
  check "$script --help exits 0 with usage" eval 'status_is 0 && head -n 1 "$TMP/out" | grep -q "^Usage: scripts/$script"'
done

echo "# missing binaries and bad arguments"
run_script "$BARE_PATH" network.sh up
check "network.sh up names every missing binary" eval 'status_is 1 && output_has "not found on PATH: cryptogen configtxgen osnadmin peer discover orderer"'
check "network.sh up points at the install instructions" output_has "install-fabric.sh"
run_script "$BARE_PATH" network.sh up --docker
check "network.sh up --docker fails early without binaries" eval 'status_is 1 && output_has "not found on PATH: cryptogen configtxgen osnadmin peer discover"'
run_script "$BARE_PATH" network.sh createChannel
check "network.sh createChannel refuses when the network is down" eval 'status_is 1 && output_has "not up"'
run_script "$BARE_PATH" network.sh frobnicate
check "network.sh rejects an unknown command" eval 'status_is 1 && output_has "unknown command"'
run_script "$BARE_PATH" deploy-chaincode.sh --type ccaas
check "deploy-chaincode.sh fails early without peer and discover" eval 'status_is 1 && output_has "not found on PATH: peer discover"'
run_script "$BARE_PATH" deploy-chaincode.sh
check "deploy-chaincode.sh requires --type" eval 'status_is 1 && output_has "--type java|ccaas is required"'
run_script "$BARE_PATH" deploy-chaincode.sh --type go
check "deploy-chaincode.sh rejects an unknown type" eval 'status_is 1 && output_has "must be java or ccaas"'
run_script "$BARE_PATH" deploy-chaincode.sh --type java --sequence 0
check "deploy-chaincode.sh rejects a non-positive sequence" eval 'status_is 1 && output_has "positive integer"'
run_script "$BARE_PATH" peer-invoke.sh GetBalance w1
check "peer-invoke.sh fails early without peer" eval 'status_is 1 && output_has "not found on PATH: peer"'
run_script "$BARE_PATH" peer-query.sh GetBalance w1
check "peer-query.sh fails early without peer" eval 'status_is 1 && output_has "not found on PATH: peer"'
run_script "$BARE_PATH" peer-query.sh
check "peer-query.sh requires a function name" eval 'status_is 1 && output_has "missing the chaincode function name"'
run_script "$WITH_FABRIC" peer-invoke.sh Initialize '{}'
check "peer-invoke.sh refuses without crypto material" eval 'status_is 1 && output_has "run scripts/network.sh up first"'

echo "# test-real-fabric.sh: skip where no Fabric is, flags"
run_script "$BARE_PATH" test-real-fabric.sh
check "without Fabric binaries it says SKIPPED in one line and exits 0" eval 'status_is 0 && [ "$(wc -l < "$TMP/out")" -eq 1 ] && output_has "SKIPPED, no Fabric binaries" && output_has "nothing was tested"'
mkdir -p "$TMP/onlypeer"
ln -s "$HERE/fake-fabric.sh" "$TMP/onlypeer/peer"
FABRIC_BIN=$TMP/onlypeer run_script "$BARE_PATH" test-real-fabric.sh
check "with some binaries (FABRIC_BIN) it names the missing ones and exits 2" eval 'status_is 2 && output_has "found peer but not orderer osnadmin configtxgen cryptogen discover"'
run_script "$BARE_PATH" test-real-fabric.sh --help
check "test-real-fabric.sh --help exits 0 with usage" eval 'status_is 0 && output_has "scripts/test-real-fabric.sh [--skip-build] [--transfers N] [--consensus raft|bft]" && output_has "default: bft where the orderer binary is Fabric 3.x"'
run_script "$WITH_FABRIC" test-real-fabric.sh --transfers many
check "test-real-fabric.sh --transfers needs a number, before anything starts" eval 'status_is 2 && output_has "--transfers needs a number" && [ ! -e "$FABRIC_RUN" ]'
run_script "$WITH_FABRIC" test-real-fabric.sh --consensus solo
check "test-real-fabric.sh --consensus takes raft or bft, before anything starts" eval 'status_is 2 && output_has "--consensus needs raft or bft" && [ ! -e "$FABRIC_RUN" ]'
run_script "$WITH_FABRIC" test-real-fabric.sh --frobnicate
check "test-real-fabric.sh rejects an unknown option" eval 'status_is 2 && output_has "unknown option"'

echo "# ports"
defaults=$(
  # shellcheck source=../../../scripts/lib/cli.sh
  source "$SANDBOX/scripts/lib/cli.sh"
  # shellcheck source=../../../scripts/lib/fabric-env.sh
  source "$SANDBOX/scripts/lib/fabric-env.sh"
  echo "$ORDERER_ADDRESS $ORDERER_ADMIN_ADDRESS $ORDERER_OPERATIONS_PORT $(peer_address 1) $(peer_chaincode_port 1)" \
    "$(peer_operations_port 1) $(peer_address 2) $(peer_chaincode_port 2) $(peer_operations_port 2) $CCAAS_HOST_PORT"
)
check "without FABRIC_PORT_OFFSET the network uses Fabric's usual ports" \
  [ "$defaults" = "localhost:7050 localhost:7053 9443 localhost:7051 7052 9444 localhost:9051 9052 9445 9999" ]
bft_ports=$(
  # shellcheck source=../../../scripts/lib/cli.sh
  source "$SANDBOX/scripts/lib/cli.sh"
  # shellcheck source=../../../scripts/lib/fabric-env.sh
  source "$SANDBOX/scripts/lib/fabric-env.sh"
  for n in 1 2 3 4; do echo "$(orderer_host "$n") $(orderer_port "$n") $(orderer_admin_port "$n") $(orderer_operations_port "$n")"; done
)
check "the four SmartBFT orderers' ports: 7050, 8050, 9050, 10050, admin +3, operations 9443, 9446-9448" \
  [ "$bft_ports" = "orderer.example.com 7050 7053 9443
orderer2.example.com 8050 8053 9446
orderer3.example.com 9050 9053 9447
orderer4.example.com 10050 10053 9448" ]
check "no two nodes share a port (orderers, peers, chaincode listeners, operations, CCaaS)" \
  [ "$(tr ' ' '\n' <<<"$ALL_PORTS" | sort -u | wc -l)" -eq "$(wc -w <<<"$ALL_PORTS")" ]
check "the port table here is the scripts' one: all of them and nothing else" \
  [ "$( (echo "$defaults" | tr ' ' '\n' | sed 's/^localhost://'; echo "$bft_ports" | cut -d' ' -f2-4 | tr ' ' '\n') | sort -un | tr '\n' ' ')" = "$(tr ' ' '\n' <<<"$ALL_PORTS" | sort -un | tr '\n' ' ')" ]
FABRIC_PORT_OFFSET=-5 run_script "$WITH_FABRIC" network.sh up
check "network.sh rejects a FABRIC_PORT_OFFSET that is not a small non-negative integer" eval 'status_is 1 && output_has "FABRIC_PORT_OFFSET must be an integer from 0 to 55000"'

echo "# chaincode call JSON"
json=$(
  # shellcheck source=../../../scripts/lib/cli.sh
  source "$SANDBOX/scripts/lib/cli.sh"
  # shellcheck source=../../../scripts/lib/fabric-env.sh
  source "$SANDBOX/scripts/lib/fabric-env.sh"
  # shellcheck source=../../../scripts/lib/chaincode-call.sh
  source "$SANDBOX/scripts/lib/chaincode-call.sh"
  parse_call_args --org 2 BatchTransfer '{"transfers":[{"fromId":"w\1"}]}' $'two\nlines\ttab' ''
  call_json
)
check "arguments are JSON-escaped into Args" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d == {"function": "BatchTransfer", "Args": ["{\"transfers\":[{\"fromId\":\"w\\1\"}]}", "two\nlines\ttab", ""]}, d
' "$json"

echo "# external builders"
B=$SANDBOX/network/fabric/builders
mkdir -p "$TMP/b/src" "$TMP/b/meta" "$TMP/b/out" "$TMP/b/release"
printf '{"address":"cc.example.com:9999","dial_timeout":"10s","tls_required":false}' > "$TMP/b/src/connection.json"
printf '{\n  "type": "CCaaS",\n  "label": "tokenomics_1.0"\n}\n' > "$TMP/b/meta/metadata.json"
check "ccaas detect claims type ccaas (any case, multi-line JSON)" "$B/ccaas/bin/detect" "$TMP/b/src" "$TMP/b/meta"
check "ccaas build copies connection.json" eval '"$B/ccaas/bin/build" "$TMP/b/src" "$TMP/b/meta" "$TMP/b/out" && cmp -s "$TMP/b/src/connection.json" "$TMP/b/out/connection.json"'
check "ccaas release puts connection.json in chaincode/server/" eval '"$B/ccaas/bin/release" "$TMP/b/out" "$TMP/b/release" && cmp -s "$TMP/b/src/connection.json" "$TMP/b/release/chaincode/server/connection.json"'
rm "$TMP/b/src/connection.json"
check "ccaas build fails clearly without connection.json" eval '! "$B/ccaas/bin/build" "$TMP/b/src" "$TMP/b/meta" "$TMP/b/out2" 2>"$TMP/err" && grep -q "connection.json missing" "$TMP/err"'
printf '{"type":"java","label":"x"}' > "$TMP/b/meta/metadata.json"
check "ccaas detect declines a java package" eval '! "$B/ccaas/bin/detect" "$TMP/b/src" "$TMP/b/meta"'
echo jar > "$TMP/b/src/tokenomics-chaincode.jar"
check "java detect claims a one-jar java package when java exists" env PATH="$WITH_FABRIC" "$B/java/bin/detect" "$TMP/b/src" "$TMP/b/meta"
# Like the peer image: the usual tools, no JVM.
mkdir -p "$TMP/nojava"
for tool in dirname tr sed awk find wc head cat; do ln -s "$(command -v "$tool")" "$TMP/nojava/$tool"; done
check "java detect declines without a JVM (peer image: Docker builder takes over)" eval '! env -u JAVA_HOME PATH="$TMP/nojava" /bin/sh "$B/java/bin/detect" "$TMP/b/src" "$TMP/b/meta" 2>"$TMP/err" && [ ! -s "$TMP/err" ]'
touch "$TMP/b/src/pom.xml"
check "java detect declines a source package (pom.xml)" eval '! env PATH="$WITH_FABRIC" "$B/java/bin/detect" "$TMP/b/src" "$TMP/b/meta"'
rm "$TMP/b/src/pom.xml"
check "java build keeps the jar as chaincode.jar" eval '"$B/java/bin/build" "$TMP/b/src" "$TMP/b/meta" "$TMP/b/jout" && cmp -s "$TMP/b/src/tokenomics-chaincode.jar" "$TMP/b/jout/chaincode.jar"'
mkdir -p "$TMP/jhome/bin" "$TMP/b/run"
ln -s "$HERE/fake-fabric.sh" "$TMP/jhome/bin/java"
key_pem=$'-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n'
cat > "$TMP/b/run/chaincode.json" <<'EOF'
{"chaincode_id":"tokenomics_1.0:abc123","peer_address":"localhost:7052","client_cert":"-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n","client_key":"-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n","root_cert":"-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n","mspid":"Org1MSP"}
EOF
check "java run starts the JVM from JAVA_HOME with -jar chaincode.jar" eval 'env JAVA_HOME="$TMP/jhome" TOKENOMICS_CHAINCODE_JAVA_OPTS="-Xmx256m" PATH="$BARE_PATH" "$B/java/bin/run" "$TMP/b/jout" "$TMP/b/run" 2>/dev/null && contains "$FAKE_FABRIC_STATE/java.args" "java -Xmx256m -jar $TMP/b/jout/chaincode.jar"'
check "java run passes chaincode id, peer address, MSP id" eval 'line_is "$FAKE_FABRIC_STATE/java.env" "CORE_CHAINCODE_ID_NAME=tokenomics_1.0:abc123" && line_is "$FAKE_FABRIC_STATE/java.env" "CORE_PEER_ADDRESS=localhost:7052" && line_is "$FAKE_FABRIC_STATE/java.env" "CORE_PEER_LOCALMSPID=Org1MSP" && line_is "$FAKE_FABRIC_STATE/java.env" "CORE_PEER_TLS_ENABLED=true"'
check "java run writes the client key base64-encoded, as the Java shim decodes it" eval '[ "$(base64 -d < "$TMP/b/run/tls/client.key")" = "${key_pem%$'"'"'\n'"'"'}" ]'
check "java run writes the peer root certificate as PEM" eval 'head -n 1 "$TMP/b/run/tls/peer.crt" | grep -q "^-----BEGIN CERTIFICATE-----$"'

echo "# end to end with stand-in Fabric binaries"
if ! FABRIC_PORT_OFFSET=$(pick_port_offset); then
  check "a FABRIC_PORT_OFFSET with every port free (50 random offsets tried)" false
elif ! python3 -c 'import yaml' 2>/dev/null; then
  echo "SKIP end-to-end part: python3 with PyYAML is needed by the stand-ins"
else
  # The scripts and the stand-ins read it; the checks below expect these addresses.
  export FABRIC_PORT_OFFSET
  echo "(stand-in network on Fabric's ports + $FABRIC_PORT_OFFSET)"
  ORDERER_PORT=$((7050 + FABRIC_PORT_OFFSET))
  ORDERER_ADMIN_PORT=$((7053 + FABRIC_PORT_OFFSET))
  PEER1_PORT=$((7051 + FABRIC_PORT_OFFSET))
  PEER2_PORT=$((9051 + FABRIC_PORT_OFFSET))
  CCAAS_PORT=$((9999 + FABRIC_PORT_OFFSET))
  # A caller who sourced scripts/lib/fabric-env.sh and ran use_org has CORE_PEER_* exported.
  # Gossip lags: the first two discovery queries see only org1's peer on the channel.
  echo 2 > "$FAKE_FABRIC_STATE/discover-peers-lag"
  CORE_PEER_LOCALMSPID=Org2MSP CORE_PEER_MSPCONFIGPATH=/nonexistent CORE_PEER_TLS_CLIENTAUTHREQUIRED=true FABRIC_READY_INTERVAL=0.2 \
    run_script "$WITH_FABRIC" network.sh up
  check "network.sh up succeeds natively" status_is 0
  check "up waits until discovery shows both orgs' peers on the channel (3 queries)" eval '
    [ "$(grep -c "^peers$" "$FAKE_FABRIC_STATE/discover-queries")" -eq 3 ] && output_has "waiting for gossip to show every org'"'"'s peer" && output_has "no peer of Org2MSP yet" \
      && output_has "channel mychannel: peer0.org1'"'"'s service discovery shows peers of every org (Org1MSP Org2MSP)"'
  check "connection.env is written only once the peers see each other" eval '[ "$(grep -n "shows peers of every org" "$TMP/out" | cut -d: -f1)" -lt "$(grep -n "wrote network/fabric/run/connection.env" "$TMP/out" | cut -d: -f1)" ]'
  check "nodes do not inherit the caller's CORE_* variables" eval 'line_is "$FAKE_FABRIC_STATE/peer0.org1.example.com.env" "CORE_PEER_LOCALMSPID=Org1MSP" && ! grep -q CLIENTAUTHREQUIRED "$FAKE_FABRIC_STATE/peer0.org1.example.com.env"'
  check "no stand-in reported a problem" eval '! grep "^FAIL" "$FAKE_FABRIC_LOG"'
  check "up says which Fabric release the binaries are" output_has "Fabric binaries: peer 2.5.12, orderer 2.5.12, configtxgen 2.5.12 ($FAKE_BIN)"
  check "run mode recorded as native" line_is "$FABRIC_RUN/mode" native
  check "orderer and both peers run with pid files" eval 'for n in orderer.example.com peer0.org1.example.com peer0.org2.example.com; do kill -0 "$(cat "$FABRIC_RUN/$n/pid")" || exit 1; done'
  check "lifecycle of the channel: configtxgen, osnadmin join, two peer joins" eval '
    grep -oE "^(cryptogen generate|configtxgen -configPath|osnadmin channel join|peer channel join)" "$FAKE_FABRIC_LOG" | tr "\n" "," | grep -qx "cryptogen generate,configtxgen -configPath,osnadmin channel join,peer channel join,peer channel join,"'
  check "native channel config names localhost on the host ports" eval '[ "$(tr " " "\n" < "$FAKE_FABRIC_STATE/configtx-addresses" | sort -u | tr "\n" " ")" = "localhost:$ORDERER_PORT localhost:$PEER1_PORT localhost:$PEER2_PORT " ]'
  check "orderer listens on the host ports, admin endpoint with mutual TLS roots" eval 'line_is "$FAKE_FABRIC_STATE/orderer.example.com.env" "ORDERER_GENERAL_LISTENPORT=$ORDERER_PORT" && line_is "$FAKE_FABRIC_STATE/orderer.example.com.env" "ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$ORDERER_ADMIN_PORT" && line_is "$FAKE_FABRIC_STATE/orderer.example.com.env" "ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$((9443 + FABRIC_PORT_OFFSET))" && grep -q "^ORDERER_ADMIN_TLS_CLIENTROOTCAS=\[.*/tls/ca.crt\]$" "$FAKE_FABRIC_STATE/orderer.example.com.env"'
  check "orderer ledger and Raft WAL under run/" eval 'grep -q "^ORDERER_CONSENSUS_WALDIR=$FABRIC_RUN/orderer.example.com/data/" "$FAKE_FABRIC_STATE/orderer.example.com.env"'
  check "peer0.org2 listens on its host ports and announces them to the other org" eval 'line_is "$FAKE_FABRIC_STATE/peer0.org2.example.com.env" "CORE_PEER_GOSSIP_EXTERNALENDPOINT=localhost:$PEER2_PORT" && line_is "$FAKE_FABRIC_STATE/peer0.org2.example.com.env" "CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$((PEER2_PORT + 1))" && line_is "$FAKE_FABRIC_STATE/peer0.org2.example.com.env" "CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$((9445 + FABRIC_PORT_OFFSET))" && line_is "$FAKE_FABRIC_STATE/peer0.org2.example.com.env" "CORE_PEER_LOCALMSPID=Org2MSP"'
  env_file=$FABRIC_RUN/connection.env
  check "connection.env has the devnet's keys" eval 'for k in PEER_ENDPOINT HOST_ALIAS TLS_CA MSP_ID CHANNEL CHAINCODE ADMIN_CERT ADMIN_KEY OPERATOR_CERT OPERATOR_KEY USER1_CERT USER1_KEY; do grep -q "^$k=" "$env_file" || exit 1; done'
  check "connection.env targets peer0.org1 on its host port" eval 'line_is "$env_file" PEER_ENDPOINT=localhost:$PEER1_PORT && line_is "$env_file" HOST_ALIAS=peer0.org1.example.com && line_is "$env_file" MSP_ID=Org1MSP && line_is "$env_file" CHANNEL=mychannel && line_is "$env_file" CHAINCODE=tokenomics'
  check "connection.env files exist (org1 TLS CA, Admin and User1 keys)" eval 'grep -E "^(TLS_CA|ADMIN_CERT|ADMIN_KEY|USER1_CERT|USER1_KEY)=" "$env_file" | cut -d= -f2 | while read -r f; do [ -f "$f" ] || exit 1; done && grep -q "^TLS_CA=.*/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem$" "$env_file"'

  run_script "$WITH_FABRIC" network.sh up
  check "a second up refuses while the network runs" eval 'status_is 1 && output_has "already up"'
  run_script "$WITH_FABRIC" network.sh createChannel
  check "createChannel again skips what is done" eval 'status_is 0 && output_has "orderer.example.com already serves mychannel" && output_has "peer0.org2.example.com already joined"'
  FABRIC_PORT_OFFSET='' run_script "$WITH_FABRIC" network.sh status
  check "status, without FABRIC_PORT_OFFSET, uses the one up recorded: every node answering" eval 'status_is 0 && [ "$(grep -c ": answering" "$TMP/out")" -eq 3 ]'
  check "up and status ask /healthz and connect to no node's TLS port (which would log a failed handshake)" eval '
    ! grep -qxE "$ORDERER_PORT|$ORDERER_ADMIN_PORT|$PEER1_PORT|$PEER2_PORT" "$FAKE_FABRIC_STATE/connections" 2>/dev/null'
  FABRIC_PORT_OFFSET=$((FABRIC_PORT_OFFSET + 1)) run_script "$WITH_FABRIC" network.sh status
  check "a FABRIC_PORT_OFFSET other than the running network's is refused" eval 'status_is 1 && output_has "the network is up with FABRIC_PORT_OFFSET=$FABRIC_PORT_OFFSET"'

  jar=$TMP/tokenomics-chaincode.jar
  echo "not really a jar" > "$jar"
  # After the commit, gossip lags: discovery first cannot build a descriptor, then sees org1 only.
  echo 2 > "$FAKE_FABRIC_STATE/discover-endorsers-lag"
  FABRIC_READY_INTERVAL=0.2 run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar" --start-server
  check "ccaas deployment succeeds" status_is 0
  check "deployment waits until both orgs' peers are endorsers of the chaincode (3 queries)" eval '
    [ "$(grep -c "^endorsers$" "$FAKE_FABRIC_STATE/discover-queries")" -eq 3 ] && output_has "failed constructing descriptor" \
      && output_has "chaincode tokenomics: peer0.org1'"'"'s service discovery shows peers of every org (Org1MSP Org2MSP)"'
  check "deployment reports done only after endorsement is possible" eval '[ "$(grep -n "shows peers of every org" "$TMP/out" | cut -d: -f1)" -lt "$(grep -n "deployed tokenomics 1.0" "$TMP/out" | cut -d: -f1)" ]'
  check "no stand-in reported a problem" eval '! grep "^FAIL" "$FAKE_FABRIC_LOG"'
  check "lifecycle order: install x2, approve x2, readiness, commit, querycommitted x2" eval '
    grep -oE "^peer lifecycle chaincode (install|approveformyorg|checkcommitreadiness|commit|querycommitted --channelID mychannel --name tokenomics$)" "$FAKE_FABRIC_LOG" \
      | sed "s/ --channelID.*//" | tr "\n" "," | grep -qx "peer lifecycle chaincode install,peer lifecycle chaincode install,peer lifecycle chaincode approveformyorg,peer lifecycle chaincode approveformyorg,peer lifecycle chaincode checkcommitreadiness,peer lifecycle chaincode commit,peer lifecycle chaincode querycommitted,peer lifecycle chaincode querycommitted,"'
  check "first definition is sequence 1" line_is "$FAKE_FABRIC_STATE/committed" "tokenomics 1.0 1 "
  pkg=$FABRIC_RUN/packages/tokenomics_1.0-ccaas.tar.gz
  mkdir -p "$TMP/pkg/code"
  tar -C "$TMP/pkg" -xzf "$pkg"
  tar -C "$TMP/pkg/code" -xzf "$TMP/pkg/code.tar.gz"
  check "ccaas package: metadata.json type ccaas with the label" python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"type": "ccaas", "label": "tokenomics_1.0"}' "$TMP/pkg/metadata.json"
  check "ccaas package: connection.json dials the host port of 9999 without TLS" python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert d["address"] == "localhost:" + sys.argv[2] and d["tls_required"] is False' "$TMP/pkg/code/connection.json" "$CCAAS_PORT"
  check "the ccaas builder accepts the deployed package end to end" eval '"$B/ccaas/bin/detect" "$TMP/pkg/code" "$TMP/pkg" && "$B/ccaas/bin/build" "$TMP/pkg/code" "$TMP/pkg" "$TMP/pkg/out" && "$B/ccaas/bin/release" "$TMP/pkg/out" "$TMP/pkg/rel" && [ -f "$TMP/pkg/rel/chaincode/server/connection.json" ]'
  package_id="tokenomics_1.0:$(sha256sum "$pkg" | cut -d" " -f1)"
  check "chaincode server started with CHAINCODE_ID = package id, on 127.0.0.1 at that port" eval 'line_is "$FAKE_FABRIC_STATE/chaincode-server.env" "CHAINCODE_ID=$package_id" && line_is "$FAKE_FABRIC_STATE/chaincode-server.env" "CHAINCODE_SERVER_ADDRESS=127.0.0.1:$CCAAS_PORT"'
  check "chaincode server sees none of the peer CLI's CORE_* settings" eval '! grep -q "^CORE_" "$FAKE_FABRIC_STATE/chaincode-server.env"'
  server_pid=$(cat "$FABRIC_RUN/chaincode-server/pid")

  run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar"
  check "redeploying the same package skips installs and bumps the sequence" eval 'status_is 0 && output_has "already installed" && line_is "$FAKE_FABRIC_STATE/committed" "tokenomics 1.0 2 "'
  check "without --start-server the server command is printed with the package id" output_has "CHAINCODE_ID='$package_id' CHAINCODE_SERVER_ADDRESS=127.0.0.1:$CCAAS_PORT java -jar '$jar'"

  touch "$FAKE_FABRIC_STATE/fail-next-commit"
  run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar" --version 1.1
  check "a failed commit fails the deployment" eval 'status_is 1 && line_is "$FAKE_FABRIC_STATE/committed" "tokenomics 1.0 2 "'
  run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar" --version 1.1
  check "re-running it finds both approvals done and commits sequence 3" eval 'status_is 0 && [ "$(grep -c "already approved" "$TMP/out")" -eq 2 ] && line_is "$FAKE_FABRIC_STATE/committed" "tokenomics 1.1 3 "'

  run_script "$WITH_FABRIC" deploy-chaincode.sh --type java --jar "$jar" --version 2.0 --signature-policy "AND('Org1MSP.peer','Org2MSP.peer')"
  check "java deployment succeeds as an upgrade (sequence 4, version 2.0, explicit policy)" eval 'status_is 0 && line_is "$FAKE_FABRIC_STATE/committed" "tokenomics 2.0 4 AND('"'"'Org1MSP.peer'"'"','"'"'Org2MSP.peer'"'"')"'
  check "java package made by peer lifecycle chaincode package --lang java" eval 'grep -q "^peer lifecycle chaincode package .*/tokenomics_2.0-java.tar.gz --path .* --lang java --label tokenomics_2.0$" "$FAKE_FABRIC_LOG"'
  mkdir -p "$TMP/jpkg/code"
  tar -C "$TMP/jpkg" -xzf "$FABRIC_RUN/packages/tokenomics_2.0-java.tar.gz"
  tar -C "$TMP/jpkg/code" -xzf "$TMP/jpkg/code.tar.gz"
  check "java package holds only the jar, which the java builder claims" eval '[ "$(find "$TMP/jpkg/code" -type f)" = "$TMP/jpkg/code/src/tokenomics-chaincode.jar" ] && PATH="$WITH_FABRIC" "$B/java/bin/detect" "$TMP/jpkg/code" "$TMP/jpkg"'

  run_script "$WITH_FABRIC" peer-invoke.sh Initialize '{"symbol":"GXT","decimals":2}'
  check "peer-invoke.sh submits to both orgs over TLS and waits for commit" eval 'status_is 0 && ! grep -q "^FAIL" "$FAKE_FABRIC_LOG"'
  check "peer-invoke.sh sends function and JSON argument" line_is "$FAKE_FABRIC_STATE/last-invoke" '{"function":"Initialize","Args":["{\"symbol\":\"GXT\",\"decimals\":2}"]}'
  check "the peer CLI runs with gRPC's INFO lines off, the nodes at INFO" eval 'line_is "$FAKE_FABRIC_STATE/peer-cli-logging-spec" "grpc=error:info" && line_is "$FABRIC_RUN/peer0.org1.example.com/node.env" "export FABRIC_LOGGING_SPEC=INFO"'
  FABRIC_CLI_LOGGING_SPEC=debug run_script "$WITH_FABRIC" peer-invoke.sh GetBalance w1
  check "FABRIC_CLI_LOGGING_SPEC sets the peer CLI's logging" eval 'status_is 0 && line_is "$FAKE_FABRIC_STATE/peer-cli-logging-spec" debug'
  run_script "$WITH_FABRIC" peer-query.sh --org 2 --user User1 GetBalance w1
  check "peer-query.sh evaluates on org2's peer as User1 and prints the result" eval 'status_is 0 && output_has "\"balance\":1000" && grep -q "^peer chaincode query -C mychannel -n tokenomics --peerAddresses localhost:$PEER2_PORT " "$FAKE_FABRIC_LOG"'

  echo never > "$FAKE_FABRIC_STATE/discover-endorsers-lag"
  rm -f "$FAKE_FABRIC_STATE/discover-endorsers-lag.failed"
  FABRIC_READY_TIMEOUT=2 FABRIC_READY_INTERVAL=0.2 run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar" --version 3.0
  check "deployment fails after FABRIC_READY_TIMEOUT when org2's peer never shows up, saying why and what to do" eval '
    status_is 1 && output_has "chaincode tokenomics: not ready after 2s" && output_has "answers: no peer of Org2MSP yet" \
      && output_has "no combination of peers can be derived which satisfy the endorsement policy" && output_has "peer0.org*/node.log" \
      && output_has "wait again with scripts/network.sh ready" && ! output_has "deployed tokenomics 3.0"'
  rm -f "$FAKE_FABRIC_STATE/discover-endorsers-lag"
  : > "$FAKE_FABRIC_STATE/discover-queries"
  run_script "$WITH_FABRIC" network.sh ready
  check "network.sh ready waits for the channel's peers and the committed chaincode's endorsers" eval '
    status_is 0 && [ "$(tr "\n" " " < "$FAKE_FABRIC_STATE/discover-queries")" = "peers endorsers " ] \
      && output_has "chaincode tokenomics: peer0.org1'"'"'s service discovery shows peers of every org"'
  run_script "$WITH_FABRIC" network.sh ready --name other
  check "network.sh ready says when the chaincode is not committed" eval 'status_is 0 && output_has "chaincode other is not committed on mychannel"'

  pids=$(cat "$FABRIC_RUN"/*/pid)
  run_script "$WITH_FABRIC" network.sh down
  check "network.sh down succeeds" status_is 0
  check "down stops every node and the chaincode server" eval 'for p in $pids $server_pid; do ! kill -0 "$p" 2>/dev/null || exit 1; done'
  check "down removes organizations/, channel-artifacts/, run/" eval '[ ! -e "$ORGS" ] && [ ! -e "$FABRIC_RUN" ] && [ ! -e "$SANDBOX/network/fabric/channel-artifacts" ]'

  echo "# end to end, --docker, with a stand-in docker compose"
  rm -f "$FAKE_FABRIC_STATE"/orderer-channels-* "$FAKE_FABRIC_STATE"/channels-* "$FAKE_FABRIC_STATE"/installed-* \
    "$FAKE_FABRIC_STATE"/approved-* "$FAKE_FABRIC_STATE"/committed "$FAKE_FABRIC_STATE"/discover-*
  : > "$FAKE_FABRIC_LOG"
  run_script "$WITH_FABRIC" network.sh up --docker
  check "network.sh up --docker succeeds (compose file mounts exist)" eval 'status_is 0 && ! grep "^FAIL" "$FAKE_FABRIC_LOG"'
  check "run mode recorded as docker" line_is "$FABRIC_RUN/mode" docker
  check "compose started as project tokenomics" eval 'grep -q "^docker compose -f $SANDBOX/network/fabric/compose/docker-compose.yaml -p tokenomics up -d$" "$FAKE_FABRIC_LOG"'
  check "docker channel config keeps the compose host names and ports" eval '[ "$(tr " " "\n" < "$FAKE_FABRIC_STATE/configtx-addresses" | sort -u | tr "\n" " ")" = "orderer.example.com:7050 peer0.org1.example.com:7051 peer0.org2.example.com:9051 " ]'
  check "compose publishes the nodes on the host ports" eval 'for p in $ORDERER_PORT $ORDERER_ADMIN_PORT $PEER1_PORT $PEER2_PORT $((9443 + FABRIC_PORT_OFFSET)) $((9444 + FABRIC_PORT_OFFSET)) $((9445 + FABRIC_PORT_OFFSET)); do port_open "$p" || exit 1; done'
  check "connection.env is the same in docker mode" eval 'line_is "$FABRIC_RUN/connection.env" PEER_ENDPOINT=localhost:$PEER1_PORT && line_is "$FABRIC_RUN/connection.env" HOST_ALIAS=peer0.org1.example.com'
  run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar" --start-server
  check "docker ccaas deployment succeeds" eval 'status_is 0 && ! grep "^FAIL" "$FAKE_FABRIC_LOG"'
  mkdir -p "$TMP/dpkg/code"
  tar -C "$TMP/dpkg" -xzf "$FABRIC_RUN/packages/tokenomics_1.0-ccaas.tar.gz"
  tar -C "$TMP/dpkg/code" -xzf "$TMP/dpkg/code.tar.gz"
  check "docker ccaas package dials the compose service tokenomics-ccaas:9999" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["address"] == "tokenomics-ccaas:9999"' "$TMP/dpkg/code/connection.json"
  docker_package_id="tokenomics_1.0:$(sha256sum "$FABRIC_RUN/packages/tokenomics_1.0-ccaas.tar.gz" | cut -d" " -f1)"
  check "compose service tokenomics-ccaas gets the package id and mounts the jar" eval 'line_is "$FAKE_FABRIC_STATE/compose-tokenomics-ccaas.env" "CHAINCODE_ID=$docker_package_id" && line_is "$FAKE_FABRIC_STATE/compose-tokenomics-ccaas.env" "CHAINCODE_SERVER_ADDRESS=0.0.0.0:9999"'
  run_script "$WITH_FABRIC" network.sh down
  check "network.sh down (docker) removes the compose project and generated material" eval 'status_is 0 && grep -q "^docker compose .* --profile ccaas down --volumes --remove-orphans$" "$FAKE_FABRIC_LOG" && [ ! -e "$FABRIC_RUN" ] && [ ! -e "$ORGS" ]'
  check "the stand-in containers are gone" eval '[ ! -f "$FAKE_FABRIC_STATE/docker-pids" ]'

  echo "# --consensus bft: four SmartBFT orderers on Fabric 3.x"
  rm -f "$FAKE_FABRIC_STATE"/orderer-channels-* "$FAKE_FABRIC_STATE"/channels-* "$FAKE_FABRIC_STATE"/discover-* "$FAKE_FABRIC_STATE"/*.env
  : > "$FAKE_FABRIC_LOG"
  run_script "$WITH_FABRIC" network.sh up --consensus bft
  check "bft on 2.5 binaries is refused, naming the versions found and what to do, before anything starts" eval '
    status_is 1 && output_has "--consensus bft (SmartBFT, channel capability V3_0) needs Fabric 3.x binaries; found orderer 2.5.12, peer 2.5.12, configtxgen 2.5.12" \
      && output_has "or use --consensus raft" && [ ! -e "$FABRIC_RUN" ] && ! grep -qE "^(cryptogen generate|orderer *$|peer node)" "$FAKE_FABRIC_LOG"'
  FAKE_FABRIC_VERSION=3.0.0 run_script "$WITH_FABRIC" network.sh up --consensus bft --docker
  check "bft with --docker is refused (the compose file has one orderer)" eval 'status_is 1 && output_has "--consensus bft runs native processes only" && [ ! -e "$FABRIC_RUN" ]'
  run_script "$WITH_FABRIC" network.sh up --consensus pbft
  check "an unknown consensus is refused" eval 'status_is 1 && output_has "--consensus must be raft or bft, not '"'"'pbft'"'"'"'
  FAKE_FABRIC_VERSION=3.0.0 run_script "$WITH_FABRIC" network.sh up --consensus bft
  check "network.sh up --consensus bft succeeds on 3.0 binaries" eval 'status_is 0 && ! grep "^FAIL" "$FAKE_FABRIC_LOG" && output_has "Fabric binaries: peer 3.0.0, orderer 3.0.0, configtxgen 3.0.0"'
  check "consensus recorded as bft" line_is "$FABRIC_RUN/consensus" bft
  check "four orderers and both peers run with pid files" eval 'for n in orderer orderer2 orderer3 orderer4 peer0.org1 peer0.org2; do kill -0 "$(cat "$FABRIC_RUN/$n.example.com/pid")" || exit 1; done'
  check "the channel's configuration is the SmartBFT one (V3_0, consenter mapping with identities and TLS certificates)" \
    grep -q "^configtxgen -configPath $FABRIC_RUN/configtx -profile TokenomicsChannel " "$FAKE_FABRIC_LOG"
  check "it names every orderer (consenter and endpoint) and anchor peer on localhost at its host port" eval '
    [ "$(tr " " "\n" < "$FAKE_FABRIC_STATE/configtx-addresses" | sort -t: -k2n | uniq -c | sed "s/^ *//" | tr "\n" " ")" \
      = "2 localhost:$ORDERER_PORT 1 localhost:$PEER1_PORT 2 localhost:$((8050 + FABRIC_PORT_OFFSET)) 2 localhost:$((9050 + FABRIC_PORT_OFFSET)) 1 localhost:$PEER2_PORT 2 localhost:$((10050 + FABRIC_PORT_OFFSET)) " ]'
  check "osnadmin joins each orderer through its own admin endpoint" eval '
    [ "$(sed -n "s/^osnadmin channel join .* -o localhost:\([0-9]*\) .*/\1/p" "$FAKE_FABRIC_LOG" | tr "\n" " ")" = "$ORDERER_ADMIN_PORT $((8053 + FABRIC_PORT_OFFSET)) $((9053 + FABRIC_PORT_OFFSET)) $((10053 + FABRIC_PORT_OFFSET)) " ]'
  check "each orderer runs with its own identity, TLS pair, ports and data directory" eval '
    for n in 2 3 4; do
      f=$FAKE_FABRIC_STATE/orderer$n.example.com.env; p=$(((n + 6) * 1000 + 50 + FABRIC_PORT_OFFSET))
      line_is "$f" "ORDERER_GENERAL_LISTENPORT=$p" && line_is "$f" "ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$((p + 3))" \
        && line_is "$f" "ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$((9444 + n + FABRIC_PORT_OFFSET))" \
        && grep -q "^ORDERER_GENERAL_LOCALMSPDIR=.*/orderers/orderer$n.example.com/msp$" "$f" \
        && grep -q "^ORDERER_GENERAL_TLS_CERTIFICATE=.*/orderers/orderer$n.example.com/tls/server.crt$" "$f" \
        && grep -q "^ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=.*/orderers/orderer$n.example.com/tls/server.crt$" "$f" \
        && line_is "$f" "ORDERER_CONSENSUS_WALDIR=$FABRIC_RUN/orderer$n.example.com/data/smartbft/wal" || exit 1
    done'
  FABRIC_PORT_OFFSET='' run_script "$WITH_FABRIC" network.sh status
  check "status names the consensus and finds all six nodes answering" eval 'status_is 0 && output_has "(native mode, bft)" && [ "$(grep -c ": answering" "$TMP/out")" -eq 6 ]'
  FAKE_FABRIC_VERSION=3.0.0 run_script "$WITH_FABRIC" deploy-chaincode.sh --type ccaas --jar "$jar" --start-server
  check "the chaincode deploys on the bft network" eval 'status_is 0 && ! grep "^FAIL" "$FAKE_FABRIC_LOG"'
  run_script "$WITH_FABRIC" peer-invoke.sh Mint w1 10 mint-1
  check "peer-invoke.sh submits through the first orderer" eval 'status_is 0 && grep -q "^peer chaincode invoke -o localhost:$ORDERER_PORT " "$FAKE_FABRIC_LOG"'
  pids=$(cat "$FABRIC_RUN"/*/pid)
  run_script "$WITH_FABRIC" network.sh down
  check "down stops the four orderers, the peers and the chaincode server, and removes run/" eval 'status_is 0 && for p in $pids; do ! kill -0 "$p" 2>/dev/null || exit 1; done && [ ! -e "$FABRIC_RUN" ]'
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
