#!/usr/bin/env bash
# The autoscaler under a stepped load (issue 15, acceptance 5): a fresh server, the tribuo model deployed with replicas
# 1..4 scaling on concurrency (target 2 in flight per replica, scale-down after 30 s), then 1 → 20 → 1 clients
# (bench/autoscale-steps.py), one CSV line every 2 s.
# Usage: bench/autoscale-steps.sh [seconds per step=60]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f lepton-dist/target/lepton.jar ] || mvn -q -B -DskipTests package
java=$(scripts/find-java)
home=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$java" -jar lepton-dist/target/lepton.jar server --home "$home" --port "$port" >"$home/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$home" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
export LEPTON_HOME=$home LEPTON_SERVER=http://127.0.0.1:$port
cat >"$home/iris.yaml" <<YAML
kind: Deployment
metadata: {name: iris}
spec:
  model: $PWD/lepton-serving/src/test/resources/models/tribuo-logreg-4f-3c.onnx
  modelFile: tribuo-logreg-4f-3c.onnx
  access: public
  resources: {cpu: 500m, memory: 512MiB}
  replicas: {min: 1, max: 4}
  scaling: {metric: concurrency, target: 2, scaleUpDelay: 4s, scaleDownDelay: 30s}
YAML
./lepton deploy apply -f "$home/iris.yaml" >/dev/null
for _ in $(seq 1 120); do
  [ "$(./lepton deploy get iris -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["ready"])')" -ge 1 ] && break
  sleep 0.5
done
echo "# lepton $(git rev-parse --short HEAD), $(nproc) cores"
python3 bench/autoscale-steps.py iris "${1:-60}"
