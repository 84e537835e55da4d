#!/usr/bin/env bash
# Brings the Fabric network described in network/fabric up or down: one Raft orderer (OrdererMSP)
# or, with --consensus bft on Fabric 3.x, four SmartBFT orderers; peer0 of Org1MSP and Org2MSP;
# channel `mychannel`. Runs the nodes as native processes (Fabric 2.5.x or 3.0.x binaries on PATH,
# no Docker) or, with --docker, as containers from compose/docker-compose.yaml.
set -euo pipefail
SCRIPT_NAME=network.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
# shellcheck source=lib/fabric-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/fabric-env.sh"
# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"
# shellcheck source=lib/discovery.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/discovery.sh"
# shellcheck source=lib/fabric-version.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/fabric-version.sh"

usage() {
  cat <<EOF
Usage: scripts/network.sh <command> [--consensus raft|bft] [--docker] [--channel NAME] [--name CHAINCODE]

Commands:
  up             generate crypto material (cryptogen), start the orderer(s) and both peers, create
                 the channel and join every node, wait until peer0.org1's service discovery
                 shows both orgs' peers on the channel (gossip), then write
                 network/fabric/run/connection.env
  createChannel  create the channel's genesis block (configtxgen), join the orderer to it through
                 the channel participation API (osnadmin) and join both peers; skips what is done
  down           stop the nodes (and a chaincode server started by deploy-chaincode.sh) and
                 delete generated material: organizations/, channel-artifacts/, run/
  status         show the run mode and whether each node answers
  ready          wait until a transaction can be endorsed: peer0.org1's service discovery shows a
                 peer of both orgs on the channel and, when the chaincode is committed, as its
                 endorsers (what up and deploy-chaincode.sh wait for; run it after they timed out)

Options:
  --consensus raft|bft
                 (up only) raft: one etcdraft orderer (default; Fabric 2.5.x or 3.x). bft: four
                 SmartBFT orderers (orderer, orderer2-4.example.com), channel capability V3_0;
                 needs Fabric 3.x peer, orderer and configtxgen, native mode only
  --docker       run the nodes with Docker compose instead of native processes (up only; the
                 other commands follow the mode 'up' used)
  --channel NAME channel name (default: mychannel, or \$CHANNEL_NAME)
  --name NAME    chaincode name for ready (default: tokenomics, or \$CHAINCODE_NAME)
  -h, --help     this help

FABRIC_PORT_OFFSET=N (up only) shifts every host port by N (default 0: orderer 7050, admin 7053,
peers 7051 and 9051, ...; with bft also orderer2-4 on 8050/8053, 9050/9053, 10050/10053), to run
beside another network; later commands use the offset and consensus up used.
Native mode needs on PATH (or in \$FABRIC_BIN): orderer peer osnadmin configtxgen cryptogen discover.
Docker mode needs docker with the compose plugin, plus osnadmin configtxgen cryptogen peer discover
on the host. Node logs and pid files: network/fabric/run/<node>/.
The peer CLI runs with FABRIC_CLI_LOGGING_SPEC (default grpc=error:info), the nodes with
FABRIC_LOGGING_SPEC (default INFO).
FABRIC_READY_TIMEOUT (seconds, default 180) bounds the wait for gossip.
EOF
}

# --- node table: name, ports -------------------------------------------------------------------

# nodes: every node of the network as up started it (or will start it): the orderers of its
# consensus, then the peers.
nodes() {
  local n
  for n in $(orderer_numbers); do orderer_host "$n"; done
  peer_host 1
  peer_host 2
}

# The TLS ports of a node: free before a native start, listening after it.
node_ports() {
  local n
  n=$(orderer_number "$1")
  if [ -n "$n" ]; then
    echo "$(orderer_port "$n") $(orderer_admin_port "$n")"
    return
  fi
  case $1 in
    peer0.org1.example.com) peer_port 1 ;;
    peer0.org2.example.com) peer_port 2 ;;
  esac
}

# The node's operations endpoint (plain HTTP, /healthz): what readiness is asked of.
node_operations_port() {
  local n
  n=$(orderer_number "$1")
  if [ -n "$n" ]; then
    orderer_operations_port "$n"
    return
  fi
  case $1 in
    peer0.org1.example.com) peer_operations_port 1 ;;
    peer0.org2.example.com) peer_operations_port 2 ;;
  esac
}

# --- crypto material and channel configuration -------------------------------------------------

generate_crypto() {
  if [ -d "$ORGS_DIR/peerOrganizations" ] && [ -d "$ORGS_DIR/ordererOrganizations" ]; then
    log "reusing crypto material in ${ORGS_DIR#"$REPO_ROOT"/}"
    return
  fi
  log "generating crypto material with cryptogen"
  cryptogen generate --config="$FABRIC_DIR/crypto-config.yaml" --output="$ORGS_DIR" >/dev/null
}

# configtx_source: the channel configuration of the recorded consensus. SmartBFT's is a file of
# its own because Fabric 2.5's configtxgen rejects its keys wherever they appear in the file.
configtx_source() {
  if [ "$(network_consensus)" = bft ]; then echo "$FABRIC_DIR/configtx-bft"; else echo "$FABRIC_DIR/configtx"; fi
}

# render_configtx MODE: copy the consensus's configtx.yaml into run/configtx with absolute
# MSP/cert paths; for native runs also point every node address (consenters, orderer endpoints,
# anchor peers) at localhost, where the native nodes listen and which their TLS certificates
# name, on the host ports (FABRIC_PORT_OFFSET). Docker nodes talk over the compose network on
# the usual ports.
render_configtx() {
  local mode=$1 out=$RUN_DIR/configtx port
  mkdir -p "$out"
  local sed_args=(-e "s#\.\./organizations/#$ORGS_DIR/#g")
  if [ "$mode" = native ]; then
    sed_args+=(-e 's/^\([[:space:]]*\(- \)\{0,1\}Host:\).*$/\1 localhost/')
    for port in 7050 8050 9050 10050 7051 9051; do
      sed_args+=(
        -e "s/^\\([[:space:]]*Port:[[:space:]]*\\)${port}[[:space:]]*\$/\\1$(fabric_port "$port")/"
        -e "s/^\\([[:space:]]*- \\)orderer[0-9]*\\.example\\.com:${port}[[:space:]]*\$/\\1localhost:$(fabric_port "$port")/"
      )
    done
  fi
  sed "${sed_args[@]}" "$(configtx_source)/configtx.yaml" > "$out/configtx.yaml"
}

# --- native processes --------------------------------------------------------------------------

# start_native_orderer N: orderer N with its own identity, TLS pair, ports and data directory.
# Consensus traffic between orderers reuses each one's client listener (orderer.yaml).
start_native_orderer() {
  local n=$1 node odir dir tls wal
  node=$(orderer_host "$n")
  odir=$(orderer_dir "$n")
  dir=$RUN_DIR/$node
  tls=$odir/tls
  wal=$dir/data/etcdraft
  [ "$(network_consensus)" = bft ] && wal=$dir/data/smartbft
  mkdir -p "$dir/data"
  write_env_file "$dir/node.env" \
    "FABRIC_CFG_PATH=$FABRIC_DIR/config/orderer" \
    "FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-INFO}" \
    "ORDERER_GENERAL_LISTENADDRESS=127.0.0.1" \
    "ORDERER_GENERAL_LISTENPORT=$(orderer_port "$n")" \
    "ORDERER_GENERAL_LOCALMSPDIR=$odir/msp" \
    "ORDERER_GENERAL_TLS_CERTIFICATE=$tls/server.crt" \
    "ORDERER_GENERAL_TLS_PRIVATEKEY=$tls/server.key" \
    "ORDERER_GENERAL_TLS_ROOTCAS=[$tls/ca.crt]" \
    "ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=$tls/server.crt" \
    "ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=$tls/server.key" \
    "ORDERER_GENERAL_CLUSTER_ROOTCAS=[$tls/ca.crt]" \
    "ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$(orderer_admin_port "$n")" \
    "ORDERER_ADMIN_TLS_CERTIFICATE=$tls/server.crt" \
    "ORDERER_ADMIN_TLS_PRIVATEKEY=$tls/server.key" \
    "ORDERER_ADMIN_TLS_ROOTCAS=[$tls/ca.crt]" \
    "ORDERER_ADMIN_TLS_CLIENTROOTCAS=[$tls/ca.crt]" \
    "ORDERER_FILELEDGER_LOCATION=$dir/data" \
    "ORDERER_CONSENSUS_WALDIR=$wal/wal" \
    "ORDERER_CONSENSUS_SNAPDIR=$wal/snapshot" \
    "ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$(orderer_operations_port "$n")"
  start_process "$node" orderer
}

start_native_peer() {
  local org=$1 node dir pdir port cc_port ops_port
  node=$(peer_host "$org")
  dir=$RUN_DIR/$node
  pdir=$(peer_dir "$org")
  port=$(peer_port "$org")
  cc_port=$(peer_chaincode_port "$org")
  ops_port=$(peer_operations_port "$org")
  mkdir -p "$dir/data"
  # Per-peer core.yaml: the committed one with the external builders at their checkout path
  # instead of the container mount point.
  sed "s#/opt/tokenomics/builders#$FABRIC_DIR/builders#g" "$FABRIC_DIR/config/core.yaml" > "$dir/core.yaml"
  write_env_file "$dir/node.env" \
    "FABRIC_CFG_PATH=$dir" \
    "FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-INFO}" \
    "CORE_PEER_ID=$node" \
    "CORE_PEER_LOCALMSPID=$(org_msp_id "$org")" \
    "CORE_PEER_MSPCONFIGPATH=$pdir/msp" \
    "CORE_PEER_TLS_ENABLED=true" \
    "CORE_PEER_TLS_CERT_FILE=$pdir/tls/server.crt" \
    "CORE_PEER_TLS_KEY_FILE=$pdir/tls/server.key" \
    "CORE_PEER_TLS_ROOTCERT_FILE=$pdir/tls/ca.crt" \
    "CORE_PEER_ADDRESS=localhost:$port" \
    "CORE_PEER_LISTENADDRESS=127.0.0.1:$port" \
    "CORE_PEER_CHAINCODEADDRESS=localhost:$cc_port" \
    "CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$cc_port" \
    "CORE_PEER_GOSSIP_BOOTSTRAP=localhost:$port" \
    "CORE_PEER_GOSSIP_EXTERNALENDPOINT=localhost:$port" \
    "CORE_PEER_FILESYSTEMPATH=$dir/data" \
    "CORE_LEDGER_SNAPSHOTS_ROOTDIR=$dir/data/snapshots" \
    "CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$ops_port"
  start_process "$node" peer node start
}

start_native() {
  local node port n
  for node in $(nodes); do
    for port in $(node_ports "$node") $(node_operations_port "$node"); do
      port_listening "$port" && die "port $port (for $node) is already in use; is another network running?"
    done
  done
  for n in $(orderer_numbers); do
    start_native_orderer "$n"
  done
  start_native_peer 1
  start_native_peer 2
}

# wait_for_node NODE MODE: until NODE's operations endpoint answers /healthz and (native) each of
# its TLS ports listens. Nothing connects to a TLS port, so no node logs a failed handshake. A
# container's ports are published by Docker whether or not the node listens behind them: there,
# /healthz through the published port is the sign of life.
wait_for_node() {
  local node=$1 mode=$2 port
  wait_for_port "$node" "$(node_operations_port "$node")" healthz_ok
  if [ "$mode" = native ]; then
    for port in $(node_ports "$node"); do
      wait_for_port "$node" "$port" port_listening
    done
  fi
  log "$node is up"
}

stop_native_nodes() {
  local pid_file
  for pid_file in "$RUN_DIR"/*/pid; do
    stop_process "$pid_file"
  done
}

# --- Docker ------------------------------------------------------------------------------------

# The compose file publishes the containers' ports on the host ports these variables name.
compose() {
  HOST_PORT_ORDERER=$ORDERER_PORT HOST_PORT_ORDERER_ADMIN=$ORDERER_ADMIN_PORT \
    HOST_PORT_ORDERER_OPERATIONS=$ORDERER_OPERATIONS_PORT \
    HOST_PORT_PEER0_ORG1=$(peer_port 1) HOST_PORT_PEER0_ORG1_OPERATIONS=$(peer_operations_port 1) \
    HOST_PORT_PEER0_ORG2=$(peer_port 2) HOST_PORT_PEER0_ORG2_OPERATIONS=$(peer_operations_port 2) \
    docker compose -f "$COMPOSE_FILE" -p "$COMPOSE_PROJECT" "$@"
}

# --- channel -----------------------------------------------------------------------------------

# set_osnadmin_args N: osnadmin's flags for orderer N's admin endpoint. osnadmin authenticates
# with a TLS client certificate from the orderer org's TLS CA; the orderer's own TLS pair is one
# (cryptogen gives it client and server usage).
OSNADMIN_ARGS=()
set_osnadmin_args() {
  local tls
  tls=$(orderer_dir "$1")/tls
  OSNADMIN_ARGS=(-o "localhost:$(orderer_admin_port "$1")" --ca-file "$ORDERER_TLS_CA"
    --client-cert "$tls/server.crt" --client-key "$tls/server.key")
}

# osnadmin exits 0 whatever the HTTP status; the first line of its output carries it.
osnadmin_status() { sed -n 's/^Status: \([0-9]*\).*/\1/p' <<<"$1" | head -n 1; }

# orderer_join_channel N BLOCK: join orderer N to the channel (OSNADMIN_ARGS set for it).
orderer_join_channel() {
  local host block=$2 out status attempt
  host=$(orderer_host "$1")
  # A container's admin endpoint may open a little after its /healthz answered (native nodes were
  # seen listening on it already): retry while it refuses connections.
  for attempt in $(seq 1 10); do
    out=$(osnadmin channel list --channelID "$CHANNEL_NAME" "${OSNADMIN_ARGS[@]}" 2>&1) && break
    [ "$attempt" -lt 10 ] || die "osnadmin failed: $out"
    sleep 2
  done
  if [ "$(osnadmin_status "$out")" = 200 ]; then
    log "$host already serves $CHANNEL_NAME"
    return
  fi
  log "joining $host to $CHANNEL_NAME (channel participation API)"
  out=$(osnadmin channel join --channelID "$CHANNEL_NAME" --config-block "$block" "${OSNADMIN_ARGS[@]}" 2>&1) \
    || die "osnadmin channel join failed: $out"
  status=$(osnadmin_status "$out")
  [ "$status" = 201 ] || die "osnadmin channel join answered $status: $out"
}

peer_has_channel() { peer channel list 2>/dev/null | grep -qx "$CHANNEL_NAME"; }

peer_join_channel() {
  local org=$1 block=$2
  use_org "$org"
  if peer_has_channel; then
    log "$(peer_host "$org") already joined $CHANNEL_NAME"
    return
  fi
  log "joining $(peer_host "$org") to $CHANNEL_NAME"
  # The peer may still be opening its ledger right after start: retry briefly.
  retry 10 2 peer channel join -b "$block" || die "$(peer_host "$org") could not join $CHANNEL_NAME"
}

create_channel() {
  local mode block org n
  mode=$(run_mode)
  [ -n "$mode" ] || die "the network is not up (run scripts/network.sh up first)"
  require_commands configtxgen osnadmin peer
  render_configtx "$mode"
  mkdir -p "$ARTIFACTS_DIR"
  block=$ARTIFACTS_DIR/$CHANNEL_NAME.block
  if [ ! -f "$block" ]; then
    log "creating the genesis block of $CHANNEL_NAME ($(network_consensus), profile TokenomicsChannel of ${RUN_DIR#"$REPO_ROOT"/}/configtx)"
    configtxgen -configPath "$RUN_DIR/configtx" -profile TokenomicsChannel \
      -channelID "$CHANNEL_NAME" -outputBlock "$block" 2>"$RUN_DIR/configtxgen.log" \
      || { cat "$RUN_DIR/configtxgen.log" >&2; die "configtxgen failed"; }
  fi
  for n in $(orderer_numbers); do
    set_osnadmin_args "$n"
    orderer_join_channel "$n" "$block"
  done
  for org in "${ORG_NUMBERS[@]}"; do
    peer_join_channel "$org" "$block"
  done
  log "channel $CHANNEL_NAME is ready: orderer(s) and peers of Org1MSP and Org2MSP joined"
}

# --- connection.env ----------------------------------------------------------------------------

# The same keys the devnet writes, so gateway-client and the demo run unchanged against this
# network (peer0.org1 as gateway peer, Org1 identities).
write_connection_env() {
  local admin user1 file=$RUN_DIR/connection.env
  admin=$(user_msp 1 Admin)
  user1=$(user_msp 1 User1)
  cat > "$file" <<EOF
# Written by scripts/network.sh up: how clients reach the Fabric network in network/fabric.
PEER_ENDPOINT=$(peer_address 1)
HOST_ALIAS=$(peer_host 1)
TLS_CA=$(org_tlsca_cert 1)
MSP_ID=$(org_msp_id 1)
CHANNEL=$CHANNEL_NAME
CHAINCODE=$CHAINCODE_NAME
ADMIN_CERT=$(first_file "$admin/signcerts")
ADMIN_KEY=$(first_file "$admin/keystore")
# cryptogen cannot add the tokenomics.role attribute, so there is no dedicated operator here:
# OPERATOR_* is User1. Grant roles by MSP id in Initialize (adminMspIds/operatorMspIds, e.g.
# ["Org1MSP"]), or issue identities with Fabric CA attributes (network/fabric/README.md).
OPERATOR_CERT=$(first_file "$user1/signcerts")
OPERATOR_KEY=$(first_file "$user1/keystore")
USER1_CERT=$(first_file "$user1/signcerts")
USER1_KEY=$(first_file "$user1/keystore")
EOF
  log "wrote ${file#"$REPO_ROOT"/}"
}

# --- commands ----------------------------------------------------------------------------------

network_up() {
  local mode=$1 consensus=$2 node orderers=() n
  [ -z "$(run_mode)" ] || die "the network is already up ($(run_mode) mode); run scripts/network.sh down first"
  if [ "$consensus" = bft ] && [ "$mode" = docker ]; then
    die "--consensus bft runs native processes only: the compose file has one orderer (drop --docker)"
  fi
  if [ "$mode" = docker ]; then
    require_commands cryptogen configtxgen osnadmin peer discover
    require_docker_compose
  else
    require_commands cryptogen configtxgen osnadmin peer discover orderer setsid
  fi
  if [ "$mode" = docker ]; then
    log "Fabric images: those compose/docker-compose.yaml names; CLI binaries: $(fabric_versions_line peer configtxgen)"
  else
    log "Fabric binaries: $(fabric_versions_line peer orderer configtxgen) ($(dirname "$(command -v peer)"))"
  fi
  # SmartBFT ordering and the V3_0 channel capability it requires exist from Fabric 3.0: the
  # orderers run it, the peers validate its blocks, configtxgen writes its channel configuration.
  [ "$consensus" = raft ] || require_fabric_major 3 "--consensus bft (SmartBFT, channel capability V3_0)" orderer peer configtxgen
  generate_crypto
  mkdir -p "$RUN_DIR"
  echo "$mode" > "$RUN_DIR/mode"
  echo "$consensus" > "$CONSENSUS_FILE"
  echo "$FABRIC_PORT_OFFSET" > "$PORT_OFFSET_FILE"
  # From here on a failure leaves started nodes behind: say how to clean up.
  trap 'status=$?; [ "$status" -eq 0 ] || log "bring-up failed; scripts/network.sh down stops what started"' EXIT
  if [ "$mode" = docker ]; then
    log "starting containers (compose project $COMPOSE_PROJECT)"
    compose up -d
  else
    start_native
  fi
  for node in $(nodes); do
    wait_for_node "$node" "$mode"
  done
  create_channel
  wait_for_channel_peers
  write_connection_env
  trap - EXIT
  for n in $(orderer_numbers); do
    orderers+=("localhost:$(orderer_port "$n") (admin $(orderer_admin_port "$n"))")
  done
  cat >&2 <<EOF

Network up ($mode, $consensus): orderer(s) ${orderers[*]}, peer0.org1 $(peer_address 1), peer0.org2 $(peer_address 2)
Next: scripts/deploy-chaincode.sh --type ccaas --start-server   (or --type java)
Clients: connection settings in ${RUN_DIR#"$REPO_ROOT"/}/connection.env
EOF
}

network_down() {
  local mode
  mode=$(run_mode)
  if [ "$mode" = docker ]; then
    require_docker_compose
    log "removing containers and volumes (compose project $COMPOSE_PROJECT)"
    compose --profile ccaas down --volumes --remove-orphans
    # Chaincode containers and images the peers' Docker builder made for Java packages.
    local ids
    ids=$(docker ps -aq --filter "name=dev-peer0.org" 2>/dev/null || true)
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086 # one argument per container id
      docker rm -f $ids >/dev/null
    fi
    ids=$(docker images -q --filter "reference=dev-peer0.org*" 2>/dev/null || true)
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086 # one argument per image id
      docker rmi -f $ids >/dev/null
    fi
  else
    stop_native_nodes
  fi
  rm -rf "$RUN_DIR" "$ORGS_DIR" "$ARTIFACTS_DIR"
  log "network down; generated material removed"
}

network_ready() {
  [ -n "$(run_mode)" ] || die "the network is not up (run scripts/network.sh up first)"
  require_commands peer discover
  wait_for_channel_peers
  use_org 1
  if peer lifecycle chaincode querycommitted --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" >/dev/null 2>&1; then
    wait_for_endorsers
  else
    log "chaincode $CHAINCODE_NAME is not committed on $CHANNEL_NAME: nothing to endorse yet (scripts/deploy-chaincode.sh)"
  fi
}

network_status() {
  local mode node port state
  mode=$(run_mode)
  [ -n "$mode" ] || { echo "network: down"; return; }
  echo "network: up ($mode mode, $(network_consensus)), channel $CHANNEL_NAME"
  for node in $(nodes); do
    state=answering
    port=$(node_operations_port "$node")
    healthz_ok "$port" || state="not answering /healthz on $port"
    if [ "$mode" = native ]; then
      for port in $(node_ports "$node"); do
        port_listening "$port" || state="not listening on $port"
      done
    fi
    echo "  $node: $state"
  done
}

main() {
  [ "$#" -ge 1 ] || { usage >&2; exit 2; }
  local command=$1 mode=native consensus=raft
  shift
  while [ "$#" -gt 0 ]; do
    case $1 in
      --docker) mode=docker ;;
      --consensus)
        [ "$#" -ge 2 ] || die "--consensus needs a value: raft or bft"
        case $2 in
          raft | bft) consensus=$2 ;;
          *) die "--consensus must be raft or bft, not '$2'" ;;
        esac
        shift ;;
      --channel)
        [ "$#" -ge 2 ] || die "--channel needs a value"
        CHANNEL_NAME=$2
        shift ;;
      --name)
        [ "$#" -ge 2 ] || die "--name needs a value"
        CHAINCODE_NAME=$2
        shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done
  case $command in
    up) network_up "$mode" "$consensus" ;;
    down) network_down ;;
    createChannel) create_channel ;;
    status) network_status ;;
    ready) network_ready ;;
    -h | --help | help) usage ;;
    *) usage >&2; die "unknown command '$command'" ;;
  esac
}

# Run only when executed, so tests can source the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
