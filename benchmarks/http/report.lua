-- Adds one machine-readable line to wrk's report; run.sh and soak.sh read it.
-- Latencies are in microseconds, the duration too; errors are non-2xx/3xx answers and socket
-- errors (connect, read, write, timeout) counted apart.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / summary.duration * 1e6,
    latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
