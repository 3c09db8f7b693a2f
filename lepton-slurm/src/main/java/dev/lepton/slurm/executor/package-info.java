/**
 * Slurm as Lepton's executor: {@link dev.lepton.slurm.executor.SlurmExecutor} runs each placed gang as
 * one batch job, in its shipped code where it has some ({@link dev.lepton.slurm.executor.CodeSnapshots}),
 * and reports each worker's usage from {@code sstat} and its energy, measured or modelled;
 * {@link dev.lepton.slurm.executor.SlurmNodeSource} gives the partition's nodes.
 */
package dev.lepton.slurm.executor;
