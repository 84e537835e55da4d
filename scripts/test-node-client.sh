#!/usr/bin/env bash
# The official Node client (@hyperledger/fabric-gateway) against a fresh devnet running the real
# TokenomicsContract jar: the N1-N7 compatibility checks of devnet-protocol.md, with node:test.
# Env: TARGET_DIR (Maven output folder, default target; jars are built when missing),
#      PORT (devnet port, default 7171). Needs node >= 18 and npm (the registry, or an npm cache).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test-node-client: node and npm are required (Node.js 18 or newer)" >&2
  exit 2
fi

suite=network/devnet/src/test/node
# Exact versions from package-lock.json; install scripts skipped (only the optional HSM module has one).
(cd "$suite" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

devnet_dir=$(mktemp -d)
cleanup() {
  scripts/devnet.sh down --dir "$devnet_dir" >/dev/null 2>&1 || true
  rm -rf "$devnet_dir"
}
trap cleanup EXIT
scripts/devnet.sh up --dir "$devnet_dir" --port "${PORT:-7171}" >/dev/null

# In a subshell: the EXIT trap runs scripts/devnet.sh relative to the repository.
(cd "$suite" && TOKENOMICS_CONNECTION="$devnet_dir/connection.env" node --test --test-reporter=spec)
