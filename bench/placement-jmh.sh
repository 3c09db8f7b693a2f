#!/usr/bin/env bash
# Issue 3, acceptance 4: placement decisions per second of the scheduling core, in process (JMH), on
# 5,000 nodes × 8 GPUs. Builds lepton-bench, runs PlacementBenchmark and PreemptionBenchmark and
# prints a markdown table (errors are JMH's 99.9% confidence intervals).
#   bench/placement-jmh.sh                          # 2 forks × (3 warm-up + 5 measured) × 1 s each
#   FORKS=1 WARMUP=2 ITERATIONS=3 TIME=1s bench/placement-jmh.sh 'PlacementBenchmark.singleGpu$'
#   SKIP_BUILD=1 bench/placement-jmh.sh             # reuse lepton-bench/target/lepton-bench.jar
#   JAR=/tmp/old-bench.jar SKIP_BUILD=1 bench/placement-jmh.sh   # measure another build (a baseline)
# The raw JMH results go to ${OUT:-/tmp/placement-jmh}/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/placement-jmh}
mkdir -p "$out"
java=${JAVA:-}
if [ -z "$java" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "${JAVA_HOME:-/nonexistent}/bin/java" java; do
    if command -v "$candidate" >/dev/null 2>&1; then java=$candidate; break; fi
  done
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -q -B -o -pl lepton-core,lepton-sim,lepton-bench -am install -DskipTests
fi
filter=${1:-'dev.lepton.bench.jmh.(PlacementBenchmark|PreemptionBenchmark)'}
"$java" -Xms2g -Xmx2g -jar "${JAR:-lepton-bench/target/lepton-bench.jar}" "$filter" \
  -f "${FORKS:-2}" -wi "${WARMUP:-3}" -i "${ITERATIONS:-5}" -w "${TIME:-1s}" -r "${TIME:-1s}" \
  -jvmArgs "-Xms2g -Xmx2g" -rf json -rff "$out/results.json" >"$out/jmh.log" 2>&1 \
  || { tail -40 "$out/jmh.log"; exit 1; }
"$java" -version 2>&1 | head -1 | sed 's/^/JVM: /'
echo "JMH: forks ${FORKS:-2}, warm-up ${WARMUP:-3} × ${TIME:-1s}, measured ${ITERATIONS:-5} × ${TIME:-1s}; $(nproc) CPUs"
echo
python3 - "$out/results.json" <<'PY'
import json, sys

TARGETS = {  # (benchmark, params) -> (what is checked, check on (mode, result))
    "singleGpu": ("≥ 20,000/s, p99 < 1 ms", lambda m, r: r["score"] >= 20000 if m == "thrpt" else r["p99"] < 1e-3),
    "singleGpuKeptIndex": ("≥ 20,000/s, p99 < 1 ms", lambda m, r: r["score"] >= 20000 if m == "thrpt" else r["p99"] < 1e-3),
    "singleGpuBacklog": ("(per job, 100 in one call)", None),
    "gang512x1Gpu": ("< 50 ms", lambda m, r: r["score"] * 1e-3 < 0.050),
    "gang64x8Gpu": ("< 50 ms", lambda m, r: r["score"] * 1e-3 < 0.050),
    "preemptingDecision": ("≥ 5,000/s", lambda m, r: r["score"] >= 5000 if m == "thrpt" else None),
    "preemptingDecisionKeptIndex": ("≥ 5,000/s", lambda m, r: r["score"] >= 5000 if m == "thrpt" else None),
}

def seconds(value, unit):
    return value * {"s/op": 1, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}[unit]

def fmt_time(s):
    return f"{s * 1e3:,.2f} ms" if s >= 1e-3 else f"{s * 1e6:,.1f} µs"

print("| benchmark | params | mode | score ± error | p50 | p99 | p99.9 | target | met |")
print("|---|---|---|---|---|---|---|---|---|")
for b in json.load(open(sys.argv[1])):
    name = b["benchmark"].rsplit(".", 1)[1]
    params = ", ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items())
    m = b["primaryMetric"]
    mode, unit = b["mode"], m["scoreUnit"]
    target, check = TARGETS.get(name, ("", None))
    if mode == "thrpt":
        score = f"{m['score']:,.0f} ± {m['scoreError']:,.0f} ops/s"
        p50 = p99 = p999 = ""
        result = {"score": m["score"]}
    else:
        pct = m["scorePercentiles"]
        score = f"{fmt_time(seconds(m['score'], unit))} ± {fmt_time(seconds(m['scoreError'], unit))}"
        p50, p99, p999 = (fmt_time(seconds(pct[k], unit)) for k in ("50.0", "99.0", "99.9"))
        result = {"score": seconds(m["score"], unit) * 1e3, "p99": seconds(pct["99.0"], unit)}
    met = check(mode, result) if check else None
    print(f"| {name} | {params} | {mode} | {score} | {p50} | {p99} | {p999} | {target} | {'' if met is None else ('yes' if met else 'no')} |")
PY
