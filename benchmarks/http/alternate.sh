#!/usr/bin/env bash
# Throughput and CPU per request of two or more variants that run at the same time, the load
# alternating between them in short windows. See BENCHMARKS.md ("Alternating windows").
#
# run.sh measures one variant after the other, so the machine's speed drifting over minutes falls
# between them. Here every variant is up and warm on the same CPU, and each window loads one of
# them for a few seconds: a drift then falls on all of them, and each round of windows gives one
# paired ratio. Two JVMs of the same jar still differ by a few percent for their whole life (what
# the JIT made of them), so the whole is done LAUNCHES times with fresh JVMs.
#
#   VARIANTS="S-10@baseline S-10" BASELINE_JAR=... benchmarks/http/alternate.sh
#   LINE=boot4 VARIANTS="B1 S-10" benchmarks/http/alternate.sh
#
# Knobs (environment): LINE, VARIANTS, ENDPOINT, LAUNCHES, ROUNDS, WINDOW, RESULTS_DIR, and those of
# lib.sh. Variants whose telemetry goes to the sink, or nowhere (B0), only.
set -euo pipefail

source "$(dirname "$0")/lib.sh"

VARIANTS="${VARIANTS:-B1 S-10}"
ENDPOINT="${ENDPOINT:-/hello}"
LAUNCHES="${LAUNCHES:-3}"
ROUNDS="${ROUNDS:-10}"
WINDOW="${WINDOW:-3s}"
RESULTS_DIR="${RESULTS_DIR:-$HTTP_DIR/target/results/alternate-$(date +%Y%m%d-%H%M%S)}"
RESULTS="$RESULTS_DIR/runs.tsv"
CLOCK_TICKS_PER_SECOND="$(getconf CLK_TCK)"
FIRST_PORT="$APP_PORT"

declare -a NAMES=() PIDS=() PORTS=() PEERS=()

stop_apps() {
  local pid
  stop_pid "$WRK_PID"
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  PIDS=()
}

stop_everything() {
  local pid
  stop_apps
  for pid in "${PEERS[@]}"; do
    stop_pid "$pid"
  done
}

# start_all LAUNCH: every variant up on its own port, then each warmed up.
start_all() {
  local launch="$1" index=0 variant file
  NAMES=() PORTS=()
  for variant in $VARIANTS; do
    configure_variant "$variant"
    case "$VARIANT_PEER" in
      none) ;;
      sink)
        if [ "${#PEERS[@]}" = 0 ]; then
          start_peer "$LOGS/peer"
          PEERS+=("$PEER_PID")
        fi
        ;;
      *) die "$variant needs its own peer ($VARIANT_PEER): measure it with run.sh" ;;
    esac
    APP_PORT=$((FIRST_PORT + 10 + index))
    configure_variant "$variant"
    file="launch$launch-${variant//\//-without-}"
    start_app "$LOGS/$file-app.log"
    log "launch $launch $variant: started in $STARTUP_MS ms on port $APP_PORT"
    NAMES+=("$variant")
    PIDS+=("$APP_PID")
    PORTS+=("$APP_PORT")
    index=$((index + 1))
  done
  for index in "${!NAMES[@]}"; do
    APP_PID="${PIDS[$index]}" APP_PORT="${PORTS[$index]}"
    warm_up "$LOGS/launch$launch-${NAMES[$index]//\//-without-}" "$ENDPOINT"
    log "launch $launch ${NAMES[$index]}: warmed up in $WARMUP_ROUNDS rounds"
  done
}

# measure_window LAUNCH ROUND INDEX: one window of load on one variant; appends its row.
measure_window() {
  local launch="$1" round="$2" index="$3" output cpu_before cpu_after jit_before jit_after requests
  APP_PID="${PIDS[$index]}" APP_PORT="${PORTS[$index]}"
  output="$LOGS/launch$launch-round$round-${NAMES[$index]//\//-without-}.txt"
  cpu_before=$(cpu_ticks "$APP_PID")
  jit_before=$(compile_seconds "$APP_PID")
  run_wrk "$output" "$WINDOW" "$ENDPOINT"
  cpu_after=$(cpu_ticks "$APP_PID")
  jit_after=$(compile_seconds "$APP_PID")
  requests=$(wrk_value "$output" requests)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t\t\t\t\t%s\t\t%s\t\t%s\t\t\t\t\n' "$launch.$round" "${NAMES[$index]}" "$ENDPOINT" \
    "$(wrk_value "$output" rps)" "$(wrk_ms "$output" p50_us)" "$(wrk_ms "$output" p99_us)" \
    "$(awk -v ticks=$((cpu_after - cpu_before)) -v hz="$CLOCK_TICKS_PER_SECOND" -v n="$requests" \
      'BEGIN { printf "%.1f", ticks / hz * 1e6 / n }')" \
    $(($(wrk_value "$output" non2xx) + $(wrk_value "$output" socket_errors))) \
    "$(awk -v before="$jit_before" -v after="$jit_after" 'BEGIN { printf "%.0f", (after - before) * 1000 }')" \
    >>"$RESULTS"
}

pin_to_load_cpu
trap 'stop_everything' EXIT
trap 'log "interrupted"; exit 130' INT TERM
# The columns of run.sh's rows, so that ResultsSummary reads these too: a round of a launch
# ("2.7") is a repetition.
start_results
read -r -a count_of <<<"$VARIANTS"
count=${#count_of[@]}
for launch in $(seq "$LAUNCHES"); do
  start_all "$launch"
  for round in $(seq "$ROUNDS"); do
    # Each round starts with the next variant, so that none always follows the same one.
    for step in $(seq 0 $((count - 1))); do
      measure_window "$launch" "$round" $(((round + step) % count))
    done
  done
  log "launch $launch of $LAUNCHES: $ROUNDS rounds done"
  for index in "${!NAMES[@]}"; do
    record_drops "$RESULTS_DIR/drops.tsv" "$launch" "${NAMES[$index]}" "${PORTS[$index]}"
  done
  stop_apps
done

{
  echo "Alternating windows: $LAUNCHES launches of every variant at once, each $ROUNDS rounds of $WINDOW per variant"
  echo "on $ENDPOINT, $CONNECTIONS connections; JVM $(java -version 2>&1 | head -1) with $JAVA_OPTS, on CPU $APP_CPU;"
  echo "wrk on CPU $LOAD_CPU."
  echo
  java -cp "$APP_JAR" dev.observability.benchmarks.http.ResultsSummary "$RESULTS"
  print_drops "$RESULTS_DIR/drops.tsv"
} | tee "$RESULTS_DIR/summary.md"
