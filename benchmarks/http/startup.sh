#!/usr/bin/env bash
# Startup of two or more variants, started in turn many times: wall time from launch to the first
# 200 from /hello, Spring Boot's own "Started ... in", and the resident memory right after; the CPU
# time used to that point goes to cpu.tsv beside runs.tsv. See BENCHMARKS.md ("Startup, many
# times").
#
#   VARIANTS="B1 S-10" STARTS=10 benchmarks/http/startup.sh
#   LINE=boot4 VARIANTS="B1 S-10" benchmarks/http/startup.sh
#
# Knobs (environment): LINE, VARIANTS, STARTS, STEPS, RESULTS_DIR, and those of lib.sh.
set -euo pipefail

source "$(dirname "$0")/lib.sh"

VARIANTS="${VARIANTS:-B1 S-10}"
STARTS="${STARTS:-10}"
# With STEPS=1, each start also writes Spring's startup steps, with their own time, next to its log.
STEPS="${STEPS:-0}"
BASE_JAVA_OPTS="$JAVA_OPTS"
RESULTS_DIR="${RESULTS_DIR:-$HTTP_DIR/target/results/startup-$(date +%Y%m%d-%H%M%S)}"
RESULTS="$RESULTS_DIR/runs.tsv"
CPU_RESULTS="$RESULTS_DIR/cpu.tsv"

# paired_cpu VARIANT: "pairs | median (q1 to q3)" of the per-start differences in CPU time between
# the variant and the first one; quantiles interpolated as ResultsSummary does.
paired_cpu() {
  awk -F'\t' -v base="${names[0]}" -v variant="$1" '
    NR > 1 && $2 == base { of[$1] = $4 }
    NR > 1 && $2 == variant { mine[$1] = $4 }
    END { for (start in mine) if (start in of) print mine[start] - of[start] }' "$CPU_RESULTS" \
    | sort -n | awk '
      function quantile(q,   position, below, above) {
        position = q * (NR - 1); below = int(position); above = (below + 1 < NR) ? below + 1 : below
        return d[below] + (position - below) * (d[above] - d[below])
      }
      { d[NR - 1] = $1 }
      END {
        if (NR == 0) { print "0 | "; exit }
        printf "%d | %+.0f (%+.0f to %+.0f)", NR, quantile(0.5), quantile(0.25), quantile(0.75) }'
}

pin_to_load_cpu
trap_cleanup
# The columns of run.sh's rows, so that ResultsSummary reads these too; a start is a repetition.
start_results
printf 'start\tvariant\tstartup_ms\tcpu_ms\n' >"$CPU_RESULTS"
read -r -a names <<<"$VARIANTS"
count=${#names[@]}
for start in $(seq "$STARTS"); do
  # Each start begins with the next variant, so that none always follows the same one.
  for step in $(seq 0 $((count - 1))); do
    variant="${names[$(((start + step) % count))]}"
    app_log="$LOGS/start$start-${variant//\//-without-}-app.log"
    configure_variant "$variant"
    start_peer "$LOGS/start$start-${variant//\//-without-}"
    if [ "$STEPS" = 1 ]; then
      JAVA_OPTS="$BASE_JAVA_OPTS -Dbench.startup-steps=${app_log%-app.log}-steps.tsv"
    fi
    start_app "$app_log"
    cpu=$(cpu_ms "$APP_PID")
    rss=$(rss_mb "$APP_PID")
    stop_all
    printf '%s\t%s\t(startup)\t\t\t\t\t\t\t\t\t\t\t\t\t\t%s\t%s\t%s\n' "$start" "$variant" "$STARTUP_MS" \
      "$(spring_started_seconds "$app_log")" "$rss" >>"$RESULTS"
    printf '%s\t%s\t%s\t%s\n' "$start" "$variant" "$STARTUP_MS" "$cpu" >>"$CPU_RESULTS"
    log "start $start $variant: $STARTUP_MS ms, CPU $cpu ms, RSS $rss MB"
  done
done

{
  echo "Startup: $STARTS starts per variant, in turn; JVM $(java -version 2>&1 | head -1) with $JAVA_OPTS,"
  echo "on CPU $APP_CPU. RSS is read right after the first 200 from /hello, before any load."
  echo
  java -cp "$APP_JAR" dev.observability.benchmarks.http.ResultsSummary "$RESULTS"
  echo
  echo "CPU time to the first 200, paired by start against ${names[0]}: the median difference, with the"
  echo "middle half (first to third quartile) in parentheses."
  echo
  echo "| Variant | Against | Pairs | CPU ms |"
  echo "| --- | --- | ---: | ---: |"
  for variant in "${names[@]:1}"; do
    echo "| $variant | ${names[0]} | $(paired_cpu "$variant") |"
  done
} | tee "$RESULTS_DIR/summary.md"
