#!/usr/bin/env bash
# What dynamic batching gives `lepton serve-model` (issue 15, acceptance 4): the model served directly, once
# without batching and once with --max-batch-size 32 --max-queue-delay 5ms, the same --threads for both;
# wrk POSTs one sample per request (bench/infer.lua): inferences/s at concurrency 32, latency at concurrency 1,
# each after a warm-up. Prints one markdown table.
#   ppocr:  PaddleOCR's text-orientation CNN, one 3x48x192 image as binary tensor data (JSON numbers would
#           cost more to parse than the model costs to run);
#   tribuo: the 4-feature logistic regression, one row as JSON;
#   mlp:    a wide two-layer perceptron (1024 -> 1024 -> 16, made by bench/mlp-onnx.py), one row of 1024 as binary
#           tensor data: a row alone reads every weight, a batch shares one pass over them.
# Usage: bench/batching.sh [ppocr|tribuo|mlp] [seconds=10] [threads=1]      Needs: apt-get install -y wrk
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-ppocr}
seconds=${2:-10}
threads=${3:-1}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -f lepton-dist/target/lepton.jar ] || mvn -q -B -DskipTests package -pl lepton-dist -am
source bench/wrk-row.sh
work=$(mktemp -d)
served=""
stop() { [ -n "$served" ] && { kill "$served" 2>/dev/null; wait "$served" 2>/dev/null; } || true; served=""; }
trap 'stop; rm -rf "$work"' EXIT

models=lepton-serving/src/test/resources/models
export BODY=$work/request
case $model in
  ppocr)  file=$models/ch_ppocr_mobile_v2.0_cls_infer.onnx
          # The README's reference gradient image: (x/191)*2-1 at column x, for every channel and row.
          JSON_LENGTH=$(python3 - "$BODY" <<'PY'
import json, struct, sys
values = [(x / 191) * 2 - 1 for _ in range(3 * 48) for x in range(192)]
header = json.dumps({"inputs": [{"name": "x", "shape": [1, 3, 48, 192], "datatype": "FP32",
                                 "parameters": {"binary_data_size": 4 * len(values)}}]}).encode()
open(sys.argv[1], "wb").write(header + struct.pack("<%df" % len(values), *values))
print(len(header))
PY
)
          export JSON_LENGTH ;;
  tribuo) file=$models/tribuo-logreg-4f-3c.onnx
          echo '{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[3,3,0,1]}]}' >"$BODY" ;;
  mlp)    file=$work/mlp.onnx
          python3 bench/mlp-onnx.py "$file" 1024
          JSON_LENGTH=$(python3 - "$BODY" <<'PY'
import json, struct, sys
values = [((i * 37) % 101) / 101 for i in range(1024)]
header = json.dumps({"inputs": [{"name": "x", "shape": [1, 1024], "datatype": "FP32",
                                 "parameters": {"binary_data_size": 4 * len(values)}}]}).encode()
open(sys.argv[1], "wb").write(header + struct.pack("<%df" % len(values), *values))
print(len(header))
PY
)
          export JSON_LENGTH ;;
  *)      echo "unknown model '$model': ppocr, tribuo or mlp" >&2; exit 2 ;;
esac

port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
url=http://127.0.0.1:$port/v2/models/$model/infer
batches() { curl -fsS "http://127.0.0.1:$port/metrics" | awk '/^lepton_model_batch_rows_sum/ { r = $2 } /^lepton_model_batch_rows_count/ { n = $2 } END { print r, n }'; }  # rows, runs so far
echo "lepton $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), model $model, --threads $threads, ${seconds} s per row" >&2
echo "| batching | c=32 inferences/s | c=32 p50 ms | c=1 p50 ms | c=1 p99 ms | mean rows per run at c=32 |"
echo "|---|---|---|---|---|---|"
for batching in off on; do
  flags=()
  [ "$batching" = on ] && flags=(--max-batch-size 32 --max-queue-delay 5ms)
  ./lepton serve-model --model "$file" --name "$model" --port "$port" --threads "$threads" "${flags[@]}" >"$work/serve-$batching.log" 2>&1 &
  served=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/v2/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  wrk_row 2 32 5 "$url" >/dev/null   # warm-up
  read -r rows0 runs0 < <(batches)
  read -r rate32 p50_32 _ < <(wrk_row 2 32 "$seconds" "$url")
  read -r rows1 runs1 < <(batches)
  rows=$(awk -v r="$rows1" -v r0="$rows0" -v n="$runs1" -v n0="$runs0" 'BEGIN { printf "%.1f", (r - r0) / (n - n0) }')
  read -r _ p50_1 p99_1 < <(wrk_row 1 1 "$seconds" "$url")
  echo "| $batching | $rate32 | $p50_32 | $p50_1 | $p99_1 | $rows |"
  stop
done
