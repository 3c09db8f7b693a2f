#!/usr/bin/env bash
# Issue 13, acceptance 4: carbon against JCT on the Philly trace. One replay per policy without deferral and,
# per slack and forecast, one with `--defer` (which replays the same run again without deferral, its baseline).
# Prints one markdown table: energy, carbon, cost and average JCT for each policy, with and without deferral.
#   bench/carbon-pareto.sh                                   # CAL and ES 2022, fifo/las/default, 6h and 24h, perfect + persistence
#   ZONES="US-CAL-CISO" SLACKS="24h" FORECASTS="perfect" POLICIES="las" bench/carbon-pareto.sh
# Setting: 512 GPUs (64 nodes of 8 V100, the known-hardware table's 60..300 W, AWS p3.16xlarge on-demand price
# $24.48 a node-hour), whole trace, load 1.0, PUE 1.0, no energy price (a cloud price includes the power).
# Trace time 0 (2017-09-04 10:30:41, the trace's first arrival) is laid on the series' first hour, 2022-01-01 00:00 UTC.
# The jar is built once and copied into ${OUT:-/tmp/carbon-pareto}; one directory per run there.
set -euo pipefail
cd "$(dirname "$0")/.."
trace=${TRACE:-../shared/traces/philly-pollux/philly.csv}
data=${DATA:-../shared/energy-data/carbon-intensity-electricitymaps-hourly}
out=${OUT:-/tmp/carbon-pareto}
YEAR=${YEAR:-2022}
ZONES=${ZONES:-"US-CAL-CISO ES"}
POLICIES=${POLICIES:-"fifo las default"}
SLACKS=${SLACKS:-"6h 24h"}
FORECASTS=${FORECASTS:-"perfect persistence"}
GPUS=${GPUS:-512}
LOAD=${LOAD:-1.0}
PRICE=${PRICE:-24.48}
mkdir -p "$out"
./lepton --help >/dev/null   # builds the jar once if sources changed
cp lepton-dist/target/lepton.jar "$out/lepton.jar"
java=$(cat lepton-dist/target/java-path)
cluster="$out/cluster-$GPUS.yaml"
printf 'nodes:\n  - count: %d\n    gpus: 8\n    gpuModel: V100\n    pricePerHour: %s\n' $((GPUS / 8)) "$PRICE" >"$cluster"
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- '*/src/main/*' pom.xml '*/pom.xml' || echo "+local changes")
echo "<!-- commit $commit; $GPUS GPUs, whole trace, load $LOAD; $(nproc) cores; $("$java" -version 2>&1 | head -1); $(date -u +%FT%TZ) -->"
echo "| zone | policy | deferral | avg JCT (h) | JCT vs no deferral | jobs' energy (MWh) | idle energy (MWh) | jobs' carbon (t) | total carbon (t) | jobs' carbon vs no deferral | planned by the decisions | cost (k\$) | jobs held | avg hold (h) | wall (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for zone in $ZONES; do
  series="$data/${zone}_${YEAR}_hourly.csv"
  for policy in $POLICIES; do
    runs="none"
    for slack in $SLACKS; do for forecast in $FORECASTS; do runs="$runs $slack:$forecast"; done; done
    for run in $runs; do
      dir="$out/$zone-$policy-${run/:/-}"
      flags=()
      [ "$run" != none ] && flags=(--defer "${run%%:*}" --forecast "${run##*:}")
      start=$(date +%s.%N)
      "$java" -XX:+UseG1GC --enable-native-access=ALL-UNNAMED -jar "$out/lepton.jar" simulate --trace "$trace" --format philly \
        --cluster "$cluster" --policy "$policy" --load "$LOAD" --carbon-intensity "$series" "${flags[@]}" --out "$dir" >"$dir.log" 2>&1 \
        || { echo "| $zone | $policy | $run | failed: $(tail -1 "$dir.log") |"; continue; }
      wall=$(python3 -c "import time;print(round(time.time()-$start,1))")
      python3 - "$dir" "$zone" "$policy" "$run" "$wall" <<'PY'
import json, sys
d, zone, policy, run, wall = sys.argv[1:]
s = json.load(open(f"{d}/summary.json"))
h = lambda x: f"{x / 3600:.2f}"
if run == "none":
    label, djct, dcarbon, planned, held, hold = "none", "", "", "", "", ""
else:
    slack, forecast = run.split(":")
    label = f"{slack}, {forecast}"
    djct = f"{s['avg_jct_change_pct']:+.1f}%"
    dcarbon = f"{-s['carbon_avoided_pct']:+.2f}%"
    arrival = s["carbon_if_run_at_arrival_kg"]
    planned = f"{100 * (s['carbon_if_run_at_release_kg'] / arrival - 1):+.2f}%"
    held, hold = f"{s['jobs_deferred']:,}", h(s["avg_deferral_s"])
print(f"| {zone} | {policy} | {label} | {h(s['avg_jct_s'])} | {djct} | {s['energy_kwh'] / 1000:.1f} | {s['idle_energy_kwh'] / 1000:.1f} | "
      f"{s['carbon_kg'] / 1000:.2f} | {s['total_carbon_kg'] / 1000:.2f} | {dcarbon} | {planned} | {s['total_cost_usd'] / 1000:,.1f} | "
      f"{held} | {hold} | {wall} |")
PY
    done
  done
done
