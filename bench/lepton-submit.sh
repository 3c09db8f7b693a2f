#!/usr/bin/env bash
# Durable job submissions per second through the HTTP API, and submission-to-completion time of a
# trivial job, against a fresh server (SQLite, synchronous=FULL) on this machine.
# Usage: bench/lepton-submit.sh [submissions] [concurrency] [latency-runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f lepton-dist/target/lepton.jar ] && [ -f lepton-bench/target/lepton-bench.jar ] || mvn -q -B -DskipTests package
java=$(scripts/find-java)
home=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$java" -XX:+UseG1GC -jar lepton-dist/target/lepton.jar server --home "$home" --port "$port" >"$home/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$home" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
token=$(sed -n 's/^token=//p' "$home/credentials")
echo "lepton $(git rev-parse --short HEAD), $(nproc) cores, $("$java" -version 2>&1 | head -1)"
"$java" -cp lepton-bench/target/lepton-bench.jar dev.lepton.bench.SubmitBenchmark "http://127.0.0.1:$port" "$token" "${1:-5000}" "${2:-64}" "${3:-30}"
