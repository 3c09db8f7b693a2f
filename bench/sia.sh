#!/usr/bin/env bash
# The Sia setting (--format sia): every workload of the Sia SOSP'23 artifact's three traces (philly,
# saturn, newtrace) under Lepton's policies, with Sia's calibration, on Sia's two 64-GPU clusters
# (16 x 4 T4; 6 x 4 T4 + 3 x 8 RTX 2080 Ti + 2 x 8 A100), as markdown tables next to what the Sia
# paper reports for its own schedulers. Reads ../shared/traces/sia-workloads/; about 90 s.
# Usage: bench/sia.sh [policy...]   (default: fifo tiresias tiresias-artifact default)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
traces=${SIA_TRACES:-$root/../shared/traces/sia-workloads}
[ -d "$traces/workloads" ] || { echo "sia: no workloads under $traces (set SIA_TRACES)" >&2; exit 1; }
cd "$root"
source bench/sim-classpath.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'nodes:\n  - {count: 16, gpus: 4, gpuModel: T4}\n' >"$tmp/homogeneous.yaml"
printf 'nodes:\n  - {count: 6, gpus: 4, gpuModel: T4}\n  - {count: 3, gpus: 8, gpuModel: RTX2080Ti}\n  - {count: 2, gpus: 8, gpuModel: A100}\n' >"$tmp/heterogeneous.yaml"
policies=("$@"); [ ${#policies[@]} -gt 0 ] || policies=(fifo tiresias tiresias-artifact default)
"$java" -cp "$cp" dev.lepton.sim.pollux.SiaBenchmark "$traces" "$tmp/homogeneous.yaml" homogeneous-64xT4 "${policies[@]}"
"$java" -cp "$cp" dev.lepton.sim.pollux.SiaBenchmark "$traces" "$tmp/heterogeneous.yaml" heterogeneous-64gpu "${policies[@]}"
