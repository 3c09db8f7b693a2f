#!/usr/bin/env bash
# Slurm-as-a-peer benchmark: submission throughput (sequential / parallel) and
# submission-to-completion latency of a trivial job on an idle one-node cluster.
#
# Env: N (submissions per throughput run, 500), P (parallel submitters, 8),
#      REPS (latency repetitions, 20), SLURM_SCHED_PARAMS (passed to setup.sh;
#      unset = stock Slurm defaults, e.g. "batch_sched_delay=0" = tuned).
set -euo pipefail

N=${N:-500} P=${P:-8} REPS=${REPS:-20}
here=$(cd "$(dirname "$0")" && pwd)
"$here/setup.sh" >&2
cd /tmp  # sbatch/srun working dir; job output goes to /dev/null anyway

now_ns() { date +%s%N; }

# Cancel every job and wait until the queue is empty and the node idle.
drain() {
  scancel --user="$(id -un)" 2>/dev/null || true
  for _ in $(seq 600); do
    [[ -z $(squeue -h -o %i) && $(sinfo -h -o %t) == idle ]] && return 0
    sleep 0.1
  done
  echo "bench.sh: queue did not drain" >&2; exit 1
}

submit() { sbatch --parsable -o /dev/null --wrap true; }

# Prints "min median max" (seconds) of the numbers on stdin (milliseconds).
stats() { sort -n | awk '{a[NR]=$1} END{printf "%.3f %.3f %.3f\n", a[1]/1000, (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)/1000, a[NR]/1000}'; }

# 1. Sequential submissions.
drain
t0=$(now_ns)
for _ in $(seq "$N"); do submit >/dev/null; done
seq_rate=$(awk -v n="$N" -v d=$(( $(now_ns) - t0 )) 'BEGIN{printf "%.1f", n/(d/1e9)}')

# 2. Parallel submissions (P concurrent sbatch clients).
drain
t0=$(now_ns)
ok=$(seq "$N" | xargs -P "$P" -I{} sbatch --parsable -o /dev/null --wrap true | wc -l)
par_rate=$(awk -v n="$N" -v d=$(( $(now_ns) - t0 )) 'BEGIN{printf "%.1f", n/(d/1e9)}')
[[ $ok -eq $N ]] || { echo "bench.sh: only $ok/$N parallel submissions succeeded" >&2; exit 1; }

# 3. Submission -> COMPLETED for sbatch (polled every 10 ms), back to back on an idle node;
#    plus srun (interactive allocation + step, returns when the step has finished).
drain
lat=() srun_lat=()
for _ in $(seq "$REPS"); do
  t0=$(now_ns); id=$(submit)
  for _ in $(seq 6000); do
    [[ $(scontrol show job -o "$id" 2>/dev/null) == *JobState=COMPLETED* ]] && break
    sleep 0.01
  done
  lat+=($(( ($(now_ns) - t0) / 1000000 )))
done
drain
for _ in $(seq "$REPS"); do
  t0=$(now_ns); srun -Q true; srun_lat+=($(( ($(now_ns) - t0) / 1000000 )))
done
read -r lmin lmed lmax < <(printf '%s\n' "${lat[@]}" | stats)
read -r smin smed smax < <(printf '%s\n' "${srun_lat[@]}" | stats)
drain

ver=$(sinfo -V | awk '{print $2}')
params=$(scontrol show config | awk -F' = ' '/^SchedulerParameters/ && $2 != "(null)" {print $2}')
cat <<EOF
Slurm $ver, $(nproc) CPUs, SchedulerParameters=${params:-(default)}

| measurement | result |
|---|---|
| sequential sbatch submissions/s (N=$N) | $seq_rate |
| parallel sbatch submissions/s (N=$N, P=$P) | $par_rate |
| sbatch submit -> COMPLETED, s (min/median/max, n=$REPS) | $lmin / $lmed / $lmax |
| srun true end-to-end, s (min/median/max, n=$REPS) | $smin / $smed / $smax |

EOF
printf '{"slurm":"%s","sched_params":"%s","n":%d,"p":%d,"seq_submit_per_s":%s,"par_submit_per_s":%s,"sbatch_latency_s":{"n":%d,"min":%s,"median":%s,"max":%s},"srun_latency_s":{"n":%d,"min":%s,"median":%s,"max":%s}}\n' \
  "$ver" "${params:-default}" "$N" "$P" "$seq_rate" "$par_rate" "$REPS" "$lmin" "$lmed" "$lmax" "$REPS" "$smin" "$smed" "$smax"
