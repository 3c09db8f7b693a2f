package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import dev.lepton.sim.JobResult;

/**
 * One job's state during a run (owned by the simulation's single thread): its allocation, the
 * restart countdown, training progress in scale-invariant iterations and the epoch it is in.
 */
final class PolluxJob {
    /** Seconds of no progress after every (re)allocation: checkpoint-restart. */
    static final double RESTART_SECONDS = 30;

    private final WorkloadJob spec;
    private final AppProfile app;
    private Allocation allocation = Allocation.NONE;
    private BatchSplit split;
    private double secondsPerStep;
    private double countdown;
    private double progress;
    private int epoch;
    private double completion = Double.NaN;
    private double firstStart = Double.NaN;
    /** When the job entered its current state: arrival, or its last (re)allocation. */
    private double since;
    private double attainedGpuSeconds;
    private int preemptions;
    private int maxGpus;
    private int maxNodes;

    PolluxJob(WorkloadJob spec, AppProfile app) {
        this.spec = requireNonNull(spec, "spec is null");
        this.app = requireNonNull(app, "app is null");
        this.since = spec.arrival();
    }

    WorkloadJob spec() {
        return spec;
    }

    AppProfile app() {
        return app;
    }

    Allocation allocation() {
        return allocation;
    }

    int epoch() {
        return epoch;
    }

    double progress() {
        return progress;
    }

    boolean completed() {
        return !Double.isNaN(completion);
    }

    boolean arrivedBy(double now) {
        return spec.arrival() <= now;
    }

    /** When the job arrived, or last started or stopped. */
    double since() {
        return since;
    }

    /** GPU-seconds held so far, restart countdowns included. */
    double attainedGpuSeconds() {
        return attainedGpuSeconds;
    }

    /**
     * Applies a changed allocation at {@code now}: a non-empty one (re)starts the job, with a new batch
     * split and the restart countdown; an empty one stops it, keeping its progress.
     */
    void reallocate(Allocation next, double now) {
        since = now;
        if (next.isEmpty()) {
            if (!allocation.isEmpty() && !completed()) {
                preemptions++;
            }
            allocation = next;
            split = null;
            return;
        }
        allocation = next;
        split = BatchSplit.of(app, next.gpus(), spec.batchSize());
        secondsPerStep = app.stepTimes().at(next.gpusPerNode(), split.atomic()).perOptimizerStep(split.accumulation());
        countdown = RESTART_SECONDS;
        if (Double.isNaN(firstStart)) {
            firstStart = now;
        }
        maxGpus = Math.max(maxGpus, next.gpus());
        maxNodes = Math.max(maxNodes, next.nodeCount());
    }

    /** Runs the job from {@code now} for {@code seconds} on its allocation (§3.4); epoch ends round to whole seconds. */
    void advance(double now, double seconds) {
        if (allocation.isEmpty() || completed()) {
            return;
        }
        double clock = now;
        double wait = Math.min(countdown, seconds);
        countdown -= wait;
        double left = seconds - wait;
        clock += wait;
        attainedGpuSeconds += allocation.gpus() * wait;
        while (left > 0 && !completed()) {
            double rate = app.gain(epoch, split.total()) / secondsPerStep;
            double epochEnd = app.progressAtEndOf(epoch);
            if (progress + rate * left < epochEnd) {
                progress += rate * left;
                clock += left;
                attainedGpuSeconds += allocation.gpus() * left;
                left = 0;
            } else {
                double toEnd = Math.min(Math.rint((epochEnd - progress) / rate), left);
                progress = epochEnd;
                epoch++;
                clock += toEnd;
                left -= toEnd;
                attainedGpuSeconds += allocation.gpus() * toEnd;
                if (epoch >= app.epochs()) {
                    completion = clock;
                }
            }
        }
    }

    JobResult result() {
        if (!completed()) {
            throw new IllegalStateException("job " + spec.name() + " has not completed");
        }
        return new JobResult(spec.name(), spec.arrival(), firstStart, completion, maxGpus, maxNodes, preemptions);
    }
}
