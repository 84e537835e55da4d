#!/usr/bin/env bash
# Outbox benchmarks, printed as figures:
#   1. enqueue + claim + complete commands/s on PostgreSQL alone (ledger stubbed), 1/4/16 workers;
#   2. end to end: random transfers among 200 wallets, confirmed commands/s and enqueue-to-confirmed
#      latency p50/p99, through SUBMITTERS submitter processes;
#   3. hot wallet (every command from one wallet): confirmed commands/s and MVCC conflicts;
#   4. light load: one command every LIGHT_INTERVAL, its enqueue-to-confirmed latency p50/p99.
#
#   scripts/bench-outbox.sh [--connection FILE]
#
# Sections 2-4 run on a fresh devnet, or with --connection FILE on a network already running (its
# connection.env, e.g. network/fabric/run/connection.env from scripts/network.sh up; genesis is
# idempotent, so its wallets are created once). They measure running processes, as deployed: the
# submitters and the projector start first; sections 2 and 3 send a warm-up burst (not measured)
# to each submitter process in turn (the others paused) before the measured one, enqueued at once,
# and section 4 a few paced commands before its own.
# Each prints the CPU per confirmed command of the measured part that its submitter and projector
# processes, the devnet, the chaincode and PostgreSQL used (the comparable figure across machines
# and days; on a network given by --connection only the client's and PostgreSQL's are this machine's)
# and how much of the JVMs' share their JIT compilers took (how far from warm they still were),
# and the mean time of each step of a ledger transaction (claim, endorse, submit, commit) over the
# submitters, from their metrics: a busy wallet's transactions run one after another, so these add
# up to its pace.
# Env: TARGET_DIR (Maven output folder, default target), COMMANDS (PostgreSQL run, default 50000),
#      E2E_COMMANDS (default 2000), SUBMITTERS (default 1), HOT_COMMANDS (default 300),
#      WARMUP_COMMANDS (a warm-up burst per process, default 10000; 0 for none), WARMUP_TRANSACTIONS
#      (a process that endorsed fewer in its warm-up is named, default 3),
#      LIGHT_COMMANDS (default 50), LIGHT_INTERVAL (default PT0.2S), LIGHT_WARMUP_COMMANDS (default 200),
#      SUBMITTER_OPTIONS (more `submitter` options for sections 2-4, e.g. "--max-per-tx 250"),
#      PORT (devnet, default 7151),
#      TOKENOMICS_DB_URL (default: local PostgreSQL, else embedded).
set -euo pipefail
cd "$(dirname "$0")/.."

connection=""
while [ $# -gt 0 ]; do
  case $1 in
    --connection) connection=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-outbox: unknown argument $1" >&2; exit 2 ;;
  esac
done
read -r -a submitter_options <<<"${SUBMITTER_OPTIONS:-}"
if [[ -n $connection && ! -f $connection ]]; then
  echo "bench-outbox: no connection file $connection" >&2
  exit 2
fi

target_dir=${TARGET_DIR:-target}
jar=gateway-client/cli/$target_dir/tokenomics-client.jar
bench_jar=gateway-client/benchmarks/$target_dir/tokenomics-bench.jar
chaincode_jar=chaincode/$target_dir/tokenomics-chaincode.jar
if [[ ! -f $jar || ! -f $bench_jar || ! -f $chaincode_jar ]]; then
  mvn -q -B -Dtarget.dir="$target_dir" -pl gateway-client/cli,gateway-client/benchmarks -am package -DskipTests
fi
# Short-lived CLI runs (load, summary) share the cores with the processes measured: C1 only and
# the serial collector cut their CPU by about 40 % (a 5,000-command load: 3.2 -> 1.9 CPU-s).
light_cli=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar")
cli() {
  "${light_cli[@]}" "$@"
}
# The CLI in the background with $! its JVM, so a kill reaches it (`cli ... &` would background a
# subshell, and killing that leaves the JVM running).
cli_bg() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@" &
}

echo "== 1. outbox on PostgreSQL alone (ledger stubbed)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$bench_jar" bench-outbox --commands "${COMMANDS:-50000}" --workers 1,4,16

devnet_dir=""
pids=()
waiter=""
cleanup() {
  if ((${#pids[@]})); then kill "${pids[@]}" 2>/dev/null || true; kill -CONT "${pids[@]}" 2>/dev/null || true; fi
  if [[ -n $waiter ]]; then kill "$waiter" 2>/dev/null || true; fi
  if [[ -n $devnet_dir ]]; then
    scripts/devnet.sh down --dir "$devnet_dir" >/dev/null 2>&1 || true
    rm -rf "$devnet_dir"
  fi
}
trap cleanup EXIT

if [[ -n $connection ]]; then
  export TOKENOMICS_CONNECTION=$connection
else
  devnet_dir=$(mktemp -d)
  scripts/devnet.sh up --dir "$devnet_dir" --port "${PORT:-7151}" --chaincode "tokenomics=$chaincode_jar"
  export TOKENOMICS_CONNECTION=$devnet_dir/connection.env
fi
export TOKENOMICS_DB_SCHEMA=bench_outbox_$$

# CPU ticks (user + system) process PID (or PID/task/TID, a thread) has used so far, from /proc;
# fails if it is gone.
ticks_of() {
  local line stat
  read -r line <"/proc/$1/stat" 2>/dev/null || return 1
  # Fields 14 and 15 (utime, stime), counted after the name: it is in parentheses and may hold
  # spaces ("(C2 CompilerThre)").
  read -r -a stat <<<"${line##*) }"
  echo $((stat[11] + stat[12]))
}

# CPU seconds the live processes PIDS... have used so far.
cpu_of() {
  local total=0 pid ticks
  for pid in "$@"; do
    ticks=$(ticks_of "$pid") || continue
    total=$((total + ticks))
  done
  awk -v t="$total" -v k="$(getconf CLK_TCK)" 'BEGIN { print t / k }'
}

# CPU ticks (user + system) of each live PostgreSQL process, as pid:ticks words.
postgres_ticks() {
  local pid ticks
  for pid in $(pgrep -x postgres); do
    ticks=$(ticks_of "$pid") && echo -n "$pid:$ticks "
  done
}

# CPU seconds the JIT compiler threads ("C1 CompilerThre...", "C2 CompilerThre...") of the live
# JVMs PIDS... have used so far, from /proc (a compiler thread that exited meanwhile takes its CPU
# with it).
jit_of() {
  local total=0 pid task name ticks
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      read -r name <"$task/comm" 2>/dev/null || continue
      [[ $name == C[12]\ CompilerThre* ]] || continue
      ticks=$(ticks_of "$pid/task/${task##*/}") || continue
      total=$((total + ticks))
    done
  done
  awk -v t="$total" -v k="$(getconf CLK_TCK)" 'BEGIN { print t / k }'
}

# The devnet's pid, when this script started it.
devnet_pid() {
  [[ -n $devnet_dir && -f $devnet_dir/devnet.pid ]] && cat "$devnet_dir/devnet.pid"
}

# Applies MEASURE (cpu_of or jit_of) to the client processes (submitters, projector), the devnet
# and its chaincode processes ("-" for both on a network this script did not start).
measure_processes() { # measure
  local devnet="-" chaincode="-" pid
  if pid=$(devnet_pid); then
    devnet=$("$1" "$pid")
    # shellcheck disable=SC2046 # one pid per word
    chaincode=$("$1" $(ps -o pid= --ppid "$pid"))
  fi
  echo "$("$1" "${pids[@]}") $devnet $chaincode"
}

# CPU seconds so far of the client processes, the devnet and its chaincode (measure_processes),
# then PostgreSQL's processes (postgres_ticks), and the CPU seconds of their JIT compiler threads.
cpu_snapshot() {
  echo "$(measure_processes cpu_of) $(postgres_ticks) jit $(measure_processes jit_of)"
}

# PostgreSQL's share counts the processes alive at the end (a backend started meanwhile with all
# its CPU); one that exited meanwhile (a short CLI run's) takes its CPU with it. The JIT line says
# how warm the processes were: CPU their compilers spent during the measured part is taken from it
# (and the code was not yet at full speed), which a long-running deployment no longer pays.
cpu_line() { # snapshot before, snapshot after, commands
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    nb = split(b, x, " "); na = split(a, y, " ")
    for (i = 1; i <= 3; i++) ms[i] = x[i] == "-" ? "-" : sprintf("%.2f", (y[i] - x[i]) * 1000 / n)
    for (i = 4; i <= nb && x[i] != "jit"; i++) { split(x[i], p, ":"); was[p[1]] = p[2] }
    for (j = 1; j <= 3; j++) jit_before[j] = x[i + j]
    ticks = 0
    for (i = 4; i <= na && y[i] != "jit"; i++) { split(y[i], p, ":"); ticks += p[2] - (p[1] in was ? was[p[1]] : 0) }
    for (j = 1; j <= 3; j++) jit[j] = jit_before[j] == "-" ? "-" : sprintf("%.2f", (y[i + j] - jit_before[j]) * 1000 / n)
    ms[4] = sprintf("%.2f", ticks / hz * 1000 / n)
    all = 0; for (i = 1; i <= 4; i++) if (ms[i] != "-") all += ms[i]
    printf "  CPU per command: client processes (submitters, projector) %s ms, devnet %s, chaincode %s, PostgreSQL %s; %.2f ms in all\n",
      ms[1], ms[2], ms[3], ms[4], all
    printf "  of which JIT compiling: client processes %s ms, devnet %s, chaincode %s\n", jit[1], jit[2], jit[3]
  }'
}

# Starts a projector and SUBMITTERS submitters for the tenant, with $logs/<name> their output, and
# returns once each has printed its first progress line (connected, JVM up): what follows measures
# running processes, not JVM starts.
start_processes() { # tenant, submitter processes
  local tenant=$1 submitters=$2 i
  logs=$(mktemp -d)
  cli_bg projector --tenant "$tenant" --progress PT5S >"$logs/projector" 2>&1
  pids=($!)
  for ((i = 0; i < submitters; i++)); do
    cli_bg submitter --tenant "$tenant" --workers 8 --progress PT5S --metrics-address 127.0.0.1 --metrics-port 0 "${submitter_options[@]}" >"$logs/submitter$i" 2>&1
    pids+=($!)
  done
  for i in "$logs"/*; do
    until grep -q '^projector: [0-9]\|^submitter: [0-9]' "$i"; do
      sleep 0.2
    done
  done
}

stop_processes() {
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
  rm -rf "$logs"
}

# Waits in one JVM for the run's commands to be final: a new CLI process per poll would take a
# core of this machine from the processes measured.
await_final() { # tenant, key prefix, commands
  cli summary --tenant "$1" --key-prefix "$2" --wait-for "$3" >/dev/null 2> >(grep -v '^summary: waiting' >&2)
}

# The same wait for a measured run, started before its load: once the waiter says it waits, its
# JVM has started, so its start (1-2 s of CPU) is not taken from the processes measured. $waiter
# is its JVM; finish_waiter waits for it, print_waiter_summary prints what it printed.
start_waiter() { # tenant, key prefix, commands
  waiter_log=$(mktemp)
  "${light_cli[@]}" summary --tenant "$1" --key-prefix "$2" --wait-for "$3" >"$waiter_log" 2>&1 &
  waiter=$!
  until grep -q '^summary: waiting' "$waiter_log"; do
    kill -0 "$waiter" 2>/dev/null || { cat "$waiter_log" >&2; exit 1; }
    sleep 0.1
  done
}

finish_waiter() {
  wait "$waiter"
  waiter=""
}

print_waiter_summary() {
  grep -v '^summary: waiting' "$waiter_log"
  rm -f "$waiter_log"
}

# A submitter process's metrics, from its endpoint (the port it printed at start); bash's
# /dev/tcp, so no HTTP client is needed. Nothing when the endpoint does not answer.
metrics_of() { # submitter log
  local port
  port=$(sed -n 's|^submitter: metrics on http://127.0.0.1:\([0-9]*\)/metrics$|\1|p' "$1")
  [[ -n $port ]] || return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
    cat <&3) 2>/dev/null || true
}

# Transactions (envelopes or single commands) a submitter process has endorsed; 0 when its
# endpoint does not answer.
endorsed_by() { # submitter log
  metrics_of "$1" | awk '/^tokenomics_submitter_endorse_seconds_count/ { n += $2 } END { print n + 0 }'
}

# Count and total seconds of each step's timer over every running submitter, as "step count sum" lines.
step_totals() {
  local f
  for f in "$logs"/submitter*; do
    metrics_of "$f"
  done | awk '/^tokenomics_submitter_(claim|endorse|submit|commit)_seconds_(count|sum)/ {
      split($1, name, "_"); sub(/\{.*/, "", name[5]); key = name[3]; if (name[5] == "count") n[key] += $2; else t[key] += $2 }
    END { for (k in n) print k, n[k], t[k] }'
}

# The mean time of each step between two step_totals, and how many there were.
step_line() { # totals before, totals after
  BEFORE=$1 awk 'BEGIN { split(ENVIRON["BEFORE"], lines, "\n"); for (i in lines) { split(lines[i], f, " "); n[f[1]] = f[2]; t[f[1]] = f[3] } }
    { c = $2 - n[$1]; if (c > 0) mean[$1] = sprintf("%.0f ms (%d)", ($3 - t[$1]) / c * 1000, c) }
    END { split("claim endorse submit commit", steps, " ")
      printf "  steps (mean, count):"
      for (i = 1; i <= 4; i++) printf " %s %s%s", steps[i], steps[i] in mean ? mean[steps[i]] : "-", i < 4 ? "," : "\n" }' <<<"$2"
}

# Sends COUNT commands (not measured) to each submitter process in turn and waits for them to be
# final; no-op for 0. Extra arguments go to `load` (the run's --hot-share, --interval). A burst's
# transactions go to whichever process claims first (claims take turns, so one process usually
# takes a whole burst), and a cold process takes 2-4 s over its first 1,000-command envelope: so
# the other submitters are paused (SIGSTOP) while each takes a burst of its own. Paused between
# bursts, they hold no command. A process that still endorsed fewer than WARMUP_TRANSACTIONS
# transactions is named.
warm_up() { # tenant, count, load options...
  local tenant=$1 count=$2 i j
  shift 2
  ((count > 0)) || return 0
  local processes=("${pids[@]:1}")
  for ((i = 0; i < ${#processes[@]}; i++)); do
    for ((j = 0; j < ${#processes[@]}; j++)); do
      ((j == i)) || kill -STOP "${processes[j]}"
    done
    cli load --tenant "$tenant" --transfers "$count" --wallets 200 --run "warmup$$p$i" "$@" >/dev/null
    await_final "$tenant" "warmup$$p$i-" "$count"
    kill -CONT "${processes[@]}"
  done
  local f
  for f in "$logs"/submitter*; do
    (($(endorsed_by "$f") >= ${WARMUP_TRANSACTIONS:-3})) ||
      echo "  (warm-up: $(basename "$f") endorsed fewer than ${WARMUP_TRANSACTIONS:-3} transactions; it is still cold if the measured burst reaches it)"
  done
}

# A burst into running processes: warm-up bursts first (WARMUP_COMMANDS per process, not measured: the JIT
# of the peer and the chaincode comes close to its steady state, as in a long-running deployment:
# with 2,000 the chaincode still took 0.8 s for an envelope that takes 0.2 s once its state round
# trips are compiled; the client processes' compilers are still busy after 30,000, see the JIT
# line), then the measured one, enqueued at once; figures are the measured burst's alone.
run_burst() { # tenant, transfers, hot share, submitter processes
  local tenant=$1 transfers=$2 hot=$3 submitters=$4 warmup=${WARMUP_COMMANDS:-10000} before after steps steps_after
  start_processes "$tenant" "$submitters"
  warm_up "$tenant" "$warmup" --hot-share "$hot"
  start_waiter "$tenant" "measured$$-" "$transfers"
  steps=$(step_totals)
  before=$(cpu_snapshot)
  cli load --tenant "$tenant" --transfers "$transfers" --wallets 200 --hot-share "$hot" --run "measured$$"
  finish_waiter
  after=$(cpu_snapshot)
  steps_after=$(step_totals)
  stop_processes
  print_waiter_summary
  cpu_line "$before" "$after" "$transfers"
  step_line "$steps" "$steps_after"
}

# One command at a time into running processes, after LIGHT_WARMUP_COMMANDS paced ones (not
# measured, 40 s at the default interval): the first few on fresh processes take 0.2-0.9 s each,
# and for the next hundred or so the JIT is still compiling the single-command path (C2 busy for
# ~1 s per 100 commands; p50 139-148 ms after 20 warm-up commands, 88 ms after 200, same day).
# The single transaction this is compared with (bench-devnet) is measured after a JIT warm-up too.
run_paced() { # tenant, transfers, interval
  local tenant=$1 transfers=$2 interval=$3 warmup=${LIGHT_WARMUP_COMMANDS:-200} before after steps steps_after
  start_processes "$tenant" 1
  warm_up "$tenant" "$warmup" --hot-share 0 --interval "$interval"
  start_waiter "$tenant" "measured$$-" "$transfers"
  steps=$(step_totals)
  before=$(cpu_snapshot)
  cli load --tenant "$tenant" --transfers "$transfers" --wallets 200 --hot-share 0 --run "measured$$" --interval "$interval"
  finish_waiter
  after=$(cpu_snapshot)
  steps_after=$(step_totals)
  stop_processes
  print_waiter_summary
  cpu_line "$before" "$after" "$transfers"
  step_line "$steps" "$steps_after"
}

cli migrate
cli genesis --wallets 200 --balance 1000000
echo "== 2. end to end (random transfers among 200 wallets, ${SUBMITTERS:-1} submitter process(es))"
run_burst e2e "${E2E_COMMANDS:-2000}" 0 "${SUBMITTERS:-1}"
echo "== 3. hot wallet (every command from w000; wallet locks must make MVCC conflicts zero)"
run_burst hot "${HOT_COMMANDS:-300}" 1.0 1
echo "== 4. light load (one command every ${LIGHT_INTERVAL:-PT0.2S})"
run_paced light "${LIGHT_COMMANDS:-50}" "${LIGHT_INTERVAL:-PT0.2S}"
