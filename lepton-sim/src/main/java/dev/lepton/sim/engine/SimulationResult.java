package dev.lepton.sim.engine;

import dev.lepton.sim.JobResult;
import dev.lepton.sim.Summary;
import java.util.List;

/**
 * What a replay produced: one result per completed job, the GPU-seconds jobs held, the cluster's
 * GPUs, and the ids of jobs that could never run on this cluster (left out of the results).
 */
public record SimulationResult(List<JobResult> jobs, double busyGpuSeconds, int clusterGpus, List<String> neverFit) {
    public SimulationResult {
        jobs = List.copyOf(jobs);
        neverFit = List.copyOf(neverFit);
    }

    public Summary summary() {
        return Summary.of(jobs, busyGpuSeconds, clusterGpus);
    }
}
