#!/usr/bin/env bash
# CLI wall time per command (docs/benchmarks.md): each everyday command through ./lepton, as a user
# types it, against a small local server (5 finished jobs of 2 workers), hyperfine, median of
# rounds x 2 runs. With another checkout's root as BEFORE, both are measured in the same sitting,
# interleaved: each round runs every command of one, then of the other, in alternating order.
# Usage: bench/cli-wall.sh [BEFORE_ROOT] [rounds=4]
set -euo pipefail
cd "$(dirname "$0")/.."
after=$PWD
before=${1:-}
rounds=${2:-4}
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
./lepton --version >/dev/null            # builds, and makes the class-data archive, outside the measurement
[ -z "$before" ] || "$before/lepton" --version >/dev/null

source bench/lib/server.sh
start_server
for i in 1 2 3 4 5; do ./lepton job run --name "hello-$i" --workers 2 -- sh -c 'echo rank=$LEPTON_WORKER_RANK' >/dev/null; done
./lepton job wait hello-5 >/dev/null

commands=("job list" "job get hello-1" "job logs hello-1" "job run -- true" "--help")
roots=("$after"); [ -z "$before" ] || roots=("$before" "$after")
out=$(mktemp -d)
echo "lepton $(git rev-parse --short HEAD), $(nproc) cores, $(cat lepton-dist/target/java-path), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  order=("${roots[@]}"); [ $((round % 2)) -eq 0 ] && [ ${#roots[@]} -eq 2 ] && order=("${roots[1]}" "${roots[0]}")
  for root in "${order[@]}"; do
    label=$([ "$root" = "$after" ] && echo after || echo before)
    for c in "${commands[@]}"; do
      hyperfine -N -w 1 -r 2 --export-json "$out/$label-$(echo "$c" | tr ' ' _)-$round.json" "$root/lepton $c" >/dev/null 2>&1
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "${commands[@]}" <<'EOF'
import glob, json, statistics, sys
out, commands = sys.argv[1], sys.argv[2:]
print("| command | before: median wall (user+sys CPU) | after: median wall (user+sys CPU) |")
print("|---|---|---|")
for c in commands:
    cells = []
    for label in ("before", "after"):
        runs = [json.load(open(f))["results"][0] for f in sorted(glob.glob(f"{out}/{label}-{c.replace(' ', '_')}-*.json"))]
        times = [t for r in runs for t in r["times"]]
        cpu = [r["user"] + r["system"] for r in runs]
        cells.append(f"{statistics.median(times):.3f} s ({statistics.median(cpu):.3f} s), n={len(times)}" if times else "—")
    print(f"| `lepton {c}` | {cells[0]} | {cells[1]} |")
EOF
