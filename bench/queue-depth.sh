#!/usr/bin/env bash
# The server's scheduling loop with a deep queue: N one-CPU jobs (`true`) submitted at once into a
# queue capped at one CPU, so that they run one after another while the rest wait; prints how fast
# the queue drains as it empties (each turn of the loop re-plans every waiting job).
#   bench/queue-depth.sh [jobs]                 # default 10000 jobs
#   SERVER_FLAGS="--isolation none" bench/queue-depth.sh    # workers unsandboxed, as before issue 12
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-10000}
source bench/lib/server.sh
# shellcheck disable=SC2086 # SERVER_FLAGS is a list of flags
start_server ${SERVER_FLAGS:-}
printf 'kind: Queue\nmetadata: {name: capped}\nspec:\n  nominal: {cpu: "1"}\n' | ./lepton apply -f - >/dev/null
python3 - "$home/credentials" "$port" "$jobs" <<'PY'
import concurrent.futures as cf, json, sys, time, urllib.request
token = [l.split("=", 1)[1].strip() for l in open(sys.argv[1]) if l.startswith("token=")][0]
port, n = sys.argv[2], int(sys.argv[3])
base = f"http://127.0.0.1:{port}/api/v1"
def call(path, body=None):
    req = urllib.request.Request(base + path, data=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
def submit(i):
    call("/jobs", json.dumps({"kind": "Job", "metadata": {"name": f"d{i}"},
                              "spec": {"command": ["true"], "queue": "capped", "resources": {"cpu": "1"}}}).encode())
start = time.time()
with cf.ThreadPoolExecutor(16) as pool:
    list(pool.map(submit, range(n)))
print(f"submitted {n:,} jobs in {time.time() - start:.1f} s")
print("| elapsed (s) | queued | drained in the last 10 s (jobs/s) |")
print("|---|---|---|")
last = None
while True:
    time.sleep(10)
    queued = [q for q in call("/queues")["items"] if q["metadata"]["name"] == "capped"][0]["status"]["queued"]
    rate = "" if last is None else f"{(last - queued) / 10:.0f}"
    print(f"| {time.time() - start:.0f} | {queued:,} | {rate} |", flush=True)
    last = queued
    if queued == 0:
        break
PY
