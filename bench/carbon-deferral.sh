#!/usr/bin/env bash
# Carbon-aware deferral on a year of real grid data (CarbonDeferralBenchmark, issue 13): one 1-hour job
# an hour, 24 h of slack, perfect (oracle) and persistence forecasts, ES and US-CAL-CISO 2021-2023.
#   bench/carbon-deferral.sh [dir]   # default ../shared/energy-data/carbon-intensity-electricitymaps-hourly
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl lepton-bench -am package -DskipTests >&2
java=$(scripts/find-java)
"$java" -cp lepton-bench/target/lepton-bench.jar dev.lepton.bench.CarbonDeferralBenchmark "$@" 2>/dev/null
