#!/usr/bin/env bash
# Lepton's foundation figures on this machine, against a fresh server (SQLite, WAL, synchronous=FULL):
#   1. submission → completion of a trivial job (`true`) on an idle node;
#   2. durable submissions/s from one client, sequentially;
#   3. durable submissions/s from C concurrent connections (wrk), after a warm-up of the same length.
# The submitted jobs are real and runnable (100m CPU each), so they run while later ones are submitted,
# as in the Slurm peer measurement (bench/slurm/bench.sh).
# Usage: bench/lepton-submit.sh [connections=64] [seconds=20]
# LEPTON_SERVER_ARGS adds server flags, e.g. LEPTON_SERVER_ARGS="--isolation none" to measure without worker isolation.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-64}
seconds=${2:-20}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -f lepton-dist/target/lepton.jar ] && [ -f lepton-bench/target/lepton-bench.jar ] || mvn -q -B -DskipTests package
java=$(scripts/find-java)
source bench/lib/server.sh
# shellcheck disable=SC2086 # the extra flags are words
start_server ${LEPTON_SERVER_ARGS:-}
echo "lepton $(git rev-parse --short HEAD), $(nproc) cores, $("$java" -version 2>&1 | head -1)"
"$java" -cp lepton-bench/target/lepton-bench.jar dev.lepton.bench.SubmitBenchmark "http://127.0.0.1:$port" "$TOKEN" 1000 30
# Jobs not yet ended (queued, launching or running), from the server's metrics.
live() { curl -fsS "http://127.0.0.1:$port/metrics" | awk '/^lepton_jobs\{phase="(Pending|Queued|Scheduled|Running)"/ {n += $2} END {printf "%d", n}'; }
wrk -t2 -c"$connections" -d"${seconds}s" -s bench/submit.lua "http://127.0.0.1:$port" >/dev/null 2>&1   # warm-up
before=$(live)
out=$(wrk -t2 -c"$connections" -d"${seconds}s" -s bench/submit.lua "http://127.0.0.1:$port" 2>&1)
after=$(live)
rate=$(sed -n 's/^Requests\/sec: *//p' <<<"$out")
requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")
# The same two cores run the submitted jobs: jobs that ended in the window show what the rate left for them.
ended=$(( (before + requests - after) / seconds ))
echo "| durable submissions/s, $connections concurrent connections (wrk, ${seconds} s after a ${seconds} s warm-up) | ${rate%.*} |"
echo "| jobs ended/s meanwhile (the same cores run them) | $ended |"
echo "{\"concurrent_per_s\":${rate},\"connections\":${connections},\"ended_per_s\":${ended}}"
