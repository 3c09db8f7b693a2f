package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

/**
 * The energy a worker has drawn since it started, as the engine running it measured it (Slurm's
 * energy plugin, read with {@code sstat}): a running total, which only grows. {@code source} names the
 * measurement, as {@link ComponentReading#source()} does a reading's ({@value #SLURM}).
 */
public record MeasuredEnergy(double joules, String source) {
    public static final String SLURM = "slurm";

    public MeasuredEnergy {
        requireNonNull(source, "source is null");
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException("measured energy must be finite and >= 0 J, got " + joules);
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is blank");
        }
    }
}
