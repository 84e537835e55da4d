#!/usr/bin/env bash
# Deploys TokenomicsContract to the network started by scripts/network.sh with the full Fabric
# 2.x lifecycle: package, install on both orgs' peers, approveformyorg for both orgs,
# checkcommitreadiness, commit, querycommitted. Two package kinds:
#   --type java   the built fat jar in Fabric's Java chaincode package format; the peer runs it
#                 (native peers: the tokenomics-java external builder starts a local JVM;
#                 Docker peers: the fabric-javaenv image)
#   --type ccaas  chaincode-as-a-service: a package holding only connection.json (the server's
#                 address); the jar runs on its own as a chaincode server with
#                 CHAINCODE_ID=<package id> and CHAINCODE_SERVER_ADDRESS
set -euo pipefail
SCRIPT_NAME=deploy-chaincode.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
# shellcheck source=lib/fabric-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/fabric-env.sh"
# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"
# shellcheck source=lib/discovery.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/discovery.sh"

usage() {
  cat <<EOF
Usage: scripts/deploy-chaincode.sh --type java|ccaas [options]

Options:
  --type java|ccaas       package kind (required)
  --jar PATH              chaincode jar (default: \$TOKENOMICS_CHAINCODE_JAR or
                          chaincode/target/tokenomics-chaincode.jar; build it with
                          mvn -B -pl chaincode -am package -DskipTests)
  --name NAME             chaincode name (default: tokenomics)
  --version VERSION       chaincode version (default: 1.0)
  --sequence N            definition sequence (default: committed sequence + 1, or 1)
  --label LABEL           package label (default: NAME_VERSION)
  --signature-policy P    endorsement policy, e.g. "AND('Org1MSP.peer','Org2MSP.peer')"
                          (default: the channel's Endorsement policy, MAJORITY of the orgs)
  --channel NAME          channel (default: mychannel)
  --ccaas-address H:P     (ccaas) address the peers dial (default: localhost:9999 for native
                          peers, shifted by the network's FABRIC_PORT_OFFSET;
                          tokenomics-ccaas:9999 for Docker peers)
  --start-server          (ccaas) also start the chaincode server: a background JVM (native) or
                          the compose service tokenomics-ccaas (Docker); otherwise the command
                          to start it is printed
  -h, --help              this help

Ends when a transaction can be endorsed: peer0.org1's service discovery (what its Gateway plans
endorsements with) shows a peer of both orgs with the chaincode; gossip can take tens of seconds
after the commit. FABRIC_READY_TIMEOUT (seconds, default 180) bounds that wait.

Requires the network to be up (scripts/network.sh up) and 'peer' and 'discover' on PATH (or in
\$FABRIC_BIN).
EOF
}

TYPE=
JAR=${TOKENOMICS_CHAINCODE_JAR:-$REPO_ROOT/chaincode/target/tokenomics-chaincode.jar}
VERSION=1.0
SEQUENCE=
LABEL=
SIGNATURE_POLICY=
CCAAS_ADDRESS=
START_SERVER=false
# The compose service's port inside the compose network (never shifted; see CCAAS_HOST_PORT).
CCAAS_CONTAINER_PORT=9999

parse_args() {
  while [ "$#" -gt 0 ]; do
    case $1 in
      --type | --jar | --name | --version | --sequence | --label | --signature-policy | --channel | --ccaas-address)
        [ "$#" -ge 2 ] || die "$1 needs a value"
        case $1 in
          --type) TYPE=$2 ;;
          --jar) JAR=$2 ;;
          --name) CHAINCODE_NAME=$2 ;;
          --version) VERSION=$2 ;;
          --sequence) SEQUENCE=$2 ;;
          --label) LABEL=$2 ;;
          --signature-policy) SIGNATURE_POLICY=$2 ;;
          --channel) CHANNEL_NAME=$2 ;;
          --ccaas-address) CCAAS_ADDRESS=$2 ;;
        esac
        shift ;;
      --start-server) START_SERVER=true ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done
  case $TYPE in
    java | ccaas) ;;
    "") die "--type java|ccaas is required (see --help)" ;;
    *) die "--type must be java or ccaas, not '$TYPE'" ;;
  esac
  [ -z "$SEQUENCE" ] || [[ $SEQUENCE =~ ^[1-9][0-9]*$ ]] || die "--sequence must be a positive integer"
  LABEL=${LABEL:-${CHAINCODE_NAME}_${VERSION}}
  [[ $LABEL =~ ^[[:alnum:]][[:alnum:]_.+-]*$ ]] || die "label '$LABEL' may only hold letters, digits, _ . + -"
}

# --- packaging ---------------------------------------------------------------------------------

# reproducible_tgz OUT DIR FILE...: the same inputs give the same bytes, hence the same package
# id, so re-running a deployment finds the package already installed.
reproducible_tgz() {
  local out=$1 dir=$2
  shift 2
  if tar --version 2>/dev/null | grep -q 'GNU tar'; then
    tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$@" | gzip -n > "$out"
  else
    tar -C "$dir" -cf - "$@" | gzip -n > "$out"
  fi
}

# package_java OUT: a directory holding only the fat jar, packaged with --lang java. With no
# pom.xml/build.gradle inside, Fabric's Java builder runs the jar as-is instead of building.
package_java() {
  local out=$1 src=$PACKAGES_DIR/$LABEL-java
  rm -rf "$src"
  mkdir -p "$src"
  cp "$JAR" "$src/$(basename "$JAR")"
  peer lifecycle chaincode package "$out" --path "$src" --lang java --label "$LABEL"
}

# package_ccaas OUT: metadata.json (type ccaas) + code.tar.gz holding connection.json, the
# layout the tokenomics-ccaas builder (network/fabric/builders/ccaas) reads. Plain-text gRPC
# between peer and chaincode server: both run on this host or on the compose network.
package_ccaas() {
  local out=$1 work=$PACKAGES_DIR/$LABEL-ccaas
  rm -rf "$work"
  mkdir -p "$work"
  printf '{"address":"%s","dial_timeout":"10s","tls_required":false}\n' "$CCAAS_ADDRESS" > "$work/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$LABEL" > "$work/metadata.json"
  reproducible_tgz "$work/code.tar.gz" "$work" connection.json
  reproducible_tgz "$out" "$work" metadata.json code.tar.gz
}

# package_id_of PACKAGE: Fabric's package id, LABEL:hex(sha256(package bytes)); computed locally
# when the CLI predates `calculatepackageid`.
package_id_of() {
  peer lifecycle chaincode calculatepackageid "$1" 2>/dev/null \
    || echo "$LABEL:$(sha256sum "$1" | cut -d' ' -f1)"
}

# --- lifecycle steps ---------------------------------------------------------------------------

install_on() {
  local org=$1 package=$2 package_id=$3
  use_org "$org"
  if peer lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $package_id,"; then
    log "org$org: $package_id already installed"
    return
  fi
  log "org$org: installing $LABEL on $(peer_host "$org")"
  peer lifecycle chaincode install "$package"
}

# definition_args: the chaincode definition both orgs approve and then commit; any difference
# between approvals and commit makes the commit fail.
DEFINITION_ARGS=()
set_definition_args() {
  DEFINITION_ARGS=(--channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --version "$VERSION" --sequence "$SEQUENCE")
  if [ -n "$SIGNATURE_POLICY" ]; then
    DEFINITION_ARGS+=(--signature-policy "$SIGNATURE_POLICY")
  fi
}

committed_sequence() {
  use_org 1
  peer lifecycle chaincode querycommitted --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --output json 2>/dev/null \
    | tr -d '\n' | sed -n 's/.*"sequence"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p'
}

# approve_for ORG PACKAGE_ID: idempotent, so a deployment interrupted between the two approvals
# can simply be re-run: the peer refuses to approve the same definition twice ("unchanged
# content"), which here means done. Other failures are retried a few times: right after
# `network.sh up` the Raft leader may still be being elected.
approve_for() {
  local org=$1 package_id=$2 attempt out
  use_org "$org"
  log "org$org: approving $CHAINCODE_NAME $VERSION sequence $SEQUENCE"
  for attempt in 1 2 3 4 5; do
    if out=$(peer lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" "${DEFINITION_ARGS[@]}" \
      --package-id "$package_id" --waitForEvent 2>&1); then
      [ -z "$out" ] || echo "$out" >&2
      return
    fi
    if grep -q "unchanged content" <<<"$out"; then
      log "org$org: this definition is already approved"
      return
    fi
    echo "$out" >&2
    [ "$attempt" -lt 5 ] && { log "org$org: approval failed, retrying in 3s"; sleep 3; }
  done
  die "org$org could not approve the definition (output above)"
}

check_commit_readiness() {
  local out org
  use_org 1
  out=$(peer lifecycle chaincode checkcommitreadiness "${DEFINITION_ARGS[@]}" --output json)
  echo "$out" >&2
  for org in "${ORG_NUMBERS[@]}"; do
    tr -d ' \n\t' <<<"$out" | grep -q "\"$(org_msp_id "$org")\":true" \
      || die "$(org_msp_id "$org") has not approved this exact definition; see the readiness above"
  done
}

commit_definition() {
  use_org 1
  log "committing $CHAINCODE_NAME $VERSION sequence $SEQUENCE on $CHANNEL_NAME"
  peer lifecycle chaincode commit "${ORDERER_ARGS[@]}" "${DEFINITION_ARGS[@]}" "${ENDORSING_PEER_ARGS[@]}"
}

query_committed() {
  local org
  for org in "${ORG_NUMBERS[@]}"; do
    use_org "$org"
    log "org$org sees:"
    peer lifecycle chaincode querycommitted --channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" >&2
  done
}

# --- CCaaS chaincode server --------------------------------------------------------------------

CCAAS_SERVER=chaincode-server

# server_listen_address: where the JVM binds. Loopback when the peers dial localhost, all
# interfaces otherwise (they dial a host name that resolves to this machine or container).
server_listen_address() {
  local host=${CCAAS_ADDRESS%:*} port=${CCAAS_ADDRESS##*:}
  case $host in
    localhost | 127.0.0.1) echo "127.0.0.1:$port" ;;
    *) echo "0.0.0.0:$port" ;;
  esac
}

start_ccaas_native() {
  local package_id=$1 dir=$RUN_DIR/$CCAAS_SERVER listen
  require_commands java setsid
  listen=$(server_listen_address)
  # An upgrade brings a new package id: the old server must make way.
  stop_process "$dir/pid"
  mkdir -p "$dir"
  write_env_file "$dir/node.env" "CHAINCODE_ID=$package_id" "CHAINCODE_SERVER_ADDRESS=$listen"
  # JAVA_OPTS is split into JVM options on purpose.
  # shellcheck disable=SC2086
  start_process "$CCAAS_SERVER" java ${JAVA_OPTS:-} -jar "$JAR"
  wait_for_port "$CCAAS_SERVER" "${listen##*:}"
  log "chaincode server listening on $listen"
}

start_ccaas_docker() {
  local package_id=$1
  require_docker_compose
  log "starting compose service tokenomics-ccaas"
  CHAINCODE_ID=$package_id CHAINCODE_JAR=$JAR \
    docker compose -f "$COMPOSE_FILE" -p "$COMPOSE_PROJECT" --profile ccaas up -d --force-recreate tokenomics-ccaas
}

print_ccaas_command() {
  local package_id=$1 mode=$2
  cat >&2 <<EOF

Chaincode package id: $package_id
The peers dial the chaincode server at $CCAAS_ADDRESS. Start it with:
EOF
  if [ "$mode" = docker ]; then
    cat >&2 <<EOF
  CHAINCODE_ID='$package_id' CHAINCODE_JAR='$JAR' \\
    docker compose -f '$COMPOSE_FILE' -p $COMPOSE_PROJECT --profile ccaas up -d tokenomics-ccaas
EOF
  else
    cat >&2 <<EOF
  CHAINCODE_ID='$package_id' CHAINCODE_SERVER_ADDRESS=$(server_listen_address) java -jar '$JAR'
EOF
  fi
  echo "(or re-run this script with --start-server)" >&2
}

# --- main --------------------------------------------------------------------------------------

main() {
  parse_args "$@"
  local mode package package_id org
  require_commands peer discover
  mode=$(run_mode)
  [ -n "$mode" ] || die "the network is not up (run scripts/network.sh up first)"
  [ -f "$JAR" ] || die "chaincode jar not found: $JAR (build it: mvn -B -pl chaincode -am package -DskipTests, or pass --jar)"
  JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
  if [ "$TYPE" = ccaas ] && [ -z "$CCAAS_ADDRESS" ]; then
    if [ "$mode" = docker ]; then CCAAS_ADDRESS=tokenomics-ccaas:$CCAAS_CONTAINER_PORT; else CCAAS_ADDRESS=localhost:$CCAAS_HOST_PORT; fi
  fi
  [ "$TYPE" != ccaas ] || [[ $CCAAS_ADDRESS =~ ^[^:]+:[0-9]+$ ]] || die "--ccaas-address must be HOST:PORT"

  PACKAGES_DIR=$RUN_DIR/packages
  mkdir -p "$PACKAGES_DIR"
  package=$PACKAGES_DIR/$LABEL-$TYPE.tar.gz
  log "packaging $JAR as a $TYPE package, label $LABEL"
  use_org 1
  "package_$TYPE" "$package"
  package_id=$(package_id_of "$package")
  log "package id: $package_id"

  for org in "${ORG_NUMBERS[@]}"; do
    install_on "$org" "$package" "$package_id"
  done

  # The chaincode server must know its package id, and must be up before the first invoke
  # (commit itself does not call the chaincode).
  if [ "$TYPE" = ccaas ] && [ "$START_SERVER" = true ]; then
    if [ "$mode" = docker ]; then start_ccaas_docker "$package_id"; else start_ccaas_native "$package_id"; fi
  fi

  if [ -z "$SEQUENCE" ]; then
    SEQUENCE=$(( $(committed_sequence || true) + 1 ))
  fi
  set_definition_args
  for org in "${ORG_NUMBERS[@]}"; do
    approve_for "$org" "$package_id"
  done
  check_commit_readiness
  commit_definition
  query_committed
  wait_for_endorsers

  if [ "$TYPE" = ccaas ] && [ "$START_SERVER" = false ]; then
    print_ccaas_command "$package_id" "$mode"
  fi
  log "deployed $CHAINCODE_NAME $VERSION (sequence $SEQUENCE, package $package_id) on $CHANNEL_NAME"
  log "next: TOKENOMICS_CONNECTION=${RUN_DIR#"$REPO_ROOT"/}/connection.env java -jar gateway-client/cli/target/tokenomics-client.jar genesis --wallets 10 --balance 1000"
}

main "$@"
