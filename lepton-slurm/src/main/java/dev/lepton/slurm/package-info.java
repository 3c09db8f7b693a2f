/**
 * Talks to Slurm through its commands ({@code scontrol}, {@code sbatch}, {@code squeue}, {@code sacct},
 * {@code scancel}), each run with a time limit; parses their one-line outputs into records.
 */
package dev.lepton.slurm;
