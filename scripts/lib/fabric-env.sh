# shellcheck shell=bash disable=SC2034  # defines variables for the scripts that source it
# Where the network's files live and how to address each node, for every script that talks to
# the Fabric network in network/fabric. Sourced, never run. Requires lib/cli.sh.
#
# The same addresses serve both run modes: native processes listen on localhost, and the
# compose file publishes the containers' ports on localhost.
#
# Host ports are Fabric's usual ones (orderer 7050, admin 7053, operations 9443-9445, peers
# 7051/9051, their chaincode listeners 7052/9052, a CCaaS server 9999) shifted by
# FABRIC_PORT_OFFSET (default 0), so a second network, or the scripts' own tests, can run beside
# one on the usual ports. `network.sh up` records the offset in run/ and every later command of
# that network uses the recorded one.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FABRIC_DIR=$REPO_ROOT/network/fabric
ORGS_DIR=$FABRIC_DIR/organizations
ARTIFACTS_DIR=$FABRIC_DIR/channel-artifacts
RUN_DIR=$FABRIC_DIR/run
COMPOSE_FILE=$FABRIC_DIR/compose/docker-compose.yaml
COMPOSE_PROJECT=tokenomics

CHANNEL_NAME=${CHANNEL_NAME:-mychannel}
CHAINCODE_NAME=${CHAINCODE_NAME:-tokenomics}

PORT_OFFSET_FILE=$RUN_DIR/port-offset
if [ -f "$PORT_OFFSET_FILE" ]; then
  _recorded=$(cat "$PORT_OFFSET_FILE")
  [ -z "${FABRIC_PORT_OFFSET:-}" ] || [ "$FABRIC_PORT_OFFSET" = "$_recorded" ] \
    || die "the network is up with FABRIC_PORT_OFFSET=$_recorded, not $FABRIC_PORT_OFFSET (unset it, or run scripts/network.sh down first)"
  FABRIC_PORT_OFFSET=$_recorded
  unset _recorded
fi
FABRIC_PORT_OFFSET=${FABRIC_PORT_OFFSET:-0}
# 9999 + offset must stay a valid port.
if ! [[ $FABRIC_PORT_OFFSET =~ ^[0-9]{1,5}$ ]] || [ "$FABRIC_PORT_OFFSET" -gt 55000 ]; then
  die "FABRIC_PORT_OFFSET must be an integer from 0 to 55000, not '$FABRIC_PORT_OFFSET'"
fi

# fabric_port PORT: the host port standing for Fabric's usual PORT.
fabric_port() { echo $(($1 + FABRIC_PORT_OFFSET)); }

# Consensus of the channel: raft (one orderer, the default) or bft (SmartBFT, four orderers,
# Fabric 3.x), as `network.sh up --consensus` recorded it.
CONSENSUS_FILE=$RUN_DIR/consensus
network_consensus() {
  if [ -f "$CONSENSUS_FILE" ]; then cat "$CONSENSUS_FILE"; else echo raft; fi
}
# orderer_numbers: 1 with Raft; 1 2 3 4 with SmartBFT (3f+1 orderers tolerate f = 1 faulty one).
orderer_numbers() {
  if [ "$(network_consensus)" = bft ]; then echo 1 2 3 4; else echo 1; fi
}

# Orderer N (1-4): orderer.example.com, orderer2.example.com, ... Its ports are the first one's
# (7050, admin 7053) a thousand up per orderer: 8050/8053, 9050/9053, 10050/10053, clear of the
# peers' 7051/7052 and 9051/9052. Operations: 9443, then 9446-9448 after the peers' 9444/9445.
orderer_host() { if [ "$1" -eq 1 ]; then echo orderer.example.com; else echo "orderer$1.example.com"; fi; }
orderer_port() { fabric_port $((7050 + 1000 * ($1 - 1))); }
orderer_admin_port() { fabric_port $((7053 + 1000 * ($1 - 1))); }
orderer_operations_port() { if [ "$1" -eq 1 ]; then fabric_port 9443; else fabric_port $((9444 + $1)); fi; }
orderer_dir() { echo "$ORGS_DIR/ordererOrganizations/example.com/orderers/$(orderer_host "$1")"; }
# orderer_number HOST: N for orderer HOST, empty for any other node.
orderer_number() {
  case $1 in
    orderer.example.com) echo 1 ;;
    orderer[2-4].example.com) echo "${1:7:1}" ;;
  esac
}

# The first orderer: the one the peer CLI and osnadmin talk to by default.
ORDERER_HOST=$(orderer_host 1)
ORDERER_PORT=$(orderer_port 1)
ORDERER_ADMIN_PORT=$(orderer_admin_port 1)
ORDERER_OPERATIONS_PORT=$(orderer_operations_port 1)
ORDERER_ADDRESS=localhost:$ORDERER_PORT
ORDERER_ADMIN_ADDRESS=localhost:$ORDERER_ADMIN_PORT
CCAAS_HOST_PORT=$(fabric_port 9999)
ORDERER_DIR=$(orderer_dir 1)
ORDERER_TLS_CA=$ORGS_DIR/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem

# Flags every `peer` command that reaches the orderer needs. The host name override keeps TLS
# verification working even with certificates that lack the localhost SAN.
ORDERER_ARGS=(-o "$ORDERER_ADDRESS" --ordererTLSHostnameOverride "$ORDERER_HOST" --tls --cafile "$ORDERER_TLS_CA")

ORG_NUMBERS=(1 2)

org_domain() { echo "org$1.example.com"; }
org_msp_id() { echo "Org$1MSP"; }
peer_host() { echo "peer0.$(org_domain "$1")"; }
peer_port() {
  case $1 in
    1) fabric_port 7051 ;;
    2) fabric_port 9051 ;;
    *) die "unknown org '$1' (this network has orgs 1 and 2)" ;;
  esac
}
# The peer's chaincode listener is the port after its own, as in Fabric's samples.
peer_chaincode_port() { echo $(($(peer_port "$1") + 1)); }
peer_operations_port() { peer_port "$1" >/dev/null && fabric_port $((9443 + $1)); }
peer_address() { echo "localhost:$(peer_port "$1")"; }
peer_dir() { echo "$ORGS_DIR/peerOrganizations/$(org_domain "$1")/peers/$(peer_host "$1")"; }
peer_tls_ca() { echo "$(peer_dir "$1")/tls/ca.crt"; }
org_tlsca_cert() {
  local domain
  domain=$(org_domain "$1")
  echo "$ORGS_DIR/peerOrganizations/$domain/tlsca/tlsca.$domain-cert.pem"
}
# user_msp ORG USER: MSP directory of a cryptogen user (Admin, User1).
user_msp() {
  local domain
  domain=$(org_domain "$1")
  echo "$ORGS_DIR/peerOrganizations/$domain/users/$2@$domain/msp"
}

# first_file DIR: the single file cryptogen writes into signcerts/ or keystore/.
first_file() {
  local f
  for f in "$1"/*; do
    [ -f "$f" ] && { echo "$f"; return; }
  done
  die "no file in $1"
}

# use_org ORG [USER]: point the `peer` CLI at ORG's peer, acting as USER (default Admin, which
# lifecycle and channel joins require).
use_org() {
  local org=$1 user=${2:-Admin}
  peer_port "$org" >/dev/null
  export FABRIC_CFG_PATH=$FABRIC_DIR/config
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID
  CORE_PEER_LOCALMSPID=$(org_msp_id "$org")
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(peer_tls_ca "$org")
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH=$(user_msp "$org" "$user")
  export CORE_PEER_ADDRESS
  CORE_PEER_ADDRESS=$(peer_address "$org")
  # The 3.x peer CLI logs each step of its gRPC connections at INFO, tens of lines per call;
  # the CLI's own INFO lines ("Chaincode invoke successful ...") stay. FABRIC_CLI_LOGGING_SPEC
  # overrides (e.g. debug); the nodes' FABRIC_LOGGING_SPEC is their own.
  export FABRIC_LOGGING_SPEC=${FABRIC_CLI_LOGGING_SPEC:-grpc=error:info}
  [ -d "$CORE_PEER_MSPCONFIGPATH" ] \
    || die "no crypto material for $user of org$org at $CORE_PEER_MSPCONFIGPATH (run scripts/network.sh up first)"
}

# ENDORSING_PEER_ARGS: one peer of each org. With the channel's MAJORITY Endorsement policy a
# transaction needs both orgs' endorsements, and the lifecycle commit needs both orgs' peers.
ENDORSING_PEER_ARGS=()
for _org in "${ORG_NUMBERS[@]}"; do
  ENDORSING_PEER_ARGS+=(--peerAddresses "$(peer_address "$_org")" --tlsRootCertFiles "$(peer_tls_ca "$_org")")
done
unset _org

# run_mode: "native" or "docker", as recorded by `network.sh up`; empty when the network is down.
run_mode() {
  if [ -f "$RUN_DIR/mode" ]; then cat "$RUN_DIR/mode"; fi
}
