package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How to stop a worker: optionally a warning signal first and {@code lead} time for it to act (save
 * a checkpoint, as Slurm's {@code --signal} allows before a time limit), then SIGTERM, then SIGKILL
 * once {@code grace} has passed (Kubernetes' {@code terminationGracePeriodSeconds}).
 */
public record StopPlan(Optional<Warning> warning, Duration grace) {
    /** The signals a job may ask for as a warning: none of them stops a process that handles it. */
    public static final Set<String> WARNING_SIGNALS = Set.of("USR1", "USR2", "HUP", "INT", "QUIT", "TERM");

    public StopPlan {
        requireNonNull(warning, "warning is null");
        requireNonNull(grace, "grace is null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        }
    }

    /** SIGTERM now, SIGKILL after {@code grace}. */
    public static StopPlan graceful(Duration grace) {
        return new StopPlan(Optional.empty(), grace);
    }

    /** The signal to send {@code lead} before SIGTERM. */
    public record Warning(String signal, Duration lead) {
        public Warning {
            requireNonNull(signal, "signal is null");
            requireNonNull(lead, "lead is null");
            if (!WARNING_SIGNALS.contains(signal)) {
                throw new IllegalArgumentException("signal must be one of " + WARNING_SIGNALS.stream().sorted().toList() + ", got " + signal);
            }
            if (lead.isNegative()) {
                throw new IllegalArgumentException("lead must be >= 0, got " + lead);
            }
        }
    }

    /** From the stop request to SIGKILL at the latest. */
    public Duration longest() {
        return warning.map(Warning::lead).orElse(Duration.ZERO).plus(grace);
    }
}
