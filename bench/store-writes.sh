#!/usr/bin/env bash
# The store's write load while jobs merely run: N long jobs (`sleep`) started, then the server's
# own commit counters (lepton_store_commits_total, lepton_store_writes_total on /metrics) read a
# minute apart, with the jobs' resource versions (one per row rewrite) and the bytes the server
# process wrote to disk (/proc/PID/io). Nothing is submitted or cancelled in that minute, so every write is the server's.
#   bench/store-writes.sh [jobs] [seconds]     # default 200 jobs, 60 s
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-200}
window=${2:-60}
source bench/lib/server.sh
on_exit() { pkill -KILL -f "sleep 3600" 2>/dev/null; }  # workers outlive the server by design; their wrappers ignore SIGTERM
start_server
python3 - "$home/credentials" "$port" "$jobs" "$window" "$server" <<'PY'
import concurrent.futures as cf, json, sys, time, urllib.request
token = [l.split("=", 1)[1].strip() for l in open(sys.argv[1]) if l.startswith("token=")][0]
port, n, window, pid = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
base = f"http://127.0.0.1:{port}"
def call(path, body=None):
    req = urllib.request.Request(base + "/api/v1" + path, data=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
def counters():
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    values = {l.split()[0]: float(l.split()[1]) for l in text.splitlines() if l.startswith("lepton_store_")}
    return values["lepton_store_commits_total"], values["lepton_store_writes_total"]
def versions():
    return sum(int(j["metadata"]["resourceVersion"]) for j in call("/jobs?limit=1000")["items"])
def written():
    return int([l.split()[1] for l in open(f"/proc/{pid}/io") if l.startswith("write_bytes")][0])
def submit(i):
    call("/jobs", json.dumps({"kind": "Job", "metadata": {"name": f"w{i}"},
                              "spec": {"command": ["sleep", "3600"], "resources": {"cpu": "5m", "memory": "16Mi"}}}).encode())
with cf.ThreadPoolExecutor(8) as pool:
    list(pool.map(submit, range(n)))
while len(call("/jobs?phase=Running&limit=1000")["items"]) < n:
    time.sleep(1)
time.sleep(5)
c0, w0, v0, b0 = *counters(), versions(), written()
time.sleep(window)
c1, w1, v1, b1 = *counters(), versions(), written()
print("| running jobs | window | commits/s | writes/s | job rows rewritten/s | bytes written to disk/s |")
print("|---|---|---|---|---|---|")
print(f"| {n} | {window} s | {(c1 - c0) / window:.2f} | {(w1 - w0) / window:.2f} | {(v1 - v0) / window:.1f} | {(b1 - b0) / window / 1024:,.0f} KiB |")
PY
