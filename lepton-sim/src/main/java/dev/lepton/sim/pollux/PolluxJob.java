package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import dev.lepton.sim.JobResult;
import java.util.function.IntFunction;

/**
 * One job's state during a run (owned by the simulation's single thread): its allocation, the
 * restart countdown, training progress in scale-invariant iterations and the epoch it is in. Its
 * application's step times depend on the GPUs it runs on; a job spread over GPUs of several models
 * steps at the pace of the slowest, as synchronous data-parallel training does.
 */
final class PolluxJob {
    private final WorkloadJob spec;
    private final AppProfile app;
    private final IntFunction<AppProfile> onNode;
    /** Seconds of no progress after every (re)allocation: checkpoint-restart. */
    private final double restartSeconds;
    private final double slowdown;
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

    /** Pollux's model, on a cluster whose every node runs {@code app} at the same pace. */
    PolluxJob(WorkloadJob spec, AppProfile app) {
        this(spec, node -> app, ProgressModel.POLLUX);
        requireNonNull(app, "app is null");
    }

    /** @param onNode the application's profile on the GPUs of each node, by node index */
    PolluxJob(WorkloadJob spec, IntFunction<AppProfile> onNode, ProgressModel model) {
        this.spec = requireNonNull(spec, "spec is null");
        this.onNode = requireNonNull(onNode, "onNode is null");
        this.app = requireNonNull(onNode.apply(0), "no profile on node 0");
        this.restartSeconds = model.restartSeconds(spec.application());
        this.slowdown = model.slowdown(spec.application());
        this.since = spec.arrival();
    }

    WorkloadJob spec() {
        return spec;
    }

    /** The application's profile on the first node's GPUs: all of them on a cluster of one GPU model. */
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
        secondsPerStep = 0;
        for (AppProfile on : next.nodes().stream().distinct().map(onNode::apply).distinct().toList()) {
            BatchSplit onThese = BatchSplit.of(on, next.gpus(), spec.batchSize());
            double seconds = on.stepTimes().at(next.gpusPerNode(), onThese.atomic()).perOptimizerStep(onThese.accumulation());
            if (seconds > secondsPerStep) {
                secondsPerStep = seconds;
                split = onThese;
            }
        }
        countdown = restartSeconds;
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
            double rate = app.gain(epoch, split.total()) / secondsPerStep / slowdown;
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
