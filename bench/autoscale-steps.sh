#!/usr/bin/env bash
# The autoscaler under a stepped load (issue 15, acceptance 5): a fresh server, the tribuo model deployed with replicas
# 1..4 scaling on concurrency (target 2 in flight per replica, scale-down after 30 s), then 1 → 20 → 1 clients
# (bench/autoscale-steps.py), one CSV line every 2 s.
# Usage: bench/autoscale-steps.sh [seconds per step=60]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/server.sh
start_server
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
