package dev.lepton.sim.engine;

import dev.lepton.sim.AcceleratorUse;
import dev.lepton.sim.JobResult;
import dev.lepton.sim.Summary;
import java.util.List;

/**
 * What a replay produced: one result per completed job, the GPU-seconds jobs held, the cluster's
 * GPUs, the ids of jobs that could never run on this cluster (left out of the results), and for each
 * completed job, in the order of {@code jobs}, where and when it held GPUs; {@code accelerators}, the cluster's
 * devices and the jobs' busy time per accelerator resource, in name order.
 */
public record SimulationResult(List<JobResult> jobs, double busyGpuSeconds, int clusterGpus, List<String> neverFit, List<JobRuns> runs,
                               List<AcceleratorUse> accelerators) {
    public SimulationResult {
        jobs = List.copyOf(jobs);
        accelerators = List.copyOf(accelerators);
        neverFit = List.copyOf(neverFit);
        runs = List.copyOf(runs);
        if (runs.size() != jobs.size()) {
            throw new IllegalArgumentException("one JobRuns per job: " + runs.size() + " for " + jobs.size() + " jobs");
        }
    }

    public Summary summary() {
        return Summary.of(jobs, busyGpuSeconds, clusterGpus);
    }
}
