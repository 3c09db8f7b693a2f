# Sourced by the serving benchmarks: wrk_row runs wrk with bench/infer.lua and prints "req/s p50_ms p99_ms".
# A run with a failed request (non-2xx, socket error) stops the benchmark: its figures would be misleading.
wrk_row() {  # wrk_row THREADS CONNECTIONS SECONDS URL
  local out
  out=$(wrk -t"$1" -c"$2" -d"$3s" --latency -s bench/infer.lua "$4" 2>&1)
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "wrk against $4 had failed requests:" >&2; echo "$out" >&2; return 1; fi
  awk 'function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v ~ /m$/ ? v * 60000 : v * 1000 }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rate = $2 }
       END { printf "%.0f %.3f %.3f\n", rate, p50, p99 }' <<<"$out"
}
