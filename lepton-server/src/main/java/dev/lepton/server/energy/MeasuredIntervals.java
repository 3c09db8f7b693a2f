package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.server.scheduler.RunningWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the running totals an executor gives for its workers ({@link WorkerEnergy}) into each
 * interval's joules, with the provenance and source of what each brings. A worker once given a figure
 * keeps being metered by its figures for as long as it runs: an interval without a new figure (the
 * executor had none this time) gives it none, and the next figure brings what that interval missed, so
 * no joule is counted twice, nor modelled as well. A figure that went down (the engine restarted its
 * count) starts a new count.
 *
 * <p>On the meter's own node, only measured figures count: the meter's model of its machine (its CPU
 * time, RAPL, the GPUs' power) is better than an executor's model of the same node. A worker that
 * stopped running is kept for {@link #ENDED_KEPT}: a figure its executor gives once it has ended
 * (Slurm settles a job's energy after the job ends) brings what came after its last one, once. A
 * worker on the meter's own node that had no figure while it ran was metered by the meter's model, so
 * a figure after its end is left out. Owned by the meter's sampling thread.
 */
final class MeasuredIntervals {
    /** How long a worker that stopped running waits for the last figure its executor may give after its end. */
    static final Duration ENDED_KEPT = Duration.ofHours(1);

    /** A running worker and its last figure (null: none yet). */
    private record Seen(RunningWorker worker, WorkerEnergy last) {}

    /** A worker that stopped running at {@code since}, with its last figure (null: none while it ran). */
    private record Ended(RunningWorker worker, WorkerEnergy last, Instant since) {}

    /** The joules each worker's figures bring this interval: running workers by attempt, and workers that had ended. */
    record Interval(Map<AttemptId, WorkerEnergy> running, Map<RunningWorker, WorkerEnergy> ended) {
        Interval {
            running = Map.copyOf(running);
            ended = Map.copyOf(ended);
        }
    }

    private final Map<AttemptId, Seen> seen = new HashMap<>();
    private final Map<AttemptId, Ended> ended = new HashMap<>();

    /** The figures before the first interval: what they cover was drawn before the meter started. */
    void baseline(Map<AttemptId, WorkerEnergy> totals, Collection<RunningWorker> running, String here) {
        for (RunningWorker worker : running) {
            seen.put(worker.attempt(), new Seen(worker, usable(totals.get(worker.attempt()), worker, here)));
        }
    }

    /**
     * Each figured worker's joules since the previous call: every worker of {@code running} with a
     * figure (a worker first given one brings all it drew since it started), and every worker that
     * ended within {@link #ENDED_KEPT} and has a figure now. {@code here} is the meter's own node.
     */
    Interval next(Map<AttemptId, WorkerEnergy> totals, Collection<RunningWorker> running, String here, Instant now) {
        requireNonNull(totals, "totals is null");
        Map<AttemptId, RunningWorker> runningNow = new HashMap<>();
        running.forEach(worker -> runningNow.put(worker.attempt(), worker));
        seen.forEach((attempt, last) -> {
            if (!runningNow.containsKey(attempt)) {
                ended.put(attempt, new Ended(last.worker(), last.last(), now));
            }
        });
        seen.keySet().retainAll(runningNow.keySet());
        ended.values().removeIf(e -> e.since().plus(ENDED_KEPT).isBefore(now));

        Map<AttemptId, WorkerEnergy> interval = new HashMap<>();
        for (RunningWorker worker : running) {
            WorkerEnergy figure = usable(totals.get(worker.attempt()), worker, here);
            Seen before = seen.get(worker.attempt());
            WorkerEnergy last = before == null ? null : before.last();
            if (figure == null) {
                if (last != null) {
                    interval.put(worker.attempt(), new WorkerEnergy(0, last.source(), last.provenance()));
                }
                seen.put(worker.attempt(), new Seen(worker, last));
                continue;
            }
            interval.put(worker.attempt(), since(figure, last));
            seen.put(worker.attempt(), new Seen(worker, figure));
        }

        Map<RunningWorker, WorkerEnergy> after = new HashMap<>();
        totals.forEach((attempt, figure) -> {
            Ended end = runningNow.containsKey(attempt) ? null : ended.get(attempt);
            if (end == null || usable(figure, end.worker(), here) == null || (end.last() == null && end.worker().node().equals(here))) {
                return;
            }
            ended.remove(attempt);
            double before = end.last() == null ? 0 : end.last().joules();
            after.put(end.worker(), new WorkerEnergy(Math.max(0, figure.joules() - before), figure.source(), figure.provenance()));
        });
        return new Interval(interval, after);
    }

    /** What {@code figure} brings after {@code last}: all of it for a first figure, or one that went down. */
    private static WorkerEnergy since(WorkerEnergy figure, WorkerEnergy last) {
        boolean anew = last == null || figure.joules() < last.joules();
        return new WorkerEnergy(anew ? figure.joules() : figure.joules() - last.joules(), figure.source(), figure.provenance());
    }

    /** The figure, unless it is a model of a worker on the meter's own node (null then, as when there is none). */
    private static WorkerEnergy usable(WorkerEnergy figure, RunningWorker worker, String here) {
        return figure == null || (figure.provenance() == Provenance.MODELLED && worker.node().equals(here)) ? null : figure;
    }
}
