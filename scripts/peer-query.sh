#!/usr/bin/env bash
# Evaluates a TokenomicsContract query with `peer chaincode query` on one org's peer (over TLS):
# nothing is ordered or written. Prints the chaincode's JSON result.
set -euo pipefail
SCRIPT_NAME=peer-query.sh
# shellcheck source=lib/cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
# shellcheck source=lib/fabric-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/fabric-env.sh"
# shellcheck source=lib/chaincode-call.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/chaincode-call.sh"

usage() {
  cat <<EOF
Usage: scripts/peer-query.sh [options] FUNCTION [ARG...]

Examples:
  scripts/peer-query.sh GetBalance w1
  scripts/peer-query.sh --org 2 GetTotalSupply
  scripts/peer-query.sh ListWallets 10 ''

$CALL_OPTIONS_HELP
EOF
}

main() {
  parse_call_args "$@"
  require_commands peer
  use_org "$CALL_ORG" "$CALL_USER"
  peer chaincode query \
    -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
    --peerAddresses "$(peer_address "$CALL_ORG")" --tlsRootCertFiles "$(peer_tls_ca "$CALL_ORG")" \
    -c "$(call_json)"
}

main "$@"
