package dev.lepton.core.execution;

import java.util.List;

/**
 * Optional executor capability: the workers of one attempt start together, all or none, as one
 * request to the engine that runs them (one {@code sbatch} for a Slurm gang). The scheduler launches
 * through it when the executor offers it, else worker by worker.
 */
public interface GangLaunch {
    /**
     * Starts every worker of one attempt, given in rank order; answers them in the same order. If it
     * cannot, none is left running and it throws {@link LaunchFailedException}.
     */
    List<ProcessRef> launchGang(List<LaunchSpec> workers);
}
