#!/usr/bin/env bash
# Binding at cluster scale (issue 14, acceptance 3), three figures from one build:
#   1. the server's side alone (LoopScaleBenchmark): the scheduler loop on a real SQLite store, N nodes of
#      8 GPUs, M one-GPU jobs waiting until their queue's quota allows them; the executor launches nothing;
#      then, with all M running, one ends at a time and its successor is launched: one turn of the loop;
#   2. fabric8's mock API server alone (KubernetesScaleBenchmark --mock-only): M bound pods created straight
#      through the client, 16 at a time, on N nodes: the stand-in's own ceiling;
#   3. end to end (KubernetesScaleBenchmark): the server in this JVM with --executor kubernetes against the
#      mock holding N nodes, M waiting jobs released at once; pods counted as the mock stores them.
#   bench/k8s-scale.sh [nodes] [jobs]          # default 5000 nodes, 10000 jobs; about 10 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-5000}
jobs=${2:-10000}
mvn -q -B -pl lepton-bench -am package -DskipTests
java=$(scripts/find-java)
# Progress (lines starting k8s-scale:) goes to stderr; the report to stdout, among the server's log lines.
run() { "$java" -Xmx6g -cp lepton-bench/target/lepton-bench.jar "$@" 2> >(grep --line-buffered "^k8s-scale:" >&2); }
echo "## server side (loop + store, no API server)"
run dev.lepton.bench.LoopScaleBenchmark "$nodes" "$jobs" | grep -E "jobs on|jobs running"
echo "## fabric8 mock API server alone"
run dev.lepton.bench.KubernetesScaleBenchmark "$nodes" "$jobs" --mock-only | grep -E "alone"
echo "## end to end"
run dev.lepton.bench.KubernetesScaleBenchmark "$nodes" "$jobs" | grep -E "^\||pods bound|^$"
