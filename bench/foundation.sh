#!/usr/bin/env bash
# The foundation figures of docs/benchmarks.md, Lepton and its peer Slurm in one run on this machine:
# submission → completion of a trivial job, durable submissions/s from 1 client, and from 8 and 64
# concurrent connections. Needs root for Slurm's setup (bench/slurm/setup.sh) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "## Lepton, 64 connections"; bench/lepton-submit.sh 64 20
echo "## Lepton, 8 connections";  bench/lepton-submit.sh 8 20
echo "## Slurm";                  bench/slurm/bench.sh
