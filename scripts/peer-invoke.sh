#!/usr/bin/env bash
# Submits a TokenomicsContract transaction with `peer chaincode invoke`: endorsed by the peers of
# both orgs (the channel's MAJORITY endorsement policy needs both), ordered over TLS, and waits
# until the transaction is committed (--waitForEvent), so the exit status is the commit outcome.
set -euo pipefail
SCRIPT_NAME=peer-invoke.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
# shellcheck source=lib/fabric-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/fabric-env.sh"
# shellcheck source=lib/chaincode-call.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/chaincode-call.sh"

usage() {
  cat <<EOF
Usage: scripts/peer-invoke.sh [options] FUNCTION [ARG...]

Examples:
  scripts/peer-invoke.sh Initialize '{"symbol":"GXT","decimals":2,"adminMspIds":["Org1MSP"],"operatorMspIds":["Org1MSP"]}'
  scripts/peer-invoke.sh CreateWallet w1 'x509::CN=User1@org1.example.com,...'
  scripts/peer-invoke.sh Mint w1 1000 mint-1

$CALL_OPTIONS_HELP
EOF
}

main() {
  parse_call_args "$@"
  require_commands peer
  use_org "$CALL_ORG" "$CALL_USER"
  peer chaincode invoke "${ORDERER_ARGS[@]}" \
    -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
    "${ENDORSING_PEER_ARGS[@]}" \
    -c "$(call_json)" \
    --waitForEvent --waitForEventTimeout 60s
}

main "$@"
