#!/usr/bin/env bash
# B1 (issue 3): the Philly trace replayed as rigid jobs, one table of avg/p50/p99 JCT, queueing and
# utilisation per policy, cluster size, trace filter and load. Reads ../shared/traces/philly-pollux/philly.csv.
#   bench/philly-b1.sh                       # 256 and 512 GPUs, load 1.0, whole trace
#   GPUS="256 512" LOADS="0.5 1.0 2.0" FILTER="whole pollux" bench/philly-b1.sh   # the full B1 grid
#   POLICIES="fifo las default" ...          # a subset of policies
#   PENALTY=60s ...                          # run time a preempted job repeats on each restart (default 0s)
# The jar is built once and copied into ${OUT:-/tmp/philly-b1}, so that every row of one run uses the
# same code even while the working tree changes. Writes one directory per run there (jobs.csv,
# summary.json, the log) and prints a markdown table; "wall" is the whole `lepton simulate` process.
# "large" columns: jobs of at least ${LARGE:-16} GPUs (avg and p99 JCT), to show whether they starve.
set -euo pipefail
cd "$(dirname "$0")/.."
trace=${TRACE:-../shared/traces/philly-pollux/philly.csv}
out=${OUT:-/tmp/philly-b1}
GPUS=${GPUS:-"256 512"}
LOADS=${LOADS:-"1.0"}
FILTER=${FILTER:-"whole"}
POLICIES=${POLICIES:-"fifo backfill sjf srtf srsf las default"}
LARGE=${LARGE:-16}
PENALTY=${PENALTY:-0s}
mkdir -p "$out"
./lepton --help >/dev/null   # builds the jar once if sources changed
cp lepton-dist/target/lepton.jar "$out/lepton.jar"
java=$(cat lepton-dist/target/java-path)
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- '*/src/main/*' pom.xml '*/pom.xml' || echo "+local changes")
echo "<!-- commit $commit; restart penalty $PENALTY; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); $("$java" -version 2>&1 | head -1); $(date -u +%FT%TZ) -->"
echo "| GPUs | trace | load | policy | avg JCT (h) | p50 JCT (h) | p99 JCT (h) | avg queue (h) | utilisation | preemptions | large: avg JCT (h) | large: p99 JCT (h) | wall (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for gpus in $GPUS; do
  cluster="$out/cluster-$gpus.yaml"
  printf 'nodes:\n  - count: %d\n    gpus: 8\n    gpuModel: V100\n' $((gpus / 8)) >"$cluster"
  for filter in $FILTER; do
    flag=""; [ "$filter" = pollux ] && flag="--philly-filter"
    for load in $LOADS; do
      for policy in $POLICIES; do
        dir="$out/$gpus-$filter-$load-$policy"
        start=$(date +%s.%N)
        # The launcher's JVM settings for `simulate`, on the copied jar.
        "$java" -XX:+UseG1GC --enable-native-access=ALL-UNNAMED -jar "$out/lepton.jar" simulate --trace "$trace" --format philly $flag \
          --cluster "$cluster" --policy "$policy" --load "$load" --restart-penalty "$PENALTY" --out "$dir" >"$dir.log" 2>&1 \
          || { echo "| $gpus | $filter | $load | $policy | failed: $(tail -1 "$dir.log") |"; continue; }
        wall=$(python3 -c "import time;print(round(time.time()-$start,1))")
        python3 - "$dir" "$gpus" "$filter" "$load" "$policy" "$wall" "$LARGE" <<'PY'
import csv, json, math, sys
d, gpus, flt, load, policy, wall, large = sys.argv[1:]
s = json.load(open(f"{d}/summary.json")); h = lambda x: f"{x / 3600:.2f}"
big = sorted(float(r["jct_s"]) for r in csv.DictReader(open(f"{d}/jobs.csv")) if int(r["gpus"]) >= int(large))
# p99 as summary.json computes it: nearest rank
p99 = big[max(0, math.ceil(0.99 * len(big)) - 1)] if big else float("nan")
avg = sum(big) / len(big) if big else float("nan")
print(f"| {gpus} | {flt} | {load} | {policy} | {h(s['avg_jct_s'])} | {h(s['p50_jct_s'])} | {h(s['p99_jct_s'])} | "
      f"{h(s['avg_queue_s'])} | {s['gpu_utilization']:.3f} | {s['preemptions']} | {h(avg)} | {h(p99)} | {wall} |")
PY
      done
    done
  done
done
