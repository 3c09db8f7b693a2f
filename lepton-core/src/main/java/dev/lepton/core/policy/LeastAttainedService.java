package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Discretised two-dimensional least-attained-service (Tiresias): a job's service is GPUs × time run;
 * crossing a threshold moves it down one queue; queues are served top first, first-submitted first
 * within a queue; a waiting job preempts running ones of a lower queue. User priority ranks above
 * the queues. Jobs need no duration estimate.
 */
final class LeastAttainedService implements SchedulingPolicy, ClassRanked {
    private final String name;
    private final LasConfig config;
    private final double[] thresholds;

    LeastAttainedService(String name, LasConfig config) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.thresholds = config.thresholdsGpuSeconds().stream().mapToDouble(Double::doubleValue).toArray();
    }

    LasConfig config() {
        return config;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean preemptive() {
        return true;
    }

    @Override
    public Backfill backfill() {
        return Backfill.GREEDY;
    }

    /** The queue the candidate is in at {@code now}: 0 is served first. */
    int queueOf(Candidate c, Instant now) {
        if (promoted(c, now)) {
            return 0;
        }
        double attained = c.attainedAt(now);
        int queue = 0;
        while (queue < thresholds.length && attained >= thresholds[queue]) {
            queue++;
        }
        return queue;
    }

    private boolean promoted(Candidate c, Instant now) {
        return config.promoteKnob() > 0 && c.attainedGpuSeconds() > 0 && !c.running() && c.secondsSince(now) >= promotionWait(c);
    }

    /** Tiresias' rule: waited at least knob × time run so far (and the floor). */
    private double promotionWait(Candidate c) {
        double ran = c.gpus() == 0 ? 0 : c.attainedGpuSeconds() / c.gpus();
        return Math.max(config.promoteFloor().toMillis() / 1000.0, config.promoteKnob() * ran);
    }

    @Override
    public Comparator<Candidate> order(Instant now) {
        // Written out rather than chained: the simulator sorts with it on every event.
        return (a, b) -> {
            if (a.priority() != b.priority()) {
                return Integer.compare(b.priority(), a.priority());
            }
            int byQueue = Integer.compare(queueOf(a, now), queueOf(b, now));
            return byQueue != 0 ? byQueue : Orders.FIRST_SUBMITTED.compare(a, b);
        };
    }

    /** Priority first (higher first), then the queue. */
    @Override
    public long rankClass(Candidate candidate, Instant now) {
        return -((long) candidate.priority() << 16) + queueOf(candidate, now);
    }

    @Override
    public boolean waitingOrderChangesWithTime() {
        return config.promoteKnob() > 0;
    }

    @Override
    public boolean mayPreempt(Candidate preemptor, Candidate victim, Instant now) {
        if (preemptor.priority() != victim.priority()) {
            return preemptor.priority() > victim.priority();
        }
        return queueOf(preemptor, now) < queueOf(victim, now);
    }

    @Override
    public Predicate<Candidate> victimsOf(Candidate preemptor, Instant now) {
        int priority = preemptor.priority();
        int queue = queueOf(preemptor, now);
        return victim -> victim.priority() != priority ? priority > victim.priority() : queue < queueOf(victim, now);
    }

    /** Priority first, then the queue: a job in a higher queue (less service so far) is more valuable. */
    @Override
    public long victimClass(Candidate candidate, Instant now) {
        return ((long) candidate.priority() << 16) - queueOf(candidate, now);
    }

    @Override
    public boolean holdsTheLine(Candidate candidate, Instant now) {
        Duration after = config.holdTheLineAfter();
        return !after.isZero() && !candidate.running() && candidate.secondsSince(now) * 1000 >= after.toMillis();
    }

    @Override
    public Optional<Instant> nextReorder(Candidate c, Instant now) {
        if (c.running()) {
            return nextDemotion(c, now);
        }
        Instant next = null;
        if (!config.holdTheLineAfter().isZero() && !holdsTheLine(c, now)) {
            next = c.since().plus(config.holdTheLineAfter());
        }
        if (config.promoteKnob() > 0 && !promoted(c, now) && queueOf(c, now) > 0) {
            Instant promotion = c.since().plusMillis((long) Math.ceil(promotionWait(c) * 1000));
            next = next == null || promotion.isBefore(next) ? promotion : next;
        }
        return Optional.ofNullable(next);
    }

    private Optional<Instant> nextDemotion(Candidate c, Instant now) {
        double attained = c.attainedAt(now);
        if (c.gpus() == 0) {
            return Optional.empty();
        }
        for (double threshold : thresholds) {
            if (attained < threshold) {
                long millis = (long) Math.ceil((threshold - attained) / c.gpus() * 1000);
                return Optional.of(now.plusMillis(Math.max(1, millis)));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name + " " + config;
    }
}
