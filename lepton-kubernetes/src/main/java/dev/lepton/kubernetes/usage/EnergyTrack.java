package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One part of a worker's energy (its CPU side, or its GPUs) as a running total over one timeline: each stretch of
 * time is counted once, by the model or by a counter. While modelled, the model's watts cover the time since the
 * last call. On a counter's first reading the model covers up to the reading and the counter from it (what the
 * counter had counted before is left out: the model already gave it); then each later reading adds the counter's
 * growth since the one before, and covers up to its own time. When the counter goes missing again the model covers
 * from the last reading on, and a counter seen again starts from its reading then. So switching either way neither
 * drops a stretch nor counts one twice, and the total never goes down. Not thread-safe: {@link WorkerMeter} guards it.
 */
final class EnergyTrack {
    private double joules;
    private Instant coveredUntil;
    /** The counter's reading last added; null while the model covers the time. */
    private WorkerMeter.Counted last;
    /** Whether the model covered time in the last call: what that call added was modelled, at least in part. */
    private boolean modelledLast = true;

    EnergyTrack(Instant since) {
        this.coveredUntil = requireNonNull(since, "since is null");
    }

    /** The total with the time since the part was last covered at {@code watts}. */
    double modelled(Instant now, double watts) {
        last = null;
        cover(now, watts);
        modelledLast = true;
        return joules;
    }

    /** The total with {@code reading}: the first of a run of readings starts it (the model at {@code watts} covering up to it), a later one adds its growth. */
    double measured(WorkerMeter.Counted reading, double watts) {
        modelledLast = false;
        if (last == null) {
            modelledLast = cover(reading.at(), watts);
            last = reading;
        } else if (reading.at().isAfter(last.at())) {
            joules += Math.max(0, reading.joules() - last.joules());
            coveredUntil = reading.at().isAfter(coveredUntil) ? reading.at() : coveredUntil;
            last = reading;
        }
        return joules;
    }

    /** Whether what the last call added came from the counter alone (nothing at all, between its readings). */
    boolean counted() {
        return !modelledLast;
    }

    /** Covers the time up to {@code until} at {@code watts}; whether there was any. */
    private boolean cover(Instant until, double watts) {
        if (!until.isAfter(coveredUntil)) {
            return false;
        }
        joules += Math.max(0, watts) * Duration.between(coveredUntil, until).toNanos() / 1e9;
        coveredUntil = until;
        return true;
    }
}
