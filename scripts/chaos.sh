#!/usr/bin/env bash
# A repeatable chaos run. On a private PostgreSQL cluster and a devnet with a data dir, it enqueues
# N transfers through the CLI (random among W wallets, a tenth from the hot wallet w000, plus the
# seed's 10 x 800 race), spread over a window, while P submitter processes and two projectors
# (active + standby) deliver and project them. At seeded random instants of that window it
# injects: kill -9 of submitters and of the active projector (each restarted), SIGSTOP of the
# active projector and of a submitter for 30 s each, a PostgreSQL crash (pg_ctl stop -m immediate, 15 s down), a devnet
# restart on its data dir (20 s down) and poison rows inserted with plain SQL. Then it waits
# (bounded) until every command is terminal and the projector caught up, reconciles, and prints
# one line per invariant, OK or VIOLATED with numbers. Exit 0 if all hold, 1 if one is violated.
#
#   scripts/chaos.sh [--short] [--commands N] [--submitters P] [--wallets W] [--seed S]
#                    [--window SECONDS] [--drain-timeout SECONDS] [--dir DIR]
#
#   --short            ~3 minutes: 300 commands over a 60 s window, one fault of each kind
#   --commands N       random transfers (default 5000, --short 300); the race adds 10
#   --submitters P     submitter processes, 4 workers each (default 3)
#   --wallets W        genesis wallets w000.. with 100000 each (default 50, at most 900)
#   --seed S           seeds the workload and the fault schedule (default: random; printed)
#   --window SECONDS   enqueueing and faults happen over this long (default 300, --short 60)
#   --drain-timeout S  then every command must be terminal within S seconds (default 900, --short 240)
#   --dir DIR          work dir (default .chaos); each run writes DIR/<time>-seed<S>/, logs included
#
# The same settings from the environment (flags win): CHAOS_COMMANDS, CHAOS_SUBMITTERS,
# CHAOS_WALLETS, CHAOS_SEED, CHAOS_WINDOW, CHAOS_DRAIN_TIMEOUT, CHAOS_DIR; and
# CHAOS_SUBMITTER_KILLS (default 15, --short 1), CHAOS_PROJECTOR_KILLS (10, --short 1),
# CHAOS_FAULTS (the kinds to inject, default all: kill-submitter,kill-projector,pause-projector,
# crash-database,restart-devnet,poison,pause-submitter; the same seed keeps the same instants for
# the others),
# CHAOS_PG_BIN (PostgreSQL server binaries; default the newest /usr/lib/postgresql/*/bin; without
# any, the client's embedded PostgreSQL is used and the database crash is skipped),
# CHAOS_LEASE (the submitters' --lease, default PT60S: what a killed submitter's claims wait),
# CHAOS_SKIP_BUILD (use the jars as built), TARGET_DIR (Maven output folder, default target).
# Needs psql. Exit codes: 0 every invariant held, 1 one violated, 2 bad usage, 3 setup failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/ports.sh
. scripts/lib/ports.sh
# shellcheck source=lib/postgres-cluster.sh
. scripts/lib/postgres-cluster.sh
# shellcheck source=lib/chaos-invariants.sh
. scripts/lib/chaos-invariants.sh

usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
  exit "${1:-2}"
}

fail_usage() {
  echo "chaos: $*" >&2
  exit 2
}

short=false
commands=${CHAOS_COMMANDS:-}
submitters=${CHAOS_SUBMITTERS:-3}
wallets=${CHAOS_WALLETS:-50}
seed=${CHAOS_SEED:-}
window=${CHAOS_WINDOW:-}
drain_timeout=${CHAOS_DRAIN_TIMEOUT:-}
base_dir=${CHAOS_DIR:-.chaos}
while [ $# -gt 0 ]; do
  case $1 in
    --short) short=true; shift; continue ;;
    -h | --help) usage 0 ;;
    --commands | --submitters | --wallets | --seed | --window | --drain-timeout | --dir)
      [ $# -ge 2 ] || fail_usage "$1 needs a value (see --help)" ;;
    *) fail_usage "unknown option '$1' (see --help)" ;;
  esac
  case $1 in
    --commands) commands=$2 ;;
    --submitters) submitters=$2 ;;
    --wallets) wallets=$2 ;;
    --seed) seed=$2 ;;
    --window) window=$2 ;;
    --drain-timeout) drain_timeout=$2 ;;
    --dir) base_dir=$2 ;;
  esac
  shift 2
done
if $short; then
  commands=${commands:-300} window=${window:-60} drain_timeout=${drain_timeout:-240}
  submitter_kills=${CHAOS_SUBMITTER_KILLS:-1} projector_kills=${CHAOS_PROJECTOR_KILLS:-1}
else
  commands=${commands:-5000} window=${window:-300} drain_timeout=${drain_timeout:-900}
  submitter_kills=${CHAOS_SUBMITTER_KILLS:-15} projector_kills=${CHAOS_PROJECTOR_KILLS:-10}
fi
seed=${seed:-$(shuf -i 1-999999 -n 1)}
all_faults=kill-submitter,kill-projector,pause-projector,crash-database,restart-devnet,poison,pause-submitter
faults=${CHAOS_FAULTS:-$all_faults}
for fault in ${faults//,/ }; do
  [[ ,$all_faults, == *,$fault,* ]] || fail_usage "CHAOS_FAULTS: unknown fault '$fault' (known: $all_faults)"
done
for setting in "commands=$commands" "submitters=$submitters" "wallets=$wallets" "seed=$seed" "window=$window" \
  "drain-timeout=$drain_timeout" "CHAOS_SUBMITTER_KILLS=$submitter_kills" "CHAOS_PROJECTOR_KILLS=$projector_kills"; do
  [[ ${setting#*=} =~ ^[0-9]+$ ]] || fail_usage "${setting%%=*} must be a whole number, got '${setting#*=}'"
done
if [ "$commands" -lt 1 ] || [ "$submitters" -lt 1 ] || [ "$window" -lt 20 ]; then
  fail_usage "need --commands >= 1, --submitters >= 1, --window >= 20"
fi
# Ledger figures come from one ListWallets page of 1000 (W wallets + race-from + race-to).
if [ "$wallets" -lt 4 ] || [ "$wallets" -gt 900 ]; then
  fail_usage "--wallets must be between 4 and 900"
fi
command -v psql >/dev/null || fail_usage "psql (the PostgreSQL client) is needed for the invariant checks"

target=${TARGET_DIR:-target}
client_jar=gateway-client/cli/$target/tokenomics-client.jar
tenant=chaos
pause_seconds=30 db_down_seconds=15 devnet_down_seconds=20
workers=4
# The commands a killed submitter had claimed wait for their lease to expire before another
# submitter takes them over: a short lease (renewed while in flight) keeps the run short.
lease=${CHAOS_LEASE:-PT60S}

mkdir -p "$base_dir"
run_dir="$(cd "$base_dir" && pwd)/$(date -u +%Y%m%d-%H%M%S)-seed$seed"
mkdir -p "$run_dir"
ln -sfn "$(basename "$run_dir")" "$base_dir/latest"
started_at=$SECONDS

note() {
  printf '[chaos %4ds] %s\n' "$((SECONDS - started_at))" "$*" | tee -a "$run_dir/events.log"
}

setup_failed() {
  note "SETUP FAILED: $*"
  exit 3
}

client() {
  java -jar "$client_jar" "$@"
}

alive() {
  kill -0 "$1" 2>/dev/null
}

# --- processes under test: every pid is a JVM started here, so cleanup and faults hit only ours ---
declare -A pid_of=()        # role -> pid of its current process
declare -A killed=()        # role -> set when chaos (or the end of the run) stopped it on purpose
declare -A restart_after=() # role -> not before this SECONDS value (no hot loop for a crashing role)
declare -A loader_pid=()    # workload chunk -> pid of its `load`
declare -A loader_tries=()
roles=(projector-a projector-b)
for i in $(seq 1 "$submitters"); do roles+=("submitter-$i"); done
unexpected_exits=()
startup_exits=()
setup_problems=()
devnet_up_pid=""
db_serve_pid=""
db_mode=""
pg_home=""   # where the private cluster's data and log live (the run dir unless root)
db_up_since=$SECONDS
paused_role="" pause_began=0 pause_log_offset=0 takeover_after="" takeover_result="" takeover_held=""

# shellcheck disable=SC2317  # run by the EXIT trap only (shellcheck sees the exit after main)
cleanup() {
  set +e
  local pid pids=()
  for pid in "${pid_of[@]}" "${loader_pid[@]}" "$devnet_up_pid"; do
    [ -n "$pid" ] && pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    kill -CONT "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
  done
  for _ in $(seq 1 15); do
    local running=0
    for pid in "${pids[@]}"; do alive "$pid" && running=1; done
    [ "$running" -eq 0 ] && break
    sleep 1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  scripts/devnet.sh down --dir "$run_dir/devnet" >>"$run_dir/devnet-restarts.log" 2>&1
  if [ "$db_mode" = private ]; then
    pg_cluster_destroy
    if [ "$pg_home" != "$run_dir" ]; then
      cp "$PG_LOG" "$run_dir/postgres.log" 2>/dev/null
      rm -rf "$pg_home"
    fi
  elif [ -n "$db_serve_pid" ]; then
    kill -TERM "$db_serve_pid" 2>/dev/null
    wait "$db_serve_pid" 2>/dev/null
  fi
  echo "chaos: logs in $run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_role() {
  local role=$1 log="$run_dir/$1.log"
  echo "=== chaos: starting $role at $((SECONDS - started_at))s" >>"$log"
  case $role in
    projector-*) java -jar "$client_jar" projector --progress PT1S >>"$log" 2>&1 & ;;
    submitter-*) java -jar "$client_jar" submitter --identity OPERATOR --workers "$workers" --lease "$lease" --progress PT5S \
      >>"$log" 2>&1 & ;;
  esac
  pid_of[$role]=$!
  killed[$role]=""
  echo "=== chaos: $role is pid ${pid_of[$role]}" >>"$log"
}

# kill -9, reaped at once (so bash prints no "Killed" notice); the next supervise restarts it.
kill_role() {
  local pid=${pid_of[$1]}
  killed[$1]=1
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid_of[$1]=""
}

# Whether the role's current process got as far as a progress line (it was up and running).
started_up() {
  awk -v role="${1%%-*}" '/^=== chaos: starting/ { up = 0 } $1 == role ":" { up = 1 } END { exit !up }' "$run_dir/$1.log"
}

# Restarts every role whose process is gone; one that exited without being killed by chaos is an
# unexpected exit (processes must ride out outages), restarted too so the run goes on.
supervise() {
  local role pid status
  for role in "${roles[@]}"; do
    pid=${pid_of[$role]:-}
    if [ -n "$pid" ]; then
      alive "$pid" && continue
      status=0
      wait "$pid" || status=$?
      pid_of[$role]=""
      if [ -z "${killed[$role]}" ] && ! started_up "$role"; then
        # Failing fast at start when the database or ledger is unreachable is allowed (exit 3);
        # a supervisor such as this loop or systemd starts it again.
        startup_exits+=("$role at $((SECONDS - started_at))s")
        note "$role (pid $pid) exited with status $status before it was up; started again in 3 s"
        restart_after[$role]=$((SECONDS + 3))
      elif [ -z "${killed[$role]}" ]; then
        unexpected_exits+=("$role exited with status $status at $((SECONDS - started_at))s")
        note "$role (pid $pid) exited by itself with status $status; see $run_dir/$role.log"
        restart_after[$role]=$((SECONDS + 3))
      fi
    fi
    [ "$SECONDS" -ge "${restart_after[$role]:-0}" ] && start_role "$role"
  done
  supervise_loaders
  supervise_devnet_up
  watch_takeover
}

# --- the workload: chunks of `load` spread over the window, retried while the database is down ---
chunks=$((commands / 50))
[ "$chunks" -ge 1 ] || chunks=1
[ "$chunks" -le 20 ] || chunks=20

chunk_size() {
  local k=$1 size=$((commands / chunks))
  [ "$k" -eq $((chunks - 1)) ] && size=$((commands - size * (chunks - 1)))
  echo "$size"
}

start_loader() {
  local k=$1 race=()
  [ "$k" -eq 0 ] && race=(--race)
  loader_tries[$k]=$((${loader_tries[$k]:-0} + 1))
  # The same --run and --seed on a retry: keys already enqueued are skipped (ON CONFLICT DO NOTHING).
  java -jar "$client_jar" load --transfers "$(chunk_size "$k")" --wallets "$wallets" --hot-share 0.1 \
    --run "$tenant-c$k" --seed $((seed * 100 + k)) "${race[@]}" >>"$run_dir/load.log" 2>&1 &
  loader_pid[$k]=$!
}

supervise_loaders() {
  local k status
  for k in "${!loader_pid[@]}"; do
    alive "${loader_pid[$k]}" && continue
    status=0
    wait "${loader_pid[$k]}" || status=$?
    unset "loader_pid[$k]"
    if [ "$status" -ne 0 ]; then
      if [ "${loader_tries[$k]}" -lt 20 ]; then
        note "load of chunk $k failed (exit $status); again in 5 s"
        schedule $((SECONDS - window_start + 5)) load "$k"
      else
        setup_problems+=("chunk $k of the workload could not be enqueued in 20 tries; see $run_dir/load.log")
      fi
    fi
  done
}

# --- the fault schedule: (second of the window, action, argument), fired by the event loop ---
events=()
fired=()
schedule() {
  events+=("$1 $2 ${3:--}")
}

random_instant() { # uniform in [from%, to%] of the window, from the seeded RANDOM
  echo $((window * $1 / 100 + RANDOM % (window * ($2 - $1) / 100 + 1)))
}

plan_events() {
  RANDOM=$seed
  local k i
  for k in $(seq 0 $((chunks - 1))); do
    schedule $((k * window / chunks)) load "$k"
  done
  # Instants are drawn for every fault, injected or not, so a seed means the same schedule whatever
  # CHAOS_FAULTS leaves out.
  for i in $(seq 1 "$submitter_kills"); do schedule_fault "$(random_instant 10 90)" kill-submitter; done
  for i in $(seq 1 "$projector_kills"); do schedule_fault "$(random_instant 10 90)" kill-projector; done
  schedule_fault "$(random_instant 10 90)" pause-projector
  schedule_fault "$(random_instant 10 90)" crash-database
  schedule_fault "$(random_instant 10 90)" restart-devnet
  # Early enough that valid commands on the same wallets are enqueued behind the poison rows.
  schedule_fault "$(random_instant 20 60)" poison
  schedule_fault "$(random_instant 10 90)" pause-submitter
}

fault_enabled() {
  [[ ,$faults, == *,$1,* ]]
}

schedule_fault() {
  if fault_enabled "$2"; then schedule "$1" "$2"; fi
}

# Every submitter has printed progress and a projector says it is active (bounded: a fault
# window on processes still starting up would test little).
roles_ready() {
  local i
  for i in $(seq 1 "$submitters"); do
    grep -q '^submitter: ' "$run_dir/submitter-$i.log" 2>/dev/null || return 1
  done
  active_projector >/dev/null
}

# What a projector's latest progress line since its last start says: "active,", "standby," or "".
projector_state() {
  awk '/^=== chaos: starting/ { s = "" } /^projector: [0-9]+s (active|standby),/ { s = $3 } END { print s }' "$run_dir/$1.log"
}

other_projector() {
  if [ "$1" = projector-a ]; then echo projector-b; else echo projector-a; fi
}

# The projector that says it is active (and is not paused), if any.
active_projector() {
  local role
  for role in projector-a projector-b; do
    [ -n "${pid_of[$role]:-}" ] || continue
    [ "$(ps -o stat= -p "${pid_of[$role]}" 2>/dev/null | cut -c1)" = T ] && continue
    if [ "$(projector_state "$role")" = "active," ]; then
      echo "$role"
      return 0
    fi
  done
  return 1
}

# The active projector to kill or pause. A pause is judged by whether the standby takes over, so
# it waits for a standby that is up and a database that has been up for 10 s.
projector_fault_target() {
  local role
  role=$(active_projector) || return 1
  if [ "$1" = pause-projector ]; then
    [ "$(projector_state "$(other_projector "$role")")" = "standby," ] || return 1
    [ -n "$db_up_since" ] && [ $((SECONDS - db_up_since)) -ge 10 ] || return 1
  fi
  echo "$role"
}

# During a pause: when did the other projector first say it was active?
watch_takeover() {
  [ -n "$paused_role" ] && [ -z "$takeover_after" ] || return 0
  if tail -c +$((pause_log_offset + 1)) "$run_dir/$(other_projector "$paused_role").log" \
    | grep -q '^projector: [0-9]*s active,'; then
    takeover_after=$((SECONDS - pause_began))
    note "the standby $(other_projector "$paused_role") took over ${takeover_after}s into the pause"
  fi
}

# A random submitter, in fire's role and pid; fails while that one is down (restarting after a kill).
pick_submitter() {
  role=submitter-$((RANDOM % submitters + 1))
  pid=${pid_of[$role]:-}
  [ -n "$pid" ]
}

fire() {
  local action=$1 arg=$2 now=$((SECONDS - window_start)) role pid
  case $action in
    load)
      start_loader "$arg" ;;
    kill-submitter)
      if ! pick_submitter; then
        schedule $((now + 2)) kill-submitter
        return
      fi
      kill_role "$role"
      note "fault: kill -9 $role (pid $pid)" ;;
    kill-projector | pause-projector)
      local tries=${arg/#-/0}
      if ! role=$(projector_fault_target "$action"); then
        if [ "$tries" -lt 60 ]; then
          schedule $((now + 2)) "$action" $((tries + 1))
        else
          setup_problems+=("$action not injected: for 120 s no projector was active (for a pause: with the other one standby and the database up)")
        fi
        return
      fi
      pid=${pid_of[$role]}
      if [ "$action" = kill-projector ]; then
        kill_role "$role"
        note "fault: kill -9 the active projector $role (pid $pid)"
      else
        kill -STOP "$pid"
        paused_role=$role pause_began=$SECONDS takeover_after=""
        pause_log_offset=$(stat -c %s "$run_dir/$(other_projector "$role").log")
        note "fault: SIGSTOP the active projector $role (pid $pid) for ${pause_seconds}s"
        schedule $((now + pause_seconds)) resume "$pid"
      fi ;;
    pause-submitter)
      # Wherever it lands: between batches, or inside a claim or a status transaction, whose locks
      # the server frees once it has been idle 5 s; its commands in flight wait for the resume, or
      # for their lease. Running on, it must not exit ("processes ride out outages").
      if ! pick_submitter; then
        schedule $((now + 2)) pause-submitter
        return
      fi
      kill -STOP "$pid"
      note "fault: SIGSTOP $role (pid $pid) for ${pause_seconds}s"
      schedule $((now + pause_seconds)) resume-submitter "$pid" ;;
    resume-submitter)
      if kill -CONT "$arg" 2>/dev/null; then note "fault over: SIGCONT pid $arg"; fi ;;
    resume)
      if [ -n "$takeover_after" ]; then
        takeover_result="$(other_projector "$paused_role") active ${takeover_after}s into the ${pause_seconds}s pause of $paused_role"
        takeover_held=true
      else
        takeover_result="$(other_projector "$paused_role") still standby at the end of the ${pause_seconds}s pause of $paused_role"
        takeover_held=false
      fi
      paused_role=""
      if kill -CONT "$arg" 2>/dev/null; then note "fault over: SIGCONT pid $arg ($takeover_result)"; fi ;;
    crash-database)
      # Not during the pause: there the standby must be able to take over, which needs the database.
      if [ -n "$paused_role" ]; then
        schedule $((now + 2)) crash-database
        return
      fi
      if [ "$db_mode" != private ]; then
        note "fault skipped: database crash (the embedded PostgreSQL cannot be restarted on the same port safely)"
        return
      fi
      note "fault: PostgreSQL crash (pg_ctl stop -m immediate), down for ${db_down_seconds}s"
      pg_cluster_crash || setup_problems+=("pg_ctl stop -m immediate failed; see $PG_LOG")
      db_up_since=""
      schedule $((now + db_down_seconds)) start-database ;;
    start-database)
      if pg_cluster_start; then
        db_up_since=$SECONDS
        note "fault over: PostgreSQL started again (crash recovery)"
      else
        setup_problems+=("PostgreSQL did not start again after the crash; see $PG_LOG")
      fi ;;
    restart-devnet)
      note "fault: devnet down (data dir kept), for ${devnet_down_seconds}s"
      scripts/devnet.sh down --dir "$run_dir/devnet" >>"$run_dir/devnet-restarts.log" 2>&1 \
        || setup_problems+=("devnet.sh down failed; see $run_dir/devnet-restarts.log")
      schedule $((now + devnet_down_seconds)) start-devnet ;;
    start-devnet)
      note "fault over: devnet starting again on its data dir"
      devnet_up >>"$run_dir/devnet-restarts.log" 2>&1 &
      devnet_up_pid=$! ;;
    poison)
      insert_poison_rows "$now" ;;
  esac
}

supervise_devnet_up() {
  [ -n "$devnet_up_pid" ] || return 0
  alive "$devnet_up_pid" && return 0
  local status=0
  wait "$devnet_up_pid" || status=$?
  devnet_up_pid=""
  if [ "$status" -eq 0 ]; then
    note "devnet up again"
  else
    setup_problems+=("the devnet did not come back up (exit $status); see $run_dir/devnet-restarts.log")
  fi
}

# --- the database: a private cluster, or the client's embedded PostgreSQL where none is installed ---
sql() {
  PGCONNECT_TIMEOUT=5 PGOPTIONS="-c statement_timeout=120000" \
    psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$db_port" -U postgres -d postgres -c "$1"
}

# Poison rows as a non-Java backend could write them. A refusal by a CHECK constraint is a fine
# answer (recorded); any other failure (the database is down) is retried a few seconds later.
insert_poison_rows() {
  local now=$1 row key type payload ordering error
  for row in "$tenant-poison-bogus|BOGUS|{}|wallet:w003" \
    "$tenant-poison-garbage|TRANSFER|{\"garbage\":true}|wallet:w002" \
    "$tenant-poison-1e3|TRANSFER|{\"fromId\":\"w001\",\"toId\":\"w002\",\"amount\":\"1e3\"}|wallet:w001"; do
    IFS='|' read -r key type payload ordering <<<"$row"
    grep -q "^$key " "$run_dir/poison.rows" 2>/dev/null && continue
    if error=$(sql "INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)
                    VALUES ('$tenant', '$type', '$payload', '$key', '$ordering')" 2>&1); then
      echo "$key inserted $ordering" >>"$run_dir/poison.rows"
      note "fault: poison row $key ($type $payload) inserted with SQL"
    elif [[ $error == *"check constraint"* ]]; then
      error=$(head -n 1 <<<"$error")
      echo "$key refused $ordering $error" >>"$run_dir/poison.rows"
      note "fault: poison row $key ($type) refused by a CHECK constraint: $error"
    else
      note "poison row $key not inserted (${error//$'\n'/ }); again in 5 s"
      schedule $((now + 5)) poison
      return
    fi
  done
}

devnet_port=$(free_port)
devnet_up() {
  TARGET_DIR=$target scripts/devnet.sh up --dir "$run_dir/devnet" --port "$devnet_port" --data-dir "$run_dir/devnet-data"
}

# The run, in a function so that bash has read all of it before it starts (an edit of this file
# during a run cannot change the run).
main() {
  note "seed $seed (rerun with --seed $seed): $commands transfers + the 10 x 800 race among $wallets wallets over ${window}s,"
  note "  $submitters submitters x $workers workers, 2 projectors; faults ($faults):"
  note "  $submitter_kills submitter kills, $projector_kills projector kills, a ${pause_seconds}s SIGSTOP of the active projector and one of a"
  note "  submitter, a PostgreSQL crash, a devnet restart, poison rows"
  note "  run dir $run_dir"

  if [ -z "${CHAOS_SKIP_BUILD:-}" ]; then
    note "build (mvn package, tests skipped)"
    mvn -q -B -ntp -Dtarget.dir="$target" -DskipTests package >"$run_dir/build.log" 2>&1 \
      || { tail -n 30 "$run_dir/build.log" >&2; setup_failed "the build failed; see $run_dir/build.log"; }
  fi
  [ -f "$client_jar" ] || setup_failed "no $client_jar (build with: mvn -DskipTests package)"

  PG_BIN=${CHAOS_PG_BIN:-$(pg_cluster_find_bin)}
  db_port=$(free_port)
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
    db_mode=private
    # As root the server runs as `postgres`, which may not be allowed into the run dir (a clone
    # under a mode-0700 directory, say): the cluster's files then live in a directory of their own
    # under /tmp, and its log is copied into the run dir when the run ends.
    pg_home=$run_dir
    if [ "$(id -u)" -eq 0 ]; then
      pg_home=$(mktemp -d "${TMPDIR:-/tmp}/tokenomics-chaos-pg.XXXXXX")
      chown postgres "$pg_home"
    fi
    PG_DATA="$pg_home/pgdata" PG_PORT=$db_port PG_LOG="$pg_home/postgres.log"
    note "database: private PostgreSQL cluster ($PG_BIN) on 127.0.0.1:$db_port, data in $PG_DATA"
    pg_cluster_init || setup_failed "initdb failed"
    pg_cluster_start || setup_failed "PostgreSQL did not start; see $PG_LOG"
    TOKENOMICS_DB_URL=$(pg_cluster_jdbc_url)
  else
    db_mode=embedded
    note "database: no PostgreSQL server binaries (looked in /usr/lib/postgresql/*/bin; set CHAOS_PG_BIN): using the"
    note "  client's embedded PostgreSQL; the database crash is skipped (its restart would move it to another port)"
    java -jar "$client_jar" database serve --dir "$run_dir/embedded-postgres" --url-file "$run_dir/db.url" \
      >"$run_dir/postgres.log" 2>&1 &
    db_serve_pid=$!
    for _ in $(seq 1 120); do [ -s "$run_dir/db.url" ] && break; sleep 1; done
    [ -s "$run_dir/db.url" ] || setup_failed "the embedded PostgreSQL did not start; see $run_dir/postgres.log"
    TOKENOMICS_DB_URL=$(cat "$run_dir/db.url")
    db_port=$(sed -E 's|^jdbc:postgresql://[^:/]+:([0-9]+)/.*|\1|' <<<"$TOKENOMICS_DB_URL")
  fi
  # Every client process talks to this database, never to a default one (such as 127.0.0.1:5432).
  export TOKENOMICS_DB_URL TOKENOMICS_DB_SCHEMA=public TOKENOMICS_TENANT=$tenant
  client migrate >"$run_dir/migrate.log" 2>&1 || setup_failed "migrate failed; see $run_dir/migrate.log"

  note "devnet on localhost:$devnet_port, data dir $run_dir/devnet-data"
  devnet_up >"$run_dir/devnet-up.log" 2>&1 || setup_failed "the devnet did not start; see $run_dir/devnet-up.log"
  # A copy: devnet.sh removes its connection.env while the devnet is down, and a process restarted
  # then must still find its settings (the same ones: the identities live in the devnet dir).
  cp "$run_dir/devnet/connection.env" "$run_dir/connection.env"
  export TOKENOMICS_CONNECTION=$run_dir/connection.env

  client genesis --wallets "$wallets" --balance 100000 >"$run_dir/genesis.log" 2>&1 \
    || setup_failed "genesis failed; see $run_dir/genesis.log"
  expected_supply=$((wallets * 100000 + 1000))
  note "genesis: $wallets wallets x 100000 + race-from 1000 (supply $expected_supply)"

  supervise
  local ready_deadline=$((SECONDS + 300))
  until roles_ready; do
    if [ "$SECONDS" -ge "$ready_deadline" ]; then
      setup_problems+=("the submitters and an active projector were not all up within 300 s")
      break
    fi
    sleep 1
    supervise
  done
  note "$submitters submitters and 2 projectors running"
  plan_events
  window_start=$SECONDS
  note "window of ${window}s starts: ${#events[@]} events planned ($chunks workload chunks)"
  event_deadline=$((SECONDS + window + 300))
  while :; do
    supervise
    now=$((SECONDS - window_start))
    for i in "${!events[@]}"; do
      [ -n "${fired[$i]:-}" ] && continue
      read -r at action arg <<<"${events[$i]}"
      if [ "$at" -le "$now" ]; then
        fired[i]=1
        fire "$action" "$arg"
      fi
    done
    # Counted afresh: a fault fired above may have scheduled its end (or itself again).
    pending=$((${#events[@]} - ${#fired[@]}))
    if [ "$pending" -eq 0 ] && [ "${#loader_pid[@]}" -eq 0 ] && [ -z "$devnet_up_pid" ]; then
      break
    fi
    if [ "$SECONDS" -ge "$event_deadline" ]; then
      setup_problems+=("the fault schedule did not finish within the window + 300 s ($pending events left)")
      break
    fi
    sleep 1
  done
  note "window over: every fault injected and every chunk enqueued; draining (at most ${drain_timeout}s)"

  open_counts() { # open PENDING PROCESSING COMMITTED next_block
    sql "SELECT count(*) FILTER (WHERE status IN ('PENDING', 'PROCESSING', 'COMMITTED')),
                count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'PROCESSING'),
                count(*) FILTER (WHERE status = 'COMMITTED'),
                (SELECT COALESCE(max(next_block), -1) FROM projector_checkpoint WHERE tenant_id = '$tenant')
         FROM outbox_command WHERE tenant_id = '$tenant'" 2>/dev/null
  }
  drain_deadline=$((SECONDS + drain_timeout))
  last_block="" stable_since=$SECONDS last_report=0 drained=false open="?" pending="?" processing="?" committed="?" next_block="?"
  while :; do
    supervise
    if counts=$(open_counts); then
      IFS='|' read -r open pending processing committed next_block <<<"$counts"
      [ "$next_block" = "$last_block" ] || { last_block=$next_block; stable_since=$SECONDS; }
      # Caught up: nothing open, and no block projected for 5 s (a replay committed late is applied too).
      if [ "$open" -eq 0 ] && [ $((SECONDS - stable_since)) -ge 5 ]; then
        drained=true
        break
      fi
      if [ $((SECONDS - last_report)) -ge 15 ]; then
        note "draining: $open open (PENDING $pending, PROCESSING $processing, COMMITTED $committed), projector at block $next_block"
        last_report=$SECONDS
      fi
    fi
    if [ "$SECONDS" -ge "$drain_deadline" ]; then
      note "DRAIN TIMEOUT: after ${drain_timeout}s, $open commands still open (PENDING $pending, PROCESSING $processing," \
        "COMMITTED $committed), projector at block $next_block"
      break
    fi
    sleep 1
  done
  $drained && note "drained: every command terminal, projector idle at block $last_block"

  for role in "${roles[@]}"; do
    killed[$role]=1
    [ -n "${pid_of[$role]:-}" ] && { kill -CONT "${pid_of[$role]}"; kill -TERM "${pid_of[$role]}"; } 2>/dev/null
  done
  for _ in $(seq 1 20); do
    running=0
    for role in "${roles[@]}"; do [ -n "${pid_of[$role]:-}" ] && alive "${pid_of[$role]}" && running=1; done
    [ "$running" -eq 0 ] && break
    sleep 1
  done

  note "ledger figures and reconcile (bounded: 300 s)"
  ledger_ok=true
  timeout 120 java -jar "$client_jar" query ListWallets 1000 "" >"$run_dir/ledger-wallets.json" 2>>"$run_dir/ledger.log" \
    && timeout 120 java -jar "$client_jar" query GetTotalSupply >"$run_dir/ledger-supply.json" 2>>"$run_dir/ledger.log" \
    || ledger_ok=false
  reconcile_status=0
  timeout 300 java -jar "$client_jar" reconcile >"$run_dir/reconcile.log" 2>&1 || reconcile_status=$?
  cp "$run_dir/devnet/devnet.log" "$run_dir/devnet-last.log" 2>/dev/null || true

  if chaos_invariants; then
    note "chaos: every invariant held (seed $seed)"
  else
    note "chaos: VIOLATED (seed $seed); logs in $run_dir"
    exit 1
  fi
}

main; exit
