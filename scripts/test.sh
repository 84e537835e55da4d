#!/usr/bin/env bash
# Runs every test: shell lint, then the Maven build with all unit, integration and end-to-end
# tests (chaincode, devnet over real gRPC with the real chaincode jar, client on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/shellcheck.sh

# The real-network scripts against stand-in Fabric binaries (no Docker or Fabric needed).
network/fabric/test/scripts-test.sh

# -B: plain logs; surefire prints the per-class and total counts CI reads.
mvn -B -ntp verify "$@"

# The official Node client against a devnet with the real chaincode jar (the jars built above).
scripts/test-node-client.sh
