# shellcheck shell=bash
# Readiness through Fabric's service discovery: the Gateway of peer0.org1, which clients use,
# plans every endorsement from the same discovery service, so a transaction can be endorsed by
# the policy only once that service shows the peers the policy needs. Right after the channel
# is joined or a chaincode committed, gossip may not have shown org2's peer (or its chaincode)
# to org1's for tens of seconds; until then the Gateway answers FAILED_PRECONDITION "no
# combination of peers can be derived which satisfy the endorsement policy". Sourced, never
# run. Requires lib/cli.sh and lib/fabric-env.sh.

# How long to wait (seconds) before giving up, and between two queries.
READY_TIMEOUT=${FABRIC_READY_TIMEOUT:-180}
READY_INTERVAL=${FABRIC_READY_INTERVAL:-2}

# discover_on_org1 COMMAND [FLAGS...]: the `discover` CLI against peer0.org1 on this channel, as
# org1's Admin (a channel member, as discovery requires).
discover_on_org1() {
  local command=$1 msp
  shift
  msp=$(user_msp 1 Admin)
  [ -d "$msp" ] || die "no crypto material for Admin of org1 at $msp (run scripts/network.sh up first)"
  discover --peerTLSCA "$(peer_tls_ca 1)" --MSP "$(org_msp_id 1)" \
    --userCert "$(first_file "$msp/signcerts")" --userKey "$(first_file "$msp/keystore")" \
    "$command" --server "$(peer_address 1)" --channel "$CHANNEL_NAME" "$@"
}

# orgs_without_peer JSON: the MSP ids of this network's orgs that have no peer with an endpoint
# in JSON, the output of `discover peers` or `discover endorsers` (a peer's fields start with
# MSPID, LedgerHeight, Endpoint in both).
orgs_without_peer() {
  local compact org msp missing=()
  compact=$(tr -d ' \t\n' <<<"$1")
  for org in "${ORG_NUMBERS[@]}"; do
    msp=$(org_msp_id "$org")
    grep -q "\"MSPID\":\"$msp\",\"LedgerHeight\":[0-9]*,\"Endpoint\":\"[^\"]" <<<"$compact" || missing+=("$msp")
  done
  echo "${missing[*]}"
}

# wait_until_discovered WHAT COMMAND [FLAGS...]: query discovery until the answer names a peer of
# every org, for at most READY_TIMEOUT seconds; WHAT says what is awaited, for the messages.
wait_until_discovered() {
  local what=$1 deadline out missing last waited=false
  shift
  deadline=$((SECONDS + READY_TIMEOUT))
  while :; do
    if out=$(discover_on_org1 "$@" 2>&1); then
      missing=$(orgs_without_peer "$out")
      if [ -z "$missing" ]; then
        log "$what: peer0.org1's service discovery shows peers of every org ($(all_msp_ids))"
        return 0
      fi
      last="no peer of $missing yet"
    else
      last=$(head -n 1 <<<"$out")
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$what: not ready after ${READY_TIMEOUT}s: peer0.org1's service discovery ($*) answers: $last.
  Clients would fail with 'no combination of peers can be derived which satisfy the endorsement policy'.
  The orgs' peers do not see each other through gossip: check the peers' logs
  (${RUN_DIR#"$REPO_ROOT"/}/peer0.org*/node.log, or docker logs; anchor peers, CORE_PEER_GOSSIP_EXTERNALENDPOINT),
  then wait again with scripts/network.sh ready (FABRIC_READY_TIMEOUT=<seconds> waits longer)."
    fi
    if [ "$waited" = false ]; then
      log "$what: waiting for gossip to show every org's peer to peer0.org1 (up to ${READY_TIMEOUT}s): $last"
      waited=true
    fi
    sleep "$READY_INTERVAL"
  done
}

all_msp_ids() {
  local org ids=()
  for org in "${ORG_NUMBERS[@]}"; do ids+=("$(org_msp_id "$org")"); done
  echo "${ids[*]}"
}

# wait_for_channel_peers: every org's peer is a member of the channel as peer0.org1 sees it.
wait_for_channel_peers() {
  wait_until_discovered "channel $CHANNEL_NAME" peers
}

# wait_for_endorsers: peer0.org1 can plan an endorsement of the chaincode by every org's peer,
# which the channel's MAJORITY Endorsement policy needs.
wait_for_endorsers() {
  wait_until_discovered "chaincode $CHAINCODE_NAME" endorsers --chaincode "$CHAINCODE_NAME"
}
