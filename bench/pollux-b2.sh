#!/usr/bin/env bash
# Acceptance B2 (issue 3), the Pollux setting: every workload of the Pollux OSDI'21 artifact on
# 16 x 4 T4 with 60 s rounds under Lepton's tiresias (its las, the server's code), the artifact's own
# Tiresias and Optimus, and Lepton's default, as markdown tables next to the published means
# (Pollux 2,751 s; Tiresias 4,038 s; Optimus 5,682 s at 1.0x).
# Usage: bench/pollux-b2.sh [all]   (all: also the 0.5x, 1.5x and 2.0x workload folders)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
traces=${POLLUX_TRACES:-$root/../shared/traces/philly-pollux}
[ -d "$traces/workloads" ] || { echo "pollux-b2: no workloads under $traces (set POLLUX_TRACES)" >&2; exit 1; }
cd "$root"
source bench/sim-classpath.sh
loads=("workloads:1.0")
[ "${1:-}" = all ] && loads=("workloads-0.5:0.5" "workloads:1.0" "workloads-1.5:1.5" "workloads-2.0:2.0")
for entry in "${loads[@]}"; do
  "$java" -cp "$cp" dev.lepton.sim.pollux.PolluxBenchmark "$traces/${entry%%:*}" "${entry##*:}" tiresias tiresias-artifact optimus default
  echo
done
