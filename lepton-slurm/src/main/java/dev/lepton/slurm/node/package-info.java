/**
 * Slurm's nodes and partitions as Lepton sees them: {@code scontrol show partition} and
 * {@code scontrol show node} parsed into records (CPUs, memory, GPUs from GRES with their model,
 * state, features), and the check that the configured partition exists.
 */
package dev.lepton.slurm.node;
