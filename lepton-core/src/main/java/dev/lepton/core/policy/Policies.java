package dev.lepton.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The policies by name, as {@code --policy} and a queue's {@code policy} field spell them. */
public final class Policies {
    /**
     * Lepton's default: least-attained-service with three queues split at 16 and 1,024 GPU-hours
     * (Tiresias has two, split at 16), plus Tiresias' starvation guard with knob 16: a preempted job
     * that has waited 16 times as long as it has run, and at least 8 hours, goes back to the top queue.
     * The 1,024 GPU-hour split keeps the few very long jobs from holding back the merely long ones; a
     * finer ladder (a split at 128 GPU-hours as well) made medium jobs churn and lost to {@code las} on
     * the filtered Philly trace. Knob 16 rather than Tiresias' 1: the guard rescues a job only once its
     * wait dwarfs its service, so promoted jobs take turns with the bottom queue 3–5 times less often
     * (restarts cost real time), and on the B1 grid (docs/benchmarks.md, where every parameter here
     * was chosen) it matches {@code las} where the cluster is lightly loaded and beats it by 1.2–21%
     * once jobs queue.
     */
    public static final LasConfig DEFAULT_CONFIG = new LasConfig(List.of(16 * 3600.0, 1024 * 3600.0), 16,
            Duration.ofHours(8), Duration.ZERO);

    public static final List<String> NAMES = List.of("fifo", "priority", "backfill", "sjf", "srtf", "srsf", "las", "tiresias", "default");
    /** Policies that rank by true job durations, which only a trace has: the simulator's lower bounds. */
    public static final List<String> NEED_TRUE_DURATIONS = List.of("sjf", "srtf", "srsf");

    private Policies() {}

    /** The policy called {@code name} (case-insensitive). */
    public static SchedulingPolicy named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fifo" -> new OrderedPolicy("fifo", now -> Orders.FIRST_SUBMITTED, false, Backfill.NONE, OrderedPolicy.PreemptionRule.NEVER);
            case "priority" -> new OrderedPolicy("priority", now -> Orders.HIGHEST_PRIORITY, true, Backfill.NONE,
                    (a, b, now) -> a.priority() > b.priority());
            case "backfill" -> new OrderedPolicy("backfill", now -> Orders.HIGHEST_PRIORITY, false, Backfill.EASY,
                    OrderedPolicy.PreemptionRule.NEVER);
            case "sjf" -> new OrderedPolicy("sjf", Orders::shortestRemaining, false, Backfill.GREEDY, OrderedPolicy.PreemptionRule.NEVER);
            case "srtf" -> new OrderedPolicy("srtf", Orders::shortestRemaining, true, Backfill.GREEDY, Policies::shorterRemaining,
                    Policies::latestEnd);
            // Tiresias' oracle baseline for gangs: a short job on many GPUs weighs as much as many short jobs.
            case "srsf" -> new OrderedPolicy("srsf", Orders::leastRemainingService, true, Backfill.GREEDY,
                    (a, b, now) -> Orders.remainingService(a, now) < Orders.remainingService(b, now));
            case "las", "tiresias" -> las(LasConfig.TIRESIAS);
            case "default" -> new LeastAttainedService("default", DEFAULT_CONFIG);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** Least-attained-service with these settings. */
    public static SchedulingPolicy las(LasConfig config) {
        return new LeastAttainedService("las", config);
    }

    /**
     * SRTF's most expendable running job is the one it ranks last, the longest remaining: the latest
     * expected end. Classes ordered by end never change as jobs run, so a kept index stays valid.
     */
    private static long latestEnd(Candidate running, Instant now) {
        return running.remaining().map(left -> -(running.since().getEpochSecond() + left.toSeconds())).orElse(Long.MIN_VALUE);
    }

    /** Strictly shorter, so that equal jobs never preempt each other (and the order agrees: shortest first). */
    private static boolean shorterRemaining(Candidate preemptor, Candidate victim, Instant now) {
        return preemptor.remainingSecondsAt(now) < victim.remainingSecondsAt(now);
    }
}
