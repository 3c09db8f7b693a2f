package dev.lepton.sim.engine;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.sim.JobResult;
import dev.lepton.sim.trace.TraceJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trace job's state during a replay. Mutable, owned by the simulator's single thread. Every state
 * change bumps {@link #epoch}, which voids the job's scheduled completion and re-order events.
 */
final class SimJob {
    final TraceJob trace;
    final Resources perWorker;
    private long remainingMillis;
    private double attainedGpuSeconds;
    private long runStart = -1;
    private long penaltyMillis;
    private List<Assignment> assignments = List.of();
    private long firstStart = -1;
    private long released = -1;
    private int[] gpusByGroup = new int[0];
    private final List<RunSpan> spans = new ArrayList<>(1);
    private int preemptions;
    private int maxNodes;
    private int epoch;
    private boolean done;
    private Candidate candidate;

    SimJob(TraceJob trace) {
        this.trace = trace;
        this.perWorker = new Resources(trace.cpuMillisPerWorker(), trace.memoryBytesPerWorker(),
                Accelerators.of(trace.accelerator(), trace.gpusPerWorker()));
        this.remainingMillis = trace.durationMillis();
    }

    int epoch() {
        return epoch;
    }

    boolean done() {
        return done;
    }

    boolean running() {
        return runStart >= 0;
    }

    Candidate candidate() {
        return candidate;
    }

    List<Assignment> assignments() {
        return assignments;
    }

    int preemptions() {
        return preemptions;
    }

    /** Joins the queue at {@code now}: on arrival, or when a hold lets it go. */
    void arrive(long now) {
        released = now;
        candidate = waitingSince(now);
        epoch++;
    }

    /** The job as a policy sees it waiting, from {@code now} on, before it has ever run. */
    Candidate waitingSince(long now) {
        return new Candidate(trace.id(), trace.queue(), trace.priority(), Instant.ofEpochMilli(trace.submitMillis()), perWorker,
                trace.workers(), trace.reshapeable(), List.of(), Instant.ofEpochMilli(now), 0, Optional.of(Duration.ofMillis(remainingMillis)),
                true, true, Constraints.NONE);
    }

    /** Starts on these assignments, which hold {@code gpusByGroup} GPUs of each node group; returns when it will end. */
    long start(List<Assignment> on, int[] gpusByGroup, long now, long restartPenaltyMillis) {
        assignments = List.copyOf(on);
        this.gpusByGroup = gpusByGroup.clone();
        runStart = now;
        penaltyMillis = preemptions > 0 ? restartPenaltyMillis : 0;
        if (firstStart < 0) {
            firstStart = now;
        }
        maxNodes = Math.max(maxNodes, (int) on.stream().map(Assignment::node).distinct().count());
        candidate = candidate.withAttained(attainedGpuSeconds).withRemaining(Duration.ofMillis(penaltyMillis + remainingMillis))
                .runningOn(assignments, Instant.ofEpochMilli(now));
        epoch++;
        return now + penaltyMillis + remainingMillis;
    }

    /** Stops the run; progress made so far is kept (checkpoint-restart). Returns GPU-milliseconds held. */
    long preempt(long now) {
        long held = stopRun(now);
        preemptions++;
        candidate = candidate.withAttained(attainedGpuSeconds).withRemaining(Duration.ofMillis(remainingMillis))
                .waitingSince(Instant.ofEpochMilli(now));
        return held;
    }

    /** Completes the run; returns GPU-milliseconds held. */
    long complete(long now) {
        long held = stopRun(now);
        remainingMillis = 0;
        done = true;
        return held;
    }

    private long stopRun(long now) {
        long elapsed = now - runStart;
        long progress = Math.max(0, elapsed - penaltyMillis);
        remainingMillis = Math.max(1, remainingMillis - progress);
        attainedGpuSeconds += elapsed / 1000.0 * trace.gpus();
        for (int group = 0; group < gpusByGroup.length; group++) {
            if (gpusByGroup[group] > 0) {
                spans.add(new RunSpan(runStart, now, group, gpusByGroup[group]));
            }
        }
        runStart = -1;
        assignments = List.of();
        epoch++;
        return elapsed * trace.gpus();
    }

    JobRuns runs() {
        return new JobRuns(trace.id(), trace.submitMillis(), released, trace.durationMillis(), spans);
    }

    JobResult result(long end) {
        return new JobResult(trace.id(), trace.submitMillis() / 1000.0, firstStart / 1000.0, end / 1000.0, trace.gpus(), maxNodes,
                preemptions, trace.accelerator());
    }
}
