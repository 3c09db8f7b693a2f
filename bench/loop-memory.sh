#!/usr/bin/env bash
# The scheduler loop's heap while N jobs run and their usage is sampled for an hour of simulated
# time (LoopMemoryBenchmark): the loop, a real SQLite store, the fake executor, a fake clock.
#   bench/loop-memory.sh [jobs] [workers] [hours]     # default 500 jobs of 2 workers, 1 hour
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl lepton-bench -am package -DskipTests
java=$(scripts/find-java)
# The bench jar logs at DEBUG to stdout; keep the report.
"$java" -Xmx1g -XX:+UseSerialGC -cp lepton-bench/target/lepton-bench.jar dev.lepton.bench.LoopMemoryBenchmark "$@" 2>/dev/null | grep -E "^\|| running jobs"
