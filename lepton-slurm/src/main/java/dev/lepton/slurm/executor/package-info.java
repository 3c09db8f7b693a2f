/**
 * Slurm as Lepton's executor: {@link dev.lepton.slurm.executor.SlurmExecutor} runs each placed gang as
 * one batch job, {@link dev.lepton.slurm.executor.SlurmNodeSource} gives the partition's nodes.
 */
package dev.lepton.slurm.executor;
