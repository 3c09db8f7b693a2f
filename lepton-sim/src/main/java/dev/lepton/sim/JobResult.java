package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;

/**
 * One simulated job, a row of {@code jobs.csv}. Times are seconds from the trace's start;
 * {@code start} is the first start. {@code nodes} is the most nodes it ever spanned at once. {@code gpus}
 * are devices of the accelerator resource {@code accelerator}.
 */
public record JobResult(String id, double submit, double start, double end, int gpus, int nodes, int preemptions, String accelerator) {
    public JobResult {
        requireNonNull(id, "id is null");
        requireNonNull(accelerator, "accelerator is null");
        if (end < start || start < submit) {
            throw new IllegalArgumentException("job " + id + ": times out of order: submit " + submit + ", start " + start + ", end " + end);
        }
    }

    /** A job of NVIDIA GPUs ({@value Accelerators#NVIDIA_GPU}). */
    public JobResult(String id, double submit, double start, double end, int gpus, int nodes, int preemptions) {
        this(id, submit, start, end, gpus, nodes, preemptions, Accelerators.NVIDIA_GPU);
    }

    public double jct() {
        return end - submit;
    }

    public double queueing() {
        return start - submit;
    }
}
