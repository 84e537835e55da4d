# shellcheck shell=bash
# A private, throwaway PostgreSQL cluster: initdb into a directory of our own, listening on
# 127.0.0.1 only, on a port of our own, so a script may crash and restart it without touching
# any other cluster on the machine. Sourced, never run. The caller sets PG_BIN (server binaries),
# PG_DATA, PG_PORT and PG_LOG before calling pg_cluster_init.
#
# PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres` OS
# user: it must own the data directory and be able to write the log.

# The newest installed server binaries (/usr/lib/postgresql/<major>/bin), or nothing.
pg_cluster_find_bin() {
  local dir best="" best_major=0 major
  for dir in /usr/lib/postgresql/*/bin; do
    if [ ! -x "$dir/initdb" ] || [ ! -x "$dir/pg_ctl" ]; then continue; fi
    major=$(basename "$(dirname "$dir")")
    if [[ $major =~ ^[0-9]+$ ]] && [ "$major" -gt "$best_major" ]; then
      best=$dir
      best_major=$major
    fi
  done
  echo "$best"
}

pg_cluster_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# initdb with trust authentication for the local superuser `postgres` (TCP on 127.0.0.1 only).
pg_cluster_init() {
  mkdir -p "$PG_DATA"
  touch "$PG_LOG"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DATA" "$PG_LOG"
  fi
  pg_cluster_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --no-instructions >/dev/null
}

# Starts the server and waits (at most 60 s) until it accepts connections. No Unix socket: the
# cluster is reached by TCP only, so its socket cannot clash with another cluster's.
pg_cluster_start() {
  pg_cluster_as_owner "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200" >/dev/null
}

# A crash: every server process stops at once, without a checkpoint; the next start recovers.
pg_cluster_crash() {
  pg_cluster_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 60 >/dev/null
}

# Stops the server if it runs (clean shutdown) and deletes the data directory.
pg_cluster_destroy() {
  [ -d "$PG_DATA" ] || return 0
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    pg_cluster_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null 2>&1 \
      || pg_cluster_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DATA"
}

pg_cluster_jdbc_url() {
  echo "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
}
