#!/usr/bin/env bash
# The energy meter's cost (EnergyMeterBenchmark): N running workers sampled every second of simulated
# time, this host's real power source, a real SQLite ledger written every minute.
#   bench/energy-meter.sh [workers] [minutes]     # default 500 workers, 60 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl lepton-bench -am package -DskipTests
java=$(scripts/find-java)
"$java" -Xmx1g -cp lepton-bench/target/lepton-bench.jar dev.lepton.bench.EnergyMeterBenchmark "$@" 2>/dev/null | grep -E "^\|"
