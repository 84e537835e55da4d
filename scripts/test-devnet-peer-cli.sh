#!/usr/bin/env bash
# Fabric's own `peer` CLI against a fresh TLS devnet running the real TokenomicsContract jar, as a
# new user would drive it (issue #13): invoke and query, `peer channel getinfo|list|fetch`,
# `peer chaincode query` on qscc and cscc, `peer lifecycle chaincode querycommitted|queryapproved|queryinstalled`,
# and the lifecycle writes the devnet refuses. Each command's output is checked; any failed check
# prints that output and the script exits 1.
# Finds `peer` in FABRIC_BIN or on PATH (configtxlator too, to decode qscc/cscc results, if there);
# without a `peer` binary it prints one skip line and exits 0.
# Env: FABRIC_BIN, TARGET_DIR (Maven output folder; jars are built when missing),
#      PORT (devnet port, default 7181).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRIPT_NAME=test-devnet-peer-cli.sh
# shellcheck source=lib/cli.sh
source scripts/lib/cli.sh

if ! command -v peer >/dev/null 2>&1; then
  echo "test-devnet-peer-cli: SKIP: no 'peer' binary in FABRIC_BIN or on PATH (Fabric 2.5 binaries, see network/fabric/README.md)"
  exit 0
fi

devnet_dir=$(mktemp -d)
work=$(mktemp -d)
cleanup() {
  scripts/devnet.sh down --dir "$devnet_dir" >/dev/null 2>&1 || true
  rm -rf "$devnet_dir" "$work"
}
trap cleanup EXIT
log "peer $(peer version | sed -n 's/^ Version: //p') against a devnet in $devnet_dir"
scripts/devnet.sh up --dir "$devnet_dir" --port "${PORT:-7181}" >/dev/null

env_value() { sed -n "s/^$1=//p" "$devnet_dir/connection.env"; }
endpoint=$(env_value PEER_ENDPOINT)
tls_ca=$(env_value TLS_CA)
channel=$(env_value CHANNEL)
chaincode=$(env_value CHAINCODE)
users_dir=$devnet_dir/organizations/peerOrganizations/org1.example.com/users

# The peer CLI reads core.yaml from FABRIC_CFG_PATH; the repository's Fabric network has one.
export FABRIC_CFG_PATH=$PWD/network/fabric/config
export CORE_PEER_TLS_ENABLED=true
export CORE_PEER_ADDRESS=$endpoint
export CORE_PEER_TLS_ROOTCERT_FILE=$tls_ca
export CORE_PEER_LOCALMSPID
CORE_PEER_LOCALMSPID=$(env_value MSP_ID)
export CORE_PEER_MSPCONFIGPATH=$users_dir/Admin@org1.example.com/msp
# The devnet's orderer service listens on the peer's port.
orderer_args=(-o "$endpoint" --tls --cafile "$tls_ca")

passed=0
failed=0
stdout=$work/stdout
output=$work/output

# run NAME CMD...: runs a peer command, keeping its stdout (the result) and its whole output; a
# non-zero exit is recorded for the checks to judge (refusals are expected to fail).
run() {
  current=$1
  shift
  status=0
  "$@" >"$stdout" 2>"$work/stderr" || status=$?
  cat "$stdout" "$work/stderr" >"$output"
}

# check DESCRIPTION TEST...: one assertion on the last command.
check() {
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $current: $description"
  else
    failed=$((failed + 1))
    echo "FAIL $current: $description (exit status $status); its output:"
    sed 's/^/     | /' "$output"
  fi
}

succeeded() { [ "$status" -eq 0 ]; }
says() { grep -qF -- "$1" "$output"; }
says_line() { grep -qxF -- "$1" "$output"; }
matches() { grep -qE -- "$1" "$output"; }
refused_saying() { [ "$status" -ne 0 ] && says "$1"; }

# decoded TYPE JQ: the hex result of `peer chaincode query --hex`, decoded as TYPE by configtxlator,
# satisfies the jq expression.
decoded() { xxd -r -p "$stdout" | configtxlator proto_decode --type "$1" --input /dev/stdin | jq -e "$2" >/dev/null; }
have_configtxlator() { command -v configtxlator >/dev/null 2>&1; }
hex_of() { printf '%s' "$1" | xxd -p | tr -d '\n'; }

run "chaincode invoke Initialize --waitForEvent" peer chaincode invoke "${orderer_args[@]}" -C "$channel" -n "$chaincode" \
  --waitForEvent -c '{"Args":["Initialize","{\"symbol\":\"GXT\",\"decimals\":2}"]}'
check "endorsed, ordered and committed VALID" matches 'txid \[[0-9a-f]{64}\] committed with status \(VALID\)'
check "prints the chaincode's result" says "Chaincode invoke successful. result: status:200"
tx_id=$(sed -nE 's/.*txid \[([0-9a-f]{64})\] committed with status \(VALID\).*/\1/p' "$output")

run "chaincode query GetTotalSupply" peer chaincode query -C "$channel" -n "$chaincode" -c '{"Args":["GetTotalSupply"]}'
check "answers the supply" says '"totalSupply":'

run "channel fetch newest" peer channel fetch newest "$work/newest.block" -c "$channel" "${orderer_args[@]}"
check "receives the newest block" matches 'Received block: [0-9]+'
newest=$(sed -nE 's/.*Received block: ([0-9]+).*/\1/p' "$output")

run "channel fetch config" peer channel fetch config "$work/config.block" -c "$channel" "${orderer_args[@]}"
check "receives the config block" says "Received block: 0"

run "channel getinfo" peer channel getinfo -c "$channel"
check "prints the chain's height, newest block + 1" says "Blockchain info: {\"height\":$((newest + 1)),"
check "with the current and previous block hashes" matches '"currentBlockHash":"[A-Za-z0-9+/=]+","previousBlockHash":"[A-Za-z0-9+/=]+"'

run "channel list" peer channel list
check "lists the joined channel" says_line "$channel"
check "under the CLI's heading" says "Channels peers has joined:"

run "chaincode query qscc GetChainInfo" peer chaincode query -C "$channel" -n qscc --hex -c "{\"Args\":[\"GetChainInfo\",\"$channel\"]}"
check "answers a common.BlockchainInfo" succeeded
if have_configtxlator; then
  check "of the same height" decoded common.BlockchainInfo "(.height | tonumber) == $((newest + 1))"
fi

run "chaincode query qscc GetTransactionByID" peer chaincode query -C "$channel" -n qscc --hex \
  -c "{\"Args\":[\"GetTransactionByID\",\"$channel\",\"$tx_id\"]}"
check "answers the invoked transaction's envelope" says "$(hex_of "$tx_id")"
if have_configtxlator; then
  check "as a peer.ProcessedTransaction, VALID" decoded protos.ProcessedTransaction \
    ".validationCode == 0 and ([.. | objects | .tx_id // empty] | index(\"$tx_id\") != null)"
fi

run "chaincode query qscc GetTransactionByID (unknown)" peer chaincode query -C "$channel" -n qscc \
  -c "{\"Args\":[\"GetTransactionByID\",\"$channel\",\"0000\"]}"
check "is refused with Fabric's index error" refused_saying "no such transaction ID [0000] in index"

run "chaincode query qscc GetBlockByNumber (beyond the height)" peer chaincode query -C "$channel" -n qscc \
  -c "{\"Args\":[\"GetBlockByNumber\",\"$channel\",\"$((newest + 100))\"]}"
check "is refused with Fabric's index error" refused_saying "no such block number [$((newest + 100))] in index"

run "chaincode query cscc GetChannelConfig" peer chaincode query -C "$channel" -n cscc --hex \
  -c "{\"Args\":[\"GetChannelConfig\",\"$channel\"]}"
check "answers a config naming the org" says "$(hex_of "$CORE_PEER_LOCALMSPID")"
if have_configtxlator; then
  check "as a common.Config with the org's MSP" decoded common.Config \
    ".channel_group.groups.Application.groups | has(\"$CORE_PEER_LOCALMSPID\")"
fi

run "lifecycle chaincode querycommitted" peer lifecycle chaincode querycommitted -C "$channel"
check "lists the chaincode as Fabric defaults it" \
  says "Name: $chaincode, Version: 1.0, Sequence: 1, Endorsement Plugin: escc, Validation Plugin: vscc"

run "lifecycle chaincode querycommitted -n" peer lifecycle chaincode querycommitted -C "$channel" -n "$chaincode"
check "shows the definition approved by the org" \
  says "Version: 1.0, Sequence: 1, Endorsement Plugin: escc, Validation Plugin: vscc, Approvals: [$CORE_PEER_LOCALMSPID: true]"

run "lifecycle chaincode querycommitted -n (unknown)" peer lifecycle chaincode querycommitted -C "$channel" -n nope
check "is refused as an undefined namespace" refused_saying "query failed with status: 404 - namespace nope is not defined"

run "lifecycle chaincode queryapproved" peer lifecycle chaincode queryapproved -C "$channel" -n "$chaincode"
check "shows the org's approval with the installed package" \
  says "sequence: 1, version: 1.0, init-required: false, package-id: $chaincode:1.0, endorsement plugin: escc, validation plugin: vscc"

run "lifecycle chaincode queryinstalled" peer lifecycle chaincode queryinstalled
check "lists the installed package" says "Package ID: $chaincode:1.0, Label: $chaincode"

run "lifecycle chaincode queryinstalled (as User1)" env CORE_PEER_MSPCONFIGPATH="$users_dir/User1@org1.example.com/msp" \
  peer lifecycle chaincode queryinstalled
check "is refused: installed chaincodes are for the org's admins" refused_saying "The identity is not an admin under this MSP"

run "lifecycle chaincode approveformyorg" peer lifecycle chaincode approveformyorg "${orderer_args[@]}" -C "$channel" \
  -n "$chaincode" --version 2.0 --sequence 2 --package-id "$chaincode:1.0"
check "is refused, saying the devnet's chaincodes are fixed" \
  refused_saying "failed to invoke backing implementation of 'ApproveChaincodeDefinitionForMyOrg': the devnet does not change its chaincodes"

echo "test-devnet-peer-cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
