package dev.lepton.sim.pollux;

import dev.lepton.sim.JobResult;
import dev.lepton.sim.Summary;
import java.util.List;

/** What a run produced: one result per job, in workload order, and the GPU-seconds jobs held (restarts included). */
public record PolluxRun(List<JobResult> jobs, double busyGpuSeconds) {
    public PolluxRun {
        jobs = List.copyOf(jobs);
        if (!(busyGpuSeconds >= 0)) {
            throw new IllegalArgumentException("busyGpuSeconds must be >= 0, got " + busyGpuSeconds);
        }
    }

    public double averageJct() {
        return jobs.stream().mapToDouble(JobResult::jct).average().orElse(0);
    }

    public Summary summary(int clusterGpus) {
        return Summary.of(jobs, busyGpuSeconds, clusterGpus);
    }
}
