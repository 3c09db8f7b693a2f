package dev.lepton.sim.engine;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.resource.Quantities;
import java.time.Duration;

/**
 * How to replay a trace.
 *
 * @param load arrival-rate multiplier: inter-arrival times are divided by it (2.0 = twice as busy)
 * @param seed for anything random; rigid replays draw nothing, so it only labels the run
 * @param restartPenalty run time a preempted job spends again on each restart before it makes progress
 *     (checkpoint-restart keeps all progress; this models the reload); 0 by default
 */
public record SimulationConfig(SchedulingPolicy policy, double load, long seed, Duration restartPenalty) {
    public SimulationConfig {
        requireNonNull(policy, "policy is null");
        requireNonNull(restartPenalty, "restartPenalty is null");
        if (!(load > 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("--load: must be a positive number, got " + load);
        }
        if (restartPenalty.isNegative()) {
            throw new IllegalArgumentException("restartPenalty must be >= 0, got " + restartPenalty);
        }
    }

    /**
     * From the words of a command line: a policy name ({@code fifo}, {@code las}, …) and a restart
     * penalty as a duration ({@code 0s}, {@code 30s}). Unknown names and bad durations are
     * {@link IllegalArgumentException}s that say what is accepted.
     */
    public static SimulationConfig parse(String policy, double load, long seed, String restartPenalty) {
        Duration penalty;
        try {
            penalty = Quantities.parseDuration(restartPenalty);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--restart-penalty: " + e.getMessage() + " (got '" + restartPenalty + "')", e);
        }
        SchedulingPolicy named;
        try {
            named = Policies.named(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy: " + e.getMessage(), e);
        }
        return new SimulationConfig(named, load, seed, penalty);
    }

    /** Load 1, seed 0, no restart penalty. */
    public static SimulationConfig of(SchedulingPolicy policy) {
        return new SimulationConfig(policy, 1.0, 0, Duration.ZERO);
    }

    public SimulationConfig withLoad(double value) {
        return new SimulationConfig(policy, value, seed, restartPenalty);
    }

    public SimulationConfig withRestartPenalty(Duration value) {
        return new SimulationConfig(policy, load, seed, value);
    }
}
