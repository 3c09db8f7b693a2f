/**
 * What a gang's tasks drew: measured by Slurm's energy plugin while they run ({@code sstat}) and
 * settled by {@code sacct} once the job ends, or modelled from each task's CPU time and its node's
 * power range where nothing measures the node ({@link dev.lepton.slurm.energy.TaskModel}), each figure
 * marked with its provenance and source.
 */
package dev.lepton.slurm.energy;
