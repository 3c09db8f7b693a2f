#!/usr/bin/env bash
# Scale to zero and back (issue 15, acceptance 2): a model deployment with replicas 0..1 and a short idle timeout goes to
# zero replicas; then one request is timed from sending to its answer, which waits for a replica to be placed, launched
# (sandboxed, as a job), started (lepton serve-model: JVM, ONNX Runtime, warm-up) and probed ready.
# Usage: bench/cold-start.sh [rounds=5] [replica cpu=1]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
cpu=${2:-1}
source bench/lib/server.sh
start_server
./lepton deploy create iris --model lepton-serving/src/test/resources/models/tribuo-logreg-4f-3c.onnx --min 0 --max 1 \
    --idle-timeout 5s --public --cpu "$cpu" --memory 1GiB >/dev/null
body='{"inputs":[{"name":"input","shape":[3,4],"datatype":"FP32","data":[0,0,0,0,3,3,0,1,-3,2,1,-2]}]}'
at_zero() { [ "$(./lepton deploy get iris -o json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["status"]["replicas"]))')" = 0 ]; }
echo "lepton $(git rev-parse --short HEAD), $(nproc) cores, replica cpu $cpu; first answer after scaling from zero, then one warm:"
for round in $(seq 1 "$rounds"); do
  for _ in $(seq 1 120); do at_zero && break; sleep 0.5; done
  cold=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' -d "$body" "$LEPTON_SERVER/v2/models/iris/infer")
  warm=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' -d "$body" "$LEPTON_SERVER/v2/models/iris/infer")
  echo "round $round: cold ${cold#* } s (HTTP ${cold% *}), warm ${warm#* } s (HTTP ${warm% *})"
done
