# Shared by run.sh and soak.sh: the variants, starting and stopping the processes, wrk, and
# reading a process's CPU, memory and threads from /proc. Sourced, not run.

HTTP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_JAR="$HTTP_DIR/app/target/observability-benchmarks-http-app.jar"

# The Spring Boot line of the variants' jars: boot3 (3.5, the modules here) or boot4 (4.1, boot4/).
LINE="${LINE:-boot3}"
case "$LINE" in
  boot3) VARIANTS_DIR="$HTTP_DIR"; JAR_PREFIX=observability-benchmarks-http-
    OTLP_ENDPOINT_PROPERTY=management.otlp.tracing.endpoint
    OTLP_LOGS_ENDPOINT_PROPERTY=management.otlp.logging.endpoint ;;
  boot4) VARIANTS_DIR="$HTTP_DIR/boot4"; JAR_PREFIX=observability-benchmarks-http-boot4-
    OTLP_ENDPOINT_PROPERTY=management.opentelemetry.tracing.export.otlp.endpoint
    OTLP_LOGS_ENDPOINT_PROPERTY=management.opentelemetry.logging.export.otlp.endpoint ;;
  *) printf 'LINE is boot3 or boot4, not %s\n' "$LINE" >&2; exit 1 ;;
esac
STARTER_JAR="$VARIANTS_DIR/starter/target/${JAR_PREFIX}starter.jar"
# The password of the starter variants' secured scrape endpoint (user "prometheus").
SCRAPE_PASSWORD=bench-scrape-password

APP_CPU="${APP_CPU:-1}"
LOAD_CPU="${LOAD_CPU:-0}"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}"
APP_ARGS="${APP_ARGS:-}"
CONNECTIONS="${CONNECTIONS:-10}"
WARMUP="${WARMUP:-5s}"
WARMUP_ROUNDS_MAX="${WARMUP_ROUNDS_MAX:-30}"
WARMUP_JIT_PERCENT="${WARMUP_JIT_PERCENT:-5}"
APP_PORT="${APP_PORT:-18080}"
SINK_PORT="${SINK_PORT:-18081}"
BLACKHOLE_PORT="${BLACKHOLE_PORT:-18082}"
DEAD_PORT="${DEAD_PORT:-18083}"
ENDPOINTS="${ENDPOINTS:-/hello /work}"

APP_PID=""
PEER_PID=""
WRK_PID=""

log() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# Everything this shell starts runs on LOAD_CPU, except the application, which taskset moves to
# APP_CPU.
pin_to_load_cpu() {
  [ "$(nproc --all)" -ge 2 ] || die "needs at least 2 CPUs (the application on one, the load on another)"
  for tool in java jcmd jstat wrk curl taskset; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
  done
  [ -f "$APP_JAR" ] || die "build first: ./mvnw -pl benchmarks/http -amd -am clean package -DskipTests"
  taskset -cp "$LOAD_CPU" $$ >/dev/null
}

# Sets VARIANT_JAR, VARIANT_PEER (none, sink, dead or blackhole) and VARIANT_ARGS for a variant name.
# A starter variant may name parts to switch off after a slash, to measure what each one costs:
# S-10/access-log,keep-errors (see without_args). With @baseline at the end (S-10@baseline) it runs
# the starter application jar in BASELINE_JAR instead, built from an earlier commit, so that a change
# is measured against what came before it in the same run.
configure_variant() {
  local telemetry_port sampling name="${1%%@*}" suffix="" base without=""
  [ "$name" = "$1" ] || suffix="${1#*@}"
  base="${name%%/*}"
  [ "$base" = "$name" ] || without="${name#*/}"
  case "$base" in
    B0) VARIANT_JAR=bare; VARIANT_PEER=none ;;
    B1 | B1-logs | B1-access) VARIANT_JAR=handwired; VARIANT_PEER=sink; sampling=0.1 ;;
    S-off | S-10 | S-logs) VARIANT_JAR=starter; VARIANT_PEER=sink; sampling=0.1 ;;
    S-100) VARIANT_JAR=starter; VARIANT_PEER=sink; sampling=1.0 ;;
    S-dead) VARIANT_JAR=starter; VARIANT_PEER=dead; sampling=0.1 ;;
    S-blackhole) VARIANT_JAR=starter; VARIANT_PEER=blackhole; sampling=0.1 ;;
    *) die "unknown variant $1 (known: B0 B1 B1-logs B1-access S-off S-10 S-logs S-100 S-dead S-blackhole)" ;;
  esac
  VARIANT_JAR="$VARIANTS_DIR/$VARIANT_JAR/target/$JAR_PREFIX$VARIANT_JAR.jar"
  [ -f "$VARIANT_JAR" ] || die "missing $VARIANT_JAR: build first"
  VARIANT_ARGS=(--server.port="$APP_PORT" --spring.application.name=bench)
  case "$VARIANT_PEER" in
    sink) telemetry_port="$SINK_PORT" ;;
    dead) telemetry_port="$DEAD_PORT" ;;
    blackhole) telemetry_port="$BLACKHOLE_PORT" ;;
    *) return 0 ;;
  esac
  VARIANT_ARGS+=(
    --sentry.dsn="http://benchkey@127.0.0.1:$telemetry_port/1"
    --"$OTLP_ENDPOINT_PROPERTY"="http://127.0.0.1:$telemetry_port/v1/traces"
    --management.tracing.sampling.probability="$sampling"
  )
  case "$base" in
    B1) VARIANT_ARGS+=(--management.endpoints.web.exposure.include=health,prometheus) ;;
    B1-access) VARIANT_ARGS+=(--management.endpoints.web.exposure.include=health,prometheus
      --spring.profiles.active=access-line) ;;
    B1-logs) VARIANT_ARGS+=(--management.endpoints.web.exposure.include=health,prometheus
      --spring.profiles.active=otlp-logs
      --"$OTLP_LOGS_ENDPOINT_PROPERTY"="http://127.0.0.1:$telemetry_port/v1/logs") ;;
    S-off) VARIANT_ARGS+=(--observability.enabled=false) ;;
    S-logs) VARIANT_ARGS+=(--observability.metrics.prometheus.password="$SCRAPE_PASSWORD"
      --"$OTLP_LOGS_ENDPOINT_PROPERTY"="http://127.0.0.1:$telemetry_port/v1/logs") ;;
    *) VARIANT_ARGS+=(--observability.metrics.prometheus.password="$SCRAPE_PASSWORD") ;;
  esac
  if [ -n "$without" ]; then
    [ "$VARIANT_JAR" = "$STARTER_JAR" ] \
      || die "only starter variants switch parts off: $1"
    local part
    for part in ${without//,/ }; do
      without_args "$part" || die "unknown part $part in $1 (known: $KNOWN_PARTS)"
    done
  fi
  if [ -n "$suffix" ]; then
    [ "$suffix" = baseline ] || die "unknown suffix @$suffix in $1 (known: @baseline)"
    [ "$VARIANT_JAR" = "$STARTER_JAR" ] \
      || die "only starter variants have a baseline: $1"
    [ -f "${BASELINE_JAR:-}" ] || die "$1 needs BASELINE_JAR: the starter application jar built from the commit to compare with"
    VARIANT_JAR="$BASELINE_JAR"
  fi
}

KNOWN_PARTS="access-log keep-errors histogram async-console json-logs masking sentry tracing request-id user-context gzip access-otlp"

# without_args PART: appends to VARIANT_ARGS what switches that part of the starter off.
without_args() {
  case "$1" in
    access-log) VARIANT_ARGS+=(--observability.logging.access-log.enabled=false) ;;
    keep-errors) VARIANT_ARGS+=(--observability.tracing.keep-errors.enabled=false) ;;
    histogram) VARIANT_ARGS+=(--management.metrics.distribution.percentiles-histogram.http.server.requests=false
      --management.metrics.distribution.slo.http.server.requests=) ;;
    async-console) VARIANT_ARGS+=(--observability.logging.async.enabled=false) ;;
    json-logs) VARIANT_ARGS+=(--observability.logging.json=false) ;;
    masking) VARIANT_ARGS+=(--observability.privacy.enabled=false) ;;
    sentry) VARIANT_ARGS+=(--observability.sentry.enabled=false --sentry.dsn=) ;;
    tracing) VARIANT_ARGS+=(--observability.tracing.enabled=false) ;;
    request-id) VARIANT_ARGS+=(--observability.request-id.enabled=false) ;;
    user-context) VARIANT_ARGS+=(--observability.user-context.enabled=false) ;;
    access-otlp) VARIANT_ARGS+=(--observability.logging.otlp.access-log=false) ;;
    gzip) VARIANT_ARGS+=(--"${OTLP_ENDPOINT_PROPERTY%endpoint}compression=none"
      --"${OTLP_LOGS_ENDPOINT_PROPERTY%endpoint}compression=none") ;;
    *) return 1 ;;
  esac
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_peer LOG_PREFIX: starts what the variant's telemetry talks to, on LOAD_CPU, and checks that
# it behaves as intended.
start_peer() {
  PEER_PID=""
  case "$VARIANT_PEER" in
    sink)
      java -Xmx64m -XX:+UseSerialGC -cp "$APP_JAR" dev.observability.benchmarks.http.OkSink "$SINK_PORT" \
        >"$1-sink.log" 2>&1 &
      PEER_PID=$!
      wait_until "the sink answers 200" 10 sink_answers
      ;;
    blackhole)
      java -Xmx64m -XX:+UseSerialGC -cp "$APP_JAR" dev.observability.benchmarks.http.BlackHole "$BLACKHOLE_PORT" \
        >"$1-blackhole.log" 2>&1 &
      PEER_PID=$!
      wait_until "the black hole accepts" 10 port_open "$BLACKHOLE_PORT"
      # Accepted, but never answered: curl must give up on its own timeout (exit code 28).
      local code=0
      curl -s -o /dev/null -m 1 "http://127.0.0.1:$BLACKHOLE_PORT/" || code=$?
      [ "$code" = 28 ] || die "the black hole on port $BLACKHOLE_PORT answered (curl exit code $code)"
      ;;
    dead)
      ! port_open "$DEAD_PORT" || die "port $DEAD_PORT accepts connections; S-dead needs one that refuses them"
      ;;
  esac
}

sink_answers() {
  [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$SINK_PORT/")" = 200 ]
}

# wait_until DESCRIPTION TIMEOUT_SECONDS COMMAND...: polls the command every 20 ms.
wait_until() {
  local what="$1" deadline=$((SECONDS + $2))
  shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out waiting until $what"
    sleep 0.02
  done
}

hello_answers() {
  [ -d "/proc/$APP_PID" ] || die "the application exited; see its log"
  [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$APP_PORT/hello")" = 200 ]
}

# Starts the application of the configured variant on APP_CPU, its console to a file, and sets
# STARTUP_MS: wall time from launch to the first 200 from /hello.
start_app() {
  local app_log="$1" started
  ! port_open "$APP_PORT" || die "port $APP_PORT is taken"
  started=$(date +%s%N)
  # shellcheck disable=SC2086 # JAVA_OPTS and APP_ARGS are lists of words
  taskset -c "$APP_CPU" java $JAVA_OPTS -jar "$VARIANT_JAR" "${VARIANT_ARGS[@]}" $APP_ARGS >"$app_log" 2>&1 &
  APP_PID=$!
  wait_until "the application answers /hello" 180 hello_answers
  STARTUP_MS=$((($(date +%s%N) - started) / 1000000))
}

# Spring Boot's own "Started ... in N seconds", from the application's log.
spring_started_seconds() {
  grep -o -m1 'Started BenchApplication in [0-9.]* seconds' "$1" | awk '{ print $4 }'
}

# SIGTERM, then SIGKILL after 30 s (Kubernetes' default grace period), said in the log.
stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -KILL "$pid" 2>/dev/null; then
    log "process $pid did not stop within 30 s of SIGTERM: killed"
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  stop_pid "$WRK_PID"
  stop_pid "$APP_PID"
  stop_pid "$PEER_PID"
  WRK_PID="" APP_PID="" PEER_PID=""
}

# Installs the clean-up: on any exit, Ctrl-C included, nothing this script started stays running.
trap_cleanup() {
  trap 'stop_all' EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

# wrk_command DURATION ENDPOINT [RATE]: sets WRK_COMMAND to a wrk run on LOAD_CPU at full speed, or
# paced at RATE requests per second; report.lua adds a RESULT line to its output.
wrk_command() {
  local url="http://127.0.0.1:$APP_PORT$2"
  WRK_COMMAND=(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$1" --latency)
  if [ -z "${3:-}" ]; then
    WRK_COMMAND+=(-s "$HTTP_DIR/report.lua" "$url")
  else
    WRK_COMMAND+=(-s "$HTTP_DIR/paced.lua" "$url" -- "$3")
  fi
}

# run_wrk OUTPUT DURATION ENDPOINT [RATE]. In the background and waited for: wrk takes Ctrl-C as
# "stop and report" and exits 0, which would leave the script running; this way the script's trap
# gets it.
run_wrk() {
  local output="$1"
  shift
  wrk_command "$@"
  "${WRK_COMMAND[@]}" >"$output" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || die "wrk failed; see $output"
  WRK_PID=""
  grep -q '^RESULT ' "$output" || die "wrk wrote no result; see $output"
}

# Seconds the JIT compilers have spent so far (jstat's total compilation time).
compile_seconds() {
  jstat -compiler "$1" | awk 'NR == 2 { print $4 }'
}

# warm_up LOG_PREFIX ENDPOINT...: rounds of WARMUP on each endpoint at full speed, until the JIT
# spent less than WARMUP_JIT_PERCENT of a round compiling (on one CPU, the JIT of a Spring Boot
# application with the starter takes tens of seconds of load). Sets WARMUP_ROUNDS.
warm_up() {
  local prefix="$1" round endpoint compiled wall
  shift
  for round in $(seq "$WARMUP_ROUNDS_MAX"); do
    compiled=$(compile_seconds "$APP_PID")
    wall=$(date +%s%N)
    for endpoint in "$@"; do
      run_wrk "$prefix${endpoint//\//-}-warmup.txt" "$WARMUP" "$endpoint"
    done
    compiled=$(awk -v before="$compiled" -v after="$(compile_seconds "$APP_PID")" 'BEGIN { print after - before }')
    wall=$((($(date +%s%N) - wall) / 1000000))
    WARMUP_ROUNDS="$round"
    if awk -v jit="$compiled" -v ms="$wall" -v limit="$WARMUP_JIT_PERCENT" 'BEGIN { exit !(jit * 1e5 < limit * ms) }'; then
      return 0
    fi
  done
  log "the JIT was still busy after $WARMUP_ROUNDS_MAX warm-up rounds ($compiled s of ${wall} ms)"
}

# wrk_value OUTPUT NAME: one value of the RESULT line of report.lua.
wrk_value() {
  grep '^RESULT ' "$1" | tr ' ' '\n' | awk -F= -v name="$2" '$1 == name { print $2 }'
}

# wrk_ms OUTPUT NAME: a latency of report.lua's line, in milliseconds.
wrk_ms() {
  awk -v us="$(wrk_value "$1" "$2")" 'BEGIN { print us / 1000 }'
}

# start_results: makes RESULTS_DIR with its logs folder (LOGS), and starts RESULTS with the header.
start_results() {
  mkdir -p "$RESULTS_DIR/logs"
  LOGS="$RESULTS_DIR/logs"
  results_header "$RESULTS"
}

# record_drops FILE RUN VARIANT PORT: appends what the starter variant on PORT has dropped so far
# (log lines and records, spans, Sentry events), one row per signal and reason with a count above
# zero, next to the requests it has served (its warm-up included). At full load on one CPU the
# starter's background threads get a share of the CPU like any other thread: a variant that exports
# every line over OTLP may drop records for a full queue, and is then measured doing less than all
# of its work.
record_drops() {
  local metrics
  case "$3" in S-*) ;; *) return 0 ;; esac
  [ -f "$1" ] || printf 'run\tvariant\tsignal\treason\tdropped\trequests\n' >"$1"
  metrics=$(curl -s -m 5 -u "prometheus:$SCRAPE_PASSWORD" "http://127.0.0.1:$4/actuator/prometheus") || return 0
  awk -v run="$2" -v variant="$3" '
    /^http_server_requests_seconds_count/ { requests += $NF }
    /^observability_(logs|spans|sentry)_dropped_total\{/ && $NF > 0 {
      signal = $0; sub(/^observability_/, "", signal); sub(/_dropped.*/, "", signal)
      reason = $0; sub(/.*reason="/, "", reason); sub(/".*/, "", reason)
      rows[++n] = signal "\t" reason "\t" sprintf("%.0f", $NF)
    }
    END { for (i = 1; i <= n; i++) printf "%s\t%s\t%s\t%.0f\n", run, variant, rows[i], requests }
  ' <<<"$metrics" >>"$1"
}

# print_drops FILE: the rows of record_drops as a table for the summary, if any variant recorded.
print_drops() {
  [ -f "$1" ] || return 0
  echo
  if [ "$(wc -l <"$1")" -le 1 ]; then
    echo "No starter variant dropped a log line, record, span or Sentry event."
    return 0
  fi
  echo "Dropped by the starter variants by the end of each run, warm-up included, against the requests"
  echo "they had served:"
  echo
  echo "| Run | Variant | Signal | Reason | Dropped | Requests | Per request |"
  echo "| --- | --- | --- | --- | ---: | ---: | ---: |"
  awk -F'\t' 'NR > 1 {
    printf "| %s | %s | %s | %s | %s | %s | %.2f |\n", $1, $2, $3, $4, $5, $6, ($6 > 0) ? $5 / $6 : 0
  }' "$1"
}

# results_header FILE: starts the raw results with the columns ResultsSummary reads (run.sh fills
# them all; alternate.sh and startup.sh leave what they do not measure empty).
results_header() {
  printf 'rep\tvariant\tendpoint\trps\tp50_ms\tp99_ms\thalf_target_rps\thalf_rps\thalf_p50_ms\thalf_p99_ms' >"$1"
  printf '\tcpu_us_per_req\tbytes_per_req\terrors\thalf_errors\tjit_ms\twarmup_rounds\tstartup_ms\tspring_started_s\trss_mb\n' \
    >>"$1"
}

# utime + stime of a process, in clock ticks.
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

rss_mb() {
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# CPU time the process has used so far, user and system, in ms. Below the wall time, it shows how
# long the process waited rather than ran. It counts time taken by another guest on the same host
# only where the guest kernel does not account that time as stolen.
cpu_ms() {
  local ticks
  ticks=$(getconf CLK_TCK)
  # The fields after the command name, which is in parentheses and may hold spaces: utime is the
  # 12th of them, stime the 13th.
  sed 's/^.*) //' "/proc/$1/stat" | awk -v ticks="$ticks" '{ printf "%d", ($12 + $13) * 1000 / ticks }'
}

thread_count() {
  awk '/^Threads:/ { print $2 }' "/proc/$1/status"
}
