package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

/**
 * One simulated job, a row of {@code jobs.csv}. Times are seconds from the trace's start;
 * {@code start} is the first start. {@code nodes} is the most nodes it ever spanned at once.
 */
public record JobResult(String id, double submit, double start, double end, int gpus, int nodes, int preemptions) {
    public JobResult {
        requireNonNull(id, "id is null");
        if (end < start || start < submit) {
            throw new IllegalArgumentException("job " + id + ": times out of order: submit " + submit + ", start " + start + ", end " + end);
        }
    }

    public double jct() {
        return end - submit;
    }

    public double queueing() {
        return start - submit;
    }
}
