#!/usr/bin/env bash
# B1 (issue 3): the Philly trace replayed as rigid jobs, one table of avg/p50/p99 JCT, queueing and
# utilisation per policy, cluster size and load. Reads ../shared/traces/philly-pollux/philly.csv.
#   bench/philly-b1.sh                       # 256 and 512 GPUs, load 1.0, whole trace
#   GPUS="512" LOADS="0.5 1.0 2.0" FILTER="whole pollux" POLICIES="fifo las default" bench/philly-b1.sh
# Writes one directory per run under ${OUT:-/tmp/philly-b1} and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
trace=${TRACE:-../shared/traces/philly-pollux/philly.csv}
out=${OUT:-/tmp/philly-b1}
GPUS=${GPUS:-"256 512"}
LOADS=${LOADS:-"1.0"}
FILTER=${FILTER:-"whole"}
POLICIES=${POLICIES:-"fifo backfill sjf srtf las default"}
mkdir -p "$out"
./lepton --help >/dev/null   # builds the jar once if sources changed
echo "| GPUs | trace | load | policy | avg JCT (h) | p50 JCT (h) | p99 JCT (h) | avg queue (h) | utilisation | preemptions | wall (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for gpus in $GPUS; do
  cluster="$out/cluster-$gpus.yaml"
  printf 'nodes:\n  - count: %d\n    gpus: 8\n    gpuModel: V100\n' $((gpus / 8)) >"$cluster"
  for filter in $FILTER; do
    flag=""; [ "$filter" = pollux ] && flag="--philly-filter"
    for load in $LOADS; do
      for policy in $POLICIES; do
        dir="$out/$gpus-$filter-$load-$policy"
        start=$(date +%s.%N)
        ./lepton simulate --trace "$trace" --format philly $flag --cluster "$cluster" --policy "$policy" --load "$load" \
          --out "$dir" >"$dir.log" 2>&1 || { echo "| $gpus | $filter | $load | $policy | failed: $(tail -1 "$dir.log") |"; continue; }
        wall=$(python3 -c "import time;print(round(time.time()-$start,1))")
        python3 - "$dir/summary.json" "$gpus" "$filter" "$load" "$policy" "$wall" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); h = lambda x: f"{x / 3600:.2f}"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {h(s['avg_jct_s'])} | {h(s['p50_jct_s'])} | "
      f"{h(s['p99_jct_s'])} | {h(s['avg_queue_s'])} | {s['gpu_utilization']:.3f} | {s['preemptions']} | {sys.argv[6]} |")
PY
      done
    done
  done
done
