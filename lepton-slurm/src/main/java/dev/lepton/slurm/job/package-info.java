/**
 * A placed gang as one Slurm batch job: the {@code sbatch} that starts exactly the tasks Lepton
 * placed, each a step of its own, the task wrapper that gives each its rank and records its step and
 * exit, the job's state from {@code squeue} (and {@code sacct} where it can answer), stopping with
 * {@code scancel}, and usage and energy from {@code sstat} and {@code sacct}.
 */
package dev.lepton.slurm.job;
