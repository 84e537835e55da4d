# shellcheck shell=bash
# The PostgreSQL the client CLI uses in demo.sh and test-real-fabric.sh. Sourced, never run.

# use_client_database WORK JAR: exports TOKENOMICS_DB_URL: the caller's if set, else nothing (the
# CLI then takes 127.0.0.1:5432) when something listens there, else an embedded PostgreSQL under
# WORK/postgres, started in the background with JAR; its pid is appended to the caller's
# `background` array so the caller's exit trap stops it. Exits 3 when it does not start.
use_client_database() {
  local work=$1 jar=$2
  if [ -n "${TOKENOMICS_DB_URL:-}" ] || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    return 0
  fi
  echo "no TOKENOMICS_DB_URL and nothing on 127.0.0.1:5432: starting an embedded PostgreSQL in $work/postgres"
  rm -f "$work/db.url"
  java -jar "$jar" database serve --dir "$work/postgres" --url-file "$work/db.url" >"$work/postgres.log" 2>&1 &
  background+=("$!")
  for _ in $(seq 1 120); do [ -s "$work/db.url" ] && break; sleep 1; done
  [ -s "$work/db.url" ] || { echo "embedded PostgreSQL did not start; see $work/postgres.log" >&2; exit 3; }
  TOKENOMICS_DB_URL=$(cat "$work/db.url")
  export TOKENOMICS_DB_URL
}
