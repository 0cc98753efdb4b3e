#!/usr/bin/env bash
# HTTP overhead of the starter: the same application bare, wired by hand and with the starter in
# several settings, measured with wrk. See BENCHMARKS.md ("HTTP overhead") for what is measured.
#
#   ./mvnw -pl benchmarks/http -amd -am clean package -DskipTests
#   benchmarks/http/run.sh                 # Spring Boot 3.5 and its starter
#   LINE=boot4 benchmarks/http/run.sh      # Spring Boot 4.1 and its starter
#
# Knobs (environment): LINE, REPS, VARIANTS, WARMUP, DURATION, CONNECTIONS, ENDPOINTS, JAVA_OPTS,
# HALF_LOAD_OF, APP_ARGS, RESULTS_DIR, KEEP_LOGS, APP_CPU, LOAD_CPU, WARMUP_ROUNDS_MAX,
# WARMUP_JIT_PERCENT and the ports in lib.sh.
set -euo pipefail

source "$(dirname "$0")/lib.sh"

REPS="${REPS:-3}"
VARIANTS="${VARIANTS:-B0 B1 S-off S-10 S-100 S-dead S-blackhole}"
DURATION="${DURATION:-10s}"
KEEP_LOGS="${KEEP_LOGS:-0}"
HALF_LOAD_OF="${HALF_LOAD_OF:-B0}"
RESULTS_DIR="${RESULTS_DIR:-$HTTP_DIR/target/results/$(date +%Y%m%d-%H%M%S)}"
RESULTS="$RESULTS_DIR/runs.tsv"
CLOCK_TICKS_PER_SECOND="$(getconf CLK_TCK)"

case "$HALF_LOAD_OF" in
  B0) [ "${VARIANTS%% *}" = B0 ] || log "B0 is not first: the half-load rate falls back to each variant's own maximum" ;;
  own) ;;
  *) die "HALF_LOAD_OF is B0 (half of B0's maximum, the same rate for every variant) or own (half of the variant's)" ;;
esac

# Bytes allocated in the JVM while the allocation recording was on; see AllocatedBytesReader.
allocated_bytes() {
  local pid="$1" recording="$2"
  jcmd "$pid" JFR.stop name=window filename="$recording" >>"$LOGS/jcmd.log"
  java -cp "$APP_JAR" dev.observability.benchmarks.http.AllocatedBytesReader "$recording" | tee -a "$LOGS/allocation.log" \
    | tr ' ' '\n' | awk -F= '$1 == "allocated_bytes" { print $2 }'
}

wrk_errors() {
  echo $(($(wrk_value "$1" non2xx) + $(wrk_value "$1" socket_errors)))
}

# Measures one endpoint of the running application and sets ROW to its tab-separated fields: the
# maximum throughput run with CPU, JIT and allocation around it, then the half-load run.
measure_endpoint() {
  local variant="$1" endpoint="$2" name="$3"
  local max="$LOGS/$name-max.txt" half="$LOGS/$name-half.txt"
  local cpu_before cpu_after jit_before jit_after requests bytes half_rate
  jcmd "$APP_PID" JFR.start name=window settings="$HTTP_DIR/allocation.jfc" >>"$LOGS/jcmd.log"
  jit_before=$(compile_seconds "$APP_PID")
  cpu_before=$(cpu_ticks "$APP_PID")
  run_wrk "$max" "$DURATION" "$endpoint"
  cpu_after=$(cpu_ticks "$APP_PID")
  jit_after=$(compile_seconds "$APP_PID")
  bytes=$(allocated_bytes "$APP_PID" "$LOGS/$name.jfr")
  rm -f "$LOGS/$name.jfr"
  requests=$(wrk_value "$max" requests)
  [ "$variant" != B0 ] || [ "$HALF_LOAD_OF" != B0 ] || BARE_RPS[$endpoint]=$(wrk_value "$max" rps)
  half_rate=$(awk -v rps="${BARE_RPS[$endpoint]:-$(wrk_value "$max" rps)}" 'BEGIN { printf "%.0f", rps / 2 }')
  run_wrk "$half" "$DURATION" "$endpoint" "$half_rate"
  ROW="$(wrk_value "$max" rps)\t$(wrk_ms "$max" p50_us)\t$(wrk_ms "$max" p99_us)"
  ROW+="\t$half_rate\t$(wrk_value "$half" rps)\t$(wrk_ms "$half" p50_us)\t$(wrk_ms "$half" p99_us)"
  ROW+="\t$(awk -v ticks=$((cpu_after - cpu_before)) -v hz="$CLOCK_TICKS_PER_SECOND" -v n="$requests" \
    'BEGIN { printf "%.1f", ticks / hz * 1e6 / n }')"
  ROW+="\t$(awk -v bytes="$bytes" -v n="$requests" 'BEGIN { printf "%.0f", bytes / n }')"
  ROW+="\t$(wrk_errors "$max")\t$(wrk_errors "$half")"
  ROW+="\t$(awk -v before="$jit_before" -v after="$jit_after" 'BEGIN { printf "%.0f", (after - before) * 1000 }')"
}

# The starter writes an access line per request, hundreds of MB per run: keep every other line and
# the first access lines as a sample.
trim_access_lines() {
  local access='"logger_name":"dev.observability.access"'
  {
    grep -v -F "$access" "$1" || true
    grep -F "$access" "$1" | head -20 || true
    echo "($(grep -c -F "$access" "$1" || true) access lines in all, trimmed)"
  } >"$1.trimmed"
  mv "$1.trimmed" "$1"
}

# One fresh JVM: start, warm up, measure every endpoint, read its memory, stop; appends its rows.
run_variant() {
  local rep="$1" variant="$2" endpoint name rss started stopping app_log
  local file="${variant//\//-without-}"
  local -a rows=()
  configure_variant "$variant"
  app_log="$LOGS/rep$rep-$file-app.log"
  start_peer "$LOGS/rep$rep-$file"
  start_app "$app_log"
  log "rep $rep $variant: started in $STARTUP_MS ms"
  # The first JFR recording of a JVM loads and starts the recorder: done here, outside any window.
  jcmd "$APP_PID" JFR.start name=warmup settings="$HTTP_DIR/allocation.jfc" >>"$LOGS/jcmd.log"
  # shellcheck disable=SC2086 # a list of paths
  warm_up "$LOGS/rep$rep-$file" $ENDPOINTS
  jcmd "$APP_PID" JFR.stop name=warmup >>"$LOGS/jcmd.log"
  log "rep $rep $variant: warmed up in $WARMUP_ROUNDS rounds"
  for endpoint in $ENDPOINTS; do
    name="rep$rep-$file${endpoint//\//-}"
    measure_endpoint "$variant" "$endpoint" "$name"
    rows+=("$rep\t$variant\t$endpoint\t$ROW")
    log "rep $rep $variant $endpoint: $(wrk_value "$LOGS/$name-max.txt" rps) req/s," \
      "half load $(wrk_value "$LOGS/$name-half.txt" rps) req/s"
  done
  rss=$(rss_mb "$APP_PID")
  record_drops "$RESULTS_DIR/drops.tsv" "$rep" "$variant" "$APP_PORT"
  stopping=$(date +%s%N)
  stop_all
  log "rep $rep $variant: stopped in $((($(date +%s%N) - stopping) / 1000000)) ms"
  started=$(spring_started_seconds "$app_log")
  for row in "${rows[@]}"; do
    printf '%b\t%s\t%s\t%s\t%s\n' "$row" "$WARMUP_ROUNDS" "$STARTUP_MS" "${started:-}" "$rss" >>"$RESULTS"
  done
  if [ "$KEEP_LOGS" != 1 ]; then
    trim_access_lines "$app_log"
  fi
}

pin_to_load_cpu
trap_cleanup
start_results
log "results in $RESULTS_DIR; $REPS repetitions of: $VARIANTS"
for rep in $(seq "$REPS"); do
  declare -A BARE_RPS=()
  for variant in $VARIANTS; do
    run_variant "$rep" "$variant"
  done
done

{
  echo "HTTP overhead: $REPS repetitions, warm-up in rounds of $WARMUP per endpoint until the JIT is quiet,"
  echo "$DURATION per run, $CONNECTIONS connections,"
  echo "JVM $(java -version 2>&1 | head -1) with $JAVA_OPTS, on CPU $APP_CPU; wrk on CPU $LOAD_CPU."
  echo
  java -cp "$APP_JAR" dev.observability.benchmarks.http.ResultsSummary "$RESULTS"
  print_drops "$RESULTS_DIR/drops.tsv"
} | tee "$RESULTS_DIR/summary.md"
