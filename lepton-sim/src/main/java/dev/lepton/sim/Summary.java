package dev.lepton.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of a run, as {@code summary.json}: job completion time (average, median, 99th
 * percentile), average queueing delay, makespan, GPU utilisation (busy GPU-seconds over
 * GPUs × makespan) and preemptions.
 */
public record Summary(
        @JsonProperty("jobs") int jobs,
        @JsonProperty("avg_jct_s") double avgJct,
        @JsonProperty("p50_jct_s") double p50Jct,
        @JsonProperty("p99_jct_s") double p99Jct,
        @JsonProperty("avg_queue_s") double avgQueue,
        @JsonProperty("makespan_s") double makespan,
        @JsonProperty("gpu_utilization") double gpuUtilization,
        @JsonProperty("preemptions") long preemptions) {

    /** Summarises results; {@code busyGpuSeconds} is what jobs actually held, {@code gpus} the cluster's total. */
    public static Summary of(List<JobResult> results, double busyGpuSeconds, int gpus) {
        if (results.isEmpty()) {
            return new Summary(0, 0, 0, 0, 0, 0, 0, 0);
        }
        double[] jcts = results.stream().mapToDouble(JobResult::jct).sorted().toArray();
        double firstSubmit = results.stream().mapToDouble(JobResult::submit).min().orElse(0);
        double lastEnd = results.stream().mapToDouble(JobResult::end).max().orElse(0);
        double makespan = lastEnd - firstSubmit;
        return new Summary(results.size(), Arrays.stream(jcts).average().orElse(0), percentile(jcts, 0.50), percentile(jcts, 0.99),
                results.stream().mapToDouble(JobResult::queueing).average().orElse(0), makespan,
                makespan <= 0 || gpus == 0 ? 0 : busyGpuSeconds / (gpus * makespan),
                results.stream().mapToLong(JobResult::preemptions).sum());
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
