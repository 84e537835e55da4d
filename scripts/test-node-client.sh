#!/usr/bin/env bash
# The official Node client (@hyperledger/fabric-gateway) against the real TokenomicsContract jar:
# the N1-N7 compatibility checks of devnet-protocol.md, with node:test. Without options, on a
# fresh devnet it starts and stops; with --connection FILE, on the running network that FILE
# describes (a connection.env, e.g. network/fabric/run/connection.env of real Fabric, whose
# chaincode must be initialized with the file's ADMIN as an admin: the client's genesis does it).
#
#   scripts/test-node-client.sh [--connection FILE]
#
# Env: TARGET_DIR (Maven output folder, default target; jars are built when missing),
#      PORT (devnet port, default 7171). Needs node >= 18 and npm (the registry, or an npm cache).
set -euo pipefail
cd "$(dirname "$0")/.."

connection=
while [ $# -gt 0 ]; do
  case $1 in
    --connection)
      [ $# -ge 2 ] || { echo "test-node-client: --connection needs a file" >&2; exit 2; }
      connection=$2
      shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-node-client: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$connection" ]; then
  [ -r "$connection" ] || { echo "test-node-client: $connection is not a readable file" >&2; exit 2; }
  connection=$(cd "$(dirname "$connection")" && pwd)/$(basename "$connection")
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test-node-client: node and npm are required (Node.js 18 or newer)" >&2
  exit 2
fi

suite=network/devnet/src/test/node
# Exact versions from package-lock.json; install scripts skipped (only the optional HSM module has one).
(cd "$suite" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

if [ -z "$connection" ]; then
  devnet_dir=$(mktemp -d)
  cleanup() {
    scripts/devnet.sh down --dir "$devnet_dir" >/dev/null 2>&1 || true
    rm -rf "$devnet_dir"
  }
  trap cleanup EXIT
  scripts/devnet.sh up --dir "$devnet_dir" --port "${PORT:-7171}" >/dev/null
  connection=$devnet_dir/connection.env
fi

# In a subshell: the EXIT trap runs scripts/devnet.sh relative to the repository.
(cd "$suite" && TOKENOMICS_CONNECTION="$connection" node --test --test-reporter=spec)
