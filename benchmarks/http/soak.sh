#!/usr/bin/env bash
# Soak test: the starter with Sentry and OTLP pointing at a port that refuses connections (S-dead),
# at about 80% of its maximum throughput for SOAK_DURATION seconds. Every SOAK_INTERVAL seconds:
# heap used after a full GC, live threads, RSS. At the end: whether the heap after GC stayed within
# 10% of its value after the first minute, whether the thread count stayed flat, and how many
# requests failed; the largest classes on the heap at the end are in class-histogram.txt. See
# BENCHMARKS.md ("Soak").
#
#   ./mvnw -pl benchmarks/http/starter -am clean package -DskipTests
#   benchmarks/http/soak.sh
#
# Knobs (environment): SOAK_DURATION (600), SOAK_INTERVAL (30), SOAK_VARIANT (S-dead),
# SOAK_ENDPOINT (/hello), SOAK_LOAD_PERCENT (80), RESULTS_DIR, and those of lib.sh.
set -euo pipefail

source "$(dirname "$0")/lib.sh"

SOAK_DURATION="${SOAK_DURATION:-600}"
SOAK_INTERVAL="${SOAK_INTERVAL:-30}"
SOAK_VARIANT="${SOAK_VARIANT:-S-dead}"
SOAK_ENDPOINT="${SOAK_ENDPOINT:-/hello}"
SOAK_LOAD_PERCENT="${SOAK_LOAD_PERCENT:-80}"
RESULTS_DIR="${RESULTS_DIR:-$HTTP_DIR/target/soak/$(date +%Y%m%d-%H%M%S)}"
SAMPLES="$RESULTS_DIR/samples.tsv"

GC_LOG="$RESULTS_DIR/gc.log"
JAVA_OPTS="$JAVA_OPTS -Xlog:gc:file=$GC_LOG"

# Heap in use, in MB, right after a full GC: what the application really keeps. Read from the GC's
# own log line ("Pause Full (Diagnostic Command) 84M->33M(247M)"), not from jstat afterwards: under
# load the application allocates tens of MB in the moment it takes jstat to start.
heap_after_gc_mb() {
  jcmd "$1" GC.run >/dev/null
  awk '/Pause Full \(Diagnostic Command\)/ { line = $0 }
    END {
      if (!match(line, /->[0-9]+[KMG]\(/)) exit 1
      value = substr(line, RSTART + 2, RLENGTH - 4); unit = substr(line, RSTART + RLENGTH - 2, 1)
      printf "%.1f", value * (unit == "K" ? 1 / 1024 : unit == "G" ? 1024 : 1)
    }' "$GC_LOG"
}

sample() {
  local heap
  heap=$(heap_after_gc_mb "$APP_PID") || die "no full GC of jcmd GC.run in $GC_LOG"
  printf '%s\t%s\t%s\t%s\n' "$1" "$heap" "$(thread_count "$APP_PID")" "$(rss_mb "$APP_PID")" >>"$SAMPLES"
  log "$(tail -1 "$SAMPLES" | awk -F'\t' '{ printf "%s s: heap after GC %s MB, %s threads, RSS %s MB", $1, $2, $3, $4 }')"
}

pin_to_load_cpu
trap_cleanup
mkdir -p "$RESULTS_DIR"
configure_variant "$SOAK_VARIANT"
start_peer "$RESULTS_DIR/soak"
start_app "$RESULTS_DIR/app.log"
log "$SOAK_VARIANT started in $STARTUP_MS ms; warming up"
warm_up "$RESULTS_DIR/soak" "$SOAK_ENDPOINT"
run_wrk "$RESULTS_DIR/max.txt" 10s "$SOAK_ENDPOINT"
rate=$(awk -v rps="$(wrk_value "$RESULTS_DIR/max.txt" rps)" -v percent="$SOAK_LOAD_PERCENT" \
  'BEGIN { printf "%.0f", rps * percent / 100 }')
log "maximum $(wrk_value "$RESULTS_DIR/max.txt" rps) req/s; soaking at $rate req/s for $SOAK_DURATION s"

printf 'elapsed_s\theap_after_gc_mb\tthreads\trss_mb\n' >"$SAMPLES"
sample 0
wrk_command "${SOAK_DURATION}s" "$SOAK_ENDPOINT" "$rate"
"${WRK_COMMAND[@]}" >"$RESULTS_DIR/soak.txt" 2>&1 &
WRK_PID=$!
started=$SECONDS
next=$SOAK_INTERVAL
while kill -0 "$WRK_PID" 2>/dev/null; do
  if [ $((SECONDS - started)) -ge "$next" ]; then
    sample "$next"
    next=$((next + SOAK_INTERVAL))
  fi
  sleep 1
done
wait "$WRK_PID" || die "wrk failed; see $RESULTS_DIR/soak.txt"
WRK_PID=""
# One more sample at the end, unless the last one was just taken.
[ $((SECONDS - started)) -lt $((next - SOAK_INTERVAL + 5)) ] || sample $((SECONDS - started))
# What the heap holds at the end, for when it grew.
jcmd "$APP_PID" GC.class_histogram >"$RESULTS_DIR/class-histogram.txt"
if [[ "$SOAK_VARIANT" == S-* && "$SOAK_VARIANT" != S-off ]]; then
  # What the starter says it could not deliver (the scrape password is the one lib.sh sets).
  curl -s -u "prometheus:$SCRAPE_PASSWORD" "http://127.0.0.1:$APP_PORT/actuator/prometheus" \
    | grep -E '^observability_(spans|sentry)_dropped' >"$RESULTS_DIR/dropped.txt" || true
fi
stop_all

result="$RESULTS_DIR/soak.txt"
{
  echo "Soak: $SOAK_VARIANT, $SOAK_ENDPOINT at $rate req/s ($SOAK_LOAD_PERCENT% of the maximum) for $SOAK_DURATION s."
  echo "Requests: $(wrk_value "$result" requests) at $(wrk_value "$result" rps) req/s," \
    "non-2xx: $(wrk_value "$result" non2xx), socket errors: $(wrk_value "$result" socket_errors)," \
    "p50 $(wrk_value "$result" p50_us) µs, p99 $(wrk_value "$result" p99_us) µs."
  [ ! -s "$RESULTS_DIR/dropped.txt" ] || { echo "Dropped, by the starter's counters:"; sed 's/^/  /' "$RESULTS_DIR/dropped.txt"; }
  echo
  echo "| elapsed s | heap after GC MB | threads | RSS MB |"
  echo "| ---: | ---: | ---: | ---: |"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$SAMPLES"
  echo
  # The first minute is start-up and JIT; from then on the heap after GC and the thread count should
  # not move.
  awk -F'\t' 'NR > 1 {
      n++; heap[n] = $2; threads[n] = $3; elapsed[n] = $1
      if (reference == 0 && $1 >= 60) reference = n
    }
    function range(values, from,   i, low, high) {
      low = high = values[from]
      for (i = from; i <= n; i++) { if (values[i] < low) low = values[i]; if (values[i] > high) high = values[i] }
      return low " to " high
    }
    END {
      printf "Heap after GC: first %s MB, last %s MB, range %s MB.\n", heap[1], heap[n], range(heap, 1)
      printf "Threads: first %s, last %s, range %s.\n", threads[1], threads[n], range(threads, 1)
      if (reference == 0 || reference == n) {
        print "Not judged: no sample after the one at the first minute (run longer than 60 s plus one interval)."
        exit
      }
      heap_ok = threads_ok = "yes"
      for (i = reference; i <= n; i++) {
        if (heap[i] > 1.1 * heap[reference] || heap[i] < 0.9 * heap[reference]) heap_ok = "NO"
        if (threads[i] > threads[reference] + 2 || threads[i] < threads[reference] - 2) threads_ok = "NO"
      }
      printf "Heap after GC within 10%% of its value at %s s (%s MB) until the end: %s.\n", elapsed[reference], heap[reference], heap_ok
      printf "Threads within 2 of their count at %s s (%s) until the end: %s.\n", elapsed[reference], threads[reference], threads_ok
      # A leak shows as a slope even when single samples are noisy.
      for (i = reference; i <= n; i++) { count++; sx += elapsed[i]; sy += heap[i]; sxx += elapsed[i] ^ 2; sxy += elapsed[i] * heap[i] }
      printf "Heap after GC trend from %s s on (least squares): %+.2f MB per minute.\n", elapsed[reference],
        60 * (count * sxy - sx * sy) / (count * sxx - sx ^ 2)
    }' "$SAMPLES"
} | tee "$RESULTS_DIR/summary.md"
