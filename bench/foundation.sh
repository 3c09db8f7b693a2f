#!/usr/bin/env bash
# The foundation figures of docs/benchmarks.md, Lepton and its peer Slurm in one run on this machine:
# durable submissions/s (1 client; 8 and 64 concurrent) and submission → completion of a trivial job.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "## Lepton (64 concurrent clients)"; bench/lepton-submit.sh 5000 64 30
echo "## Lepton (8 concurrent clients)";  bench/lepton-submit.sh 2000 8 10
echo "## Slurm";                          bench/slurm/bench.sh
