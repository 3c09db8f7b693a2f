#!/usr/bin/env python3
"""The autoscaler under a stepped load (issue 15, acceptance 5): 1, then 20, then 1 concurrent clients (the last step twice
as long) against a model
deployment through the gateway; every 2 s prints the time, the clients, the replicas wanted and ready, and the p50/p99
latency of the requests answered in those 2 s. Expects LEPTON_SERVER and LEPTON_HOME of a running server and the
deployment named on the command line (bench/autoscale-steps.sh makes both).

Usage: autoscale-steps.py NAME [seconds per step=60]"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request

name = sys.argv[1]
step = int(sys.argv[2]) if len(sys.argv) > 2 else 60
server = os.environ["LEPTON_SERVER"]
body = json.dumps({"inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP32",
                              "data": [0, 0, 0, 0, 3, 3, 0, 1, -3, 2, 1, -2]}]}).encode()
lock = threading.Lock()
latencies, failures = [], [0]
clients = [0]
stop = threading.Event()


def client(index):
    while not stop.is_set():
        if index >= clients[0]:
            time.sleep(0.05)
            continue
        started = time.monotonic()
        try:
            request = urllib.request.Request(server + "/v2/models/" + name + "/infer", data=body,
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=60).read()
            with lock:
                latencies.append(time.monotonic() - started)
        except Exception:
            with lock:
                failures[0] += 1


def status():
    out = subprocess.run(["./lepton", "deploy", "get", name, "-o", "json"], capture_output=True, text=True).stdout
    s = json.loads(out)["status"]
    return s["desired"], s["ready"], s.get("message") or ""


threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(20)]
for t in threads:
    t.start()
print("t_s,clients,desired,ready,answered,failed,p50_ms,p99_ms,why")
begin = time.monotonic()
# The last step is twice as long: scaling down waits for the window (60 s) to forget the load, then the scale-down delay.
for clients_now, length in ((1, step), (20, step), (1, 2 * step)):
    clients[0] = clients_now
    end = time.monotonic() + length
    while time.monotonic() < end:
        time.sleep(2)
        with lock:
            window, latencies[:] = sorted(latencies), []
            failed, failures[0] = failures[0], 0
        desired, ready, why = status()
        p50 = window[len(window) // 2] * 1000 if window else float("nan")
        p99 = window[min(len(window) - 1, int(len(window) * 0.99))] * 1000 if window else float("nan")
        print(f"{time.monotonic() - begin:.0f},{clients_now},{desired},{ready},{len(window)},{failed},{p50:.1f},{p99:.1f},\"{why}\"", flush=True)
stop.set()
