#!/usr/bin/env bash
# What the Lepton gateway adds in front of a model replica, beside nginx (issue 15, acceptance 3).
# A private server deploys the Tribuo model (--public, 1 replica with 2 CPUs so that its cgroup quota does
# not throttle it); wrk then POSTs one inference per request (bench/infer.lua) to (a) the replica directly,
# (b) nginx -> replica (keepalive upstream), (c) nginx doing what the gateway does besides relaying ("nginx-fwd":
# X-Forwarded-For/-Proto/-Host to the replica and a request id in each answer, as an ingress-nginx hop does by
# default), (d) the gateway -> replica, at concurrency 1 and 32, back to back at each concurrency, each after a warm-up;
# with the CPU time each proxy spent per request. Prints one markdown table; then, at concurrency 1, a second one
# from a client that times every request (bench/every-request.c), run right after each wrk row: wrk's event loop
# adds a tail of its own at concurrency 1, on every target alike, and its p99 there is mostly that tail.
# ROUNDS=N repeats each concurrency's rows N times, the proxies in a different order each round (the replica alone
# first, the baseline of its round's added figures), then prints each figure's median over the rounds: the machine's
# drift over minutes then weighs on every target alike.
# Usage: [ROUNDS=1] bench/gateway-overhead.sh [seconds=10]      Needs: apt-get install -y wrk nginx-light gcc
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${ROUNDS:-1}
for tool in wrk nginx python3 gcc; do command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y wrk nginx-light gcc)" >&2; exit 1; }; done
[ -f lepton-dist/target/lepton.jar ] || mvn -q -B -DskipTests package -pl lepton-dist -am
source bench/wrk-row.sh
source bench/lib/server.sh

work=$(mktemp -d)
nginx_pid=""
on_exit() {  # the replica is the server's job: delete the deployment (its replica stops) before the server
  ./lepton deploy delete tribuo >/dev/null 2>&1 || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
gcc -O2 -o "$work/every-request" bench/every-request.c
start_server
./lepton deploy create tribuo --model lepton-serving/src/test/resources/models/tribuo-logreg-4f-3c.onnx \
  --public --replicas 1 --cpu 2 >/dev/null
replica=""
for _ in $(seq 1 120); do
  replica=$(./lepton deploy status tribuo -o json | python3 -c 'import json,sys
print(next((r["address"] for r in json.load(sys.stdin)["status"].get("replicas", []) if r["ready"]), ""))')
  [ -n "$replica" ] && break; sleep 0.5
done
[ -n "$replica" ] || { echo "no replica ready within 60 s" >&2; ./lepton deploy status tribuo >&2; exit 1; }

nginx_port=$(free_port)
fwd_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_buffer_size 1m;
  upstream replica { server $replica; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://replica; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server {
    listen 127.0.0.1:$fwd_port;
    location / {
      proxy_pass http://replica; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host; add_header X-Request-Id \$request_id always;
    }
  }
}
CONF
nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf" &
nginx_pid=$!

export BODY=$work/request.json
echo '{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[3,3,0,1]}]}' >"$BODY"
path=/v2/models/tribuo/infer
declare -A url=([direct]="http://$replica$path" [nginx]="http://127.0.0.1:$nginx_port$path"
               [nginx-fwd]="http://127.0.0.1:$fwd_port$path" [gateway]="$LEPTON_SERVER$path")
targets=(direct nginx nginx-fwd gateway)
for t in "${targets[@]}"; do wrk_row 2 32 15 "${url[$t]}" >/dev/null; done   # warm-up, 15 s each: the JIT (a gateway still compiling at 5 s spent twice the CPU per request), connection pools
# and 5 s each at one client: the JIT compiles the selector loop again for it (Jetty's ManagedSelector, seen with jstat
# -printcompilation), and a gateway's first 4 s at one client after 32 spent twice its CPU per request and more at p99
for t in "${targets[@]}"; do wrk_row 1 1 5 "${url[$t]}" >/dev/null; done
echo "lepton $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${seconds} s per row; replica $replica" >&2
# CPU time of the proxy's processes (nginx's master and workers; the Lepton server, whose gateway is the only thing
# busy during a row) per request answered: steadier than a rate on two cores that wrk and the replica share.
nginx_pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
declare -A proxy_pids=([direct]="" [nginx]="$nginx_pids" [nginx-fwd]="$nginx_pids" [gateway]="$server")
cpu_ticks() { local total=0 pid f; for pid in "$@"; do read -r -a f <"/proc/$pid/stat"; total=$((total + f[13] + f[14])); done; echo "$total"; }
ticks_per_second=$(getconf CLK_TCK)
echo "| target | concurrency | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | proxy CPU µs/request |"
echo "|---|---|---|---|---|---|---|---|"
for c in 1 32; do
  threads=$(( c == 1 ? 1 : 2 ))
  for round in $(seq 1 "$rounds"); do
    base50=0 base99=0 every50=0 every99=0
    proxies=("${targets[@]:1}")
    shift_by=$(( (round - 1) % ${#proxies[@]} ))   # each round takes the proxies in another order, the replica alone first
    order=(direct "${proxies[@]:shift_by}" "${proxies[@]:0:shift_by}")
    n=$([ "$rounds" -gt 1 ] && echo " #$round" || true)
    for t in "${order[@]}"; do
      # shellcheck disable=SC2086 # a list of pids
      before=$(cpu_ticks ${proxy_pids[$t]})
      read -r rate p50 p99 < <(wrk_row "$threads" "$c" "$seconds" "${url[$t]}")
      # shellcheck disable=SC2086
      used=$(( $(cpu_ticks ${proxy_pids[$t]}) - before ))
      [ "$t" = direct ] && { base50=$p50; base99=$p99; }
      awk -v t="$t" -v n="$n" -v c="$c" -v r="$rate" -v a="$p50" -v b="$p99" -v a0="$base50" -v b0="$base99" \
        -v u="$used" -v hz="$ticks_per_second" -v s="$seconds" \
        'BEGIN { printf "| %s%s | %d | %d | %.3f | %.3f | %s | %s | %s |\n", t, n, c, r, a, b,
                 t == "direct" ? "—" : sprintf("%+.3f", a - a0), t == "direct" ? "—" : sprintf("%+.3f", b - b0),
                 t == "direct" ? "—" : sprintf("%.0f", u / hz * 1e6 / (r * s)) }' | tee -a "$work/rows"
      if [ "$c" = 1 ]; then  # the same target at once, every request timed
        address=${url[$t]#http://}
        read -r requests e50 e99 e999 < <("$work/every-request" "${address%%/*}" "$path" "$seconds" "$BODY")
        [ "$t" = direct ] && { every50=$e50; every99=$e99; }
        awk -v t="$t" -v n="$n" -v r="$requests" -v s="$seconds" -v a="$e50" -v b="$e99" -v d="$e999" -v a0="$every50" -v b0="$every99" \
          'BEGIN { printf "| %s%s | 1 | %d | %.3f | %.3f | %.3f | %s | %s |\n", t, n, r / s, a, b, d,
                   t == "direct" ? "—" : sprintf("%+.3f", a - a0), t == "direct" ? "—" : sprintf("%+.3f", b - b0) }' >>"$work/every"
      fi
    done
  done
done
echo
echo "Concurrency 1, every request timed (bench/every-request.c, right after each wrk row):"
echo
echo "| target | concurrency | req/s | p50 ms | p99 ms | p99.9 ms | added p50 ms | added p99 ms |"
echo "|---|---|---|---|---|---|---|---|"
cat "$work/every"
medians() {  # each figure's median over the rounds, per target and concurrency, of a table above (its rows in $1)
  awk -F' *[|] *' -v targets="${targets[*]}" '
    function median(list,   n, v, i, j, x) {  # mawk has no sort: an insertion sort of a few values
      n = split(list, v, " ")
      for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > x + 0; j--) v[j + 1] = v[j]; v[j + 1] = x }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function shown(list, m) {  # as the rows show it: "—", a signed or plain figure with their decimals
      if (list ~ /—/) return "—"
      m = median(list)
      return sprintf(list ~ /[+]/ ? "%+.3f" : list ~ /[.]/ ? "%.3f" : "%.0f", m)
    }
    { split($2, name, " #"); seen[$3] = 1; last = NF - 1; for (k = 4; k <= last; k++) col[name[1], $3, k] = col[name[1], $3, k] " " $k }
    END {
      n = split(targets, t, " ")
      for (c = 1; c <= 32; c += 31) if (c in seen) for (i = 1; i <= n; i++) {
        line = "| " t[i] " | " c
        for (k = 4; k <= last; k++) line = line " | " shown(col[t[i], c, k])
        print line " |"
      }
    }' "$1"
}
if [ "$rounds" -gt 1 ]; then
  echo
  echo "| target | concurrency | median req/s | median p50 ms | median p99 ms | median added p50 ms | median added p99 ms | median proxy CPU µs/request |"
  echo "|---|---|---|---|---|---|---|---|"
  medians "$work/rows"
  echo
  echo "| target | concurrency | median req/s | median p50 ms | median p99 ms | median p99.9 ms | median added p50 ms | median added p99 ms |"
  echo "|---|---|---|---|---|---|---|---|"
  medians "$work/every"
fi
