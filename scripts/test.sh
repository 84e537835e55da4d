#!/usr/bin/env bash
# Runs every test: shell lint, then the Maven build with all unit, integration and end-to-end
# tests (chaincode, devnet over real gRPC with the real chaincode jar, client on PostgreSQL), the
# Node client suite and the short chaos run (scripts/chaos.sh --short).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/shellcheck.sh

# The real-network scripts against stand-in Fabric binaries (no Docker or Fabric needed).
network/fabric/test/scripts-test.sh

# -B: plain logs; surefire prints the per-class and total counts CI reads.
mvn -B -ntp verify "$@"

# The official Node client against a devnet with the real chaincode jar (the jars built above).
scripts/test-node-client.sh

# The short chaos run on the jars built above: kill -9, SIGSTOP, a PostgreSQL crash, a devnet
# restart and poison rows during a live run; exits non-zero naming any invariant violated.
CHAOS_SKIP_BUILD=1 scripts/chaos.sh --short
