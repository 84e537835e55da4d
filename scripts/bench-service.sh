#!/usr/bin/env bash
# HTTP API benchmark: `serve` from the built CLI jar on a fresh schema, driven by wrk, printed as
# figures (no timed assertions) against issue #12's targets:
#   1. POST /v1/commands at full speed: accepted commands/s (rows enqueued), latency p50/p99;
#   2. POST /v1/commands paced to ~RATE requests/s: latency p50/p99 (target p99 <= 20 ms at 1,000/s);
#   3. GET /v1/commands/{id} at full speed: requests/s, latency p50/p99.
# Each prints the CPU the service's JVM and its PostgreSQL backends spent per request.
#
#   scripts/bench-service.sh [--duration SECONDS] [--connections N] [--rate N]
#
# Pacing: wrk 4 has no constant-rate mode (wrk2's -R); phase 2 runs RATE/20 connections that each
# wait 50 ms (wrk's Lua delay()) before every request, ~20 requests/s each and ~RATE together less
# the latency's share; the achieved rate is printed. wrk times each request from its send, so a
# stall also delays the requests queued behind it on that connection instead of counting them late
# (coordinated omission): the p99 is that of a client that waits, a lower bound of an open-loop one's.
# Needs wrk (Debian: apt-get install wrk), curl, and a local PostgreSQL for the database's CPU
# (psql as the server's superuser on its host; "unknown" otherwise). Exit 2 with SKIPPED when wrk is missing.
# Env: TARGET_DIR (Maven output folder, default target), TOKENOMICS_DB_URL (default: the PostgreSQL
#      on 127.0.0.1:5432, user postgres), THREADS (wrk, default 2), DB_POOL (the service's pool,
#      default --connections + 8: with fewer connections than concurrent requests, HikariCP lets the
#      threads that just gave one back take it again while others wait: GET p99 ~700 ms, not ~40 ms),
#      SERVE_JAVA_OPTS (JVM options of serve, e.g. -XX:StartFlightRecording=filename=serve.jfr to profile).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ports.sh
. scripts/lib/ports.sh

duration=20
connections=32
rate=1000
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-service: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in wrk curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-service: SKIPPED: '$tool' is not on PATH (Debian/Ubuntu: apt-get install $tool)" >&2
    exit 2
  fi
done

target_dir=${TARGET_DIR:-target}
jar=gateway-client/cli/$target_dir/tokenomics-client.jar
if [[ ! -f $jar ]]; then
  mvn -q -B -Dtarget.dir="$target_dir" -pl gateway-client/cli -am package -DskipTests
fi
db_url=${TOKENOMICS_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
app_name=tokenomics-bench-service-$$
# The application name marks the service's backends, whose CPU is read from /proc below.
db_url+=$([[ $db_url == *\?* ]] && echo "&" || echo "?")ApplicationName=$app_name
schema=bench_service_$$
cli() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@" --db-url "$db_url" --db-schema "$schema"
}

serve_pid=""
cleanup() {
  if [[ -n $serve_pid ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  psql_super -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# psql as the local server's superuser (the database's CPU and the schema's clean-up need it).
psql_super() {
  psql -X -q -t -A -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"
}

# CPU seconds (user + system) of a process, from /proc/PID/stat.
cpu_of_pid() {
  awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# CPU seconds of the service's PostgreSQL backends, or "unknown" when they cannot be read here.
cpu_of_backends() {
  local pids total=0 pid
  pids=$(psql_super -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$app_name'" 2>/dev/null) || { echo unknown; return; }
  [[ -n $pids ]] || { echo unknown; return; }
  for pid in $pids; do
    [[ -r /proc/$pid/stat ]] || { echo unknown; return; }
    total=$(awk -v a="$total" -v b="$(cpu_of_pid "$pid")" 'BEGIN { print a + b }')
  done
  echo "$total"
}

commands() {
  psql_super -c "SELECT count(*) FROM $schema.outbox_command"
}

# run_wrk NAME LUA-SCRIPT CONNECTIONS URL-PATH: wrk for $duration s, then one line of figures.
run_wrk() {
  local name=$1 script=$2 conns=$3 path=$4 out svc0 svc1 db0 db1 before after
  out=$(mktemp)
  svc0=$(cpu_of_pid "$serve_pid"); db0=$(cpu_of_backends); before=$(commands 2>/dev/null || echo 0)
  wrk -t "${THREADS:-2}" -c "$conns" -d "${duration}s" --latency -s "$script" "$base$path" >"$out"
  svc1=$(cpu_of_pid "$serve_pid"); db1=$(cpu_of_backends); after=$(commands 2>/dev/null || echo 0)
  awk -v name="$name" -v svc="$svc1 - $svc0" -v s0="$svc0" -v s1="$svc1" -v d0="$db0" -v d1="$db1" \
      -v enqueued=$((after - before)) -v d="$duration" '
    / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
    /requests in/ { n = $1 }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { errors = $0 }
    /Requests\/sec/ { rps = $2 }
    END {
      printf "%s: %.0f requests/s (%d in %d s, %d not 2xx), p50 %s, p99 %s", name, rps, n, d, bad, p50, p99
      if (enqueued > 0) printf ", %.0f accepted commands/s", enqueued / d
      printf "; CPU per request: service %.3f ms", (s1 - s0) * 1000 / n
      if (d0 == "unknown" || d1 == "unknown") printf ", PostgreSQL unknown\n"
      else printf ", PostgreSQL %.3f ms\n", (d1 - d0) * 1000 / n
      if (errors != "") print "  wrk:" errors
    }' "$out"
  rm -f "$out"
}

cli migrate >/dev/null
key=$(cli api-key create --tenant bench 2>/dev/null)
port=$(free_port)
pool=${DB_POOL:-$((connections + 8))}
base=http://127.0.0.1:$port
read -r -a serve_opts <<<"${SERVE_JAVA_OPTS:-}"
java "${serve_opts[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" serve --port "$port" --rate-limit 0 --db-pool "$pool" \
  --db-url "$db_url" --db-schema "$schema" >/dev/null &
serve_pid=$!
until curl -sf "$base/health/ready" >/dev/null; do
  kill -0 "$serve_pid" 2>/dev/null || { echo "bench-service: serve exited before it was ready" >&2; exit 3; }
  sleep 0.2
done
export BENCH_API_KEY=$key BENCH_RUN=$$
echo "bench-service: serve on $base (pool $pool), wrk ${THREADS:-2} threads, ${duration} s per phase; load $(cut -d' ' -f1-3 /proc/loadavg)"

# Warm-up, unmeasured: the JIT compiles the request path before the figures are taken.
BENCH_DELAY_MS=0 wrk -t "${THREADS:-2}" -c "$connections" -d "$((duration < 10 ? duration : 10))s" -s scripts/wrk/post-commands.lua "$base/v1/commands" >/dev/null
BENCH_RUN=$$-1 BENCH_DELAY_MS=0 run_wrk "1. POST /v1/commands, $connections connections" scripts/wrk/post-commands.lua "$connections" /v1/commands
paced=$((rate / 20 > 0 ? rate / 20 : 1))
BENCH_RUN=$$-2 BENCH_DELAY_MS=$((paced * 1000 / rate)) run_wrk "2. POST /v1/commands paced to ~$rate/s ($paced connections)" \
  scripts/wrk/post-commands.lua "$paced" /v1/commands
BENCH_MAX_ID=$(psql_super -c "SELECT max(id) FROM $schema.outbox_command" 2>/dev/null || echo 1000) \
  run_wrk "3. GET /v1/commands/{id}, $connections connections" scripts/wrk/get-command.lua "$connections" /v1/commands/1
