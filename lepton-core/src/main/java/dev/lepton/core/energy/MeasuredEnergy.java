package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

/**
 * The energy a worker has drawn since it started, as the engine running it reports it: a running total,
 * which only grows. Measured ({@link Provenance#MEASURED}: Slurm's energy plugin, read with {@code sstat}),
 * or, where nothing measures the node the worker runs on, modelled by the executor from the node's power
 * model and the worker's use ({@link Provenance#MODELLED}: a Kubernetes node), and then kept as modelled.
 * {@code source} names where it came from, as {@link ComponentReading#source()} does a reading's ({@value #SLURM},
 * {@value ComponentReading#MODEL_TDP_TABLE}).
 */
public record MeasuredEnergy(double joules, String source, Provenance provenance) {
    public static final String SLURM = "slurm";

    public MeasuredEnergy {
        requireNonNull(source, "source is null");
        requireNonNull(provenance, "provenance is null");
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException("measured energy must be finite and >= 0 J, got " + joules);
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is blank");
        }
    }

    /** A measured figure. */
    public MeasuredEnergy(double joules, String source) {
        this(joules, source, Provenance.MEASURED);
    }

    /** A figure the executor modelled where nothing measures. */
    public static MeasuredEnergy modelled(double joules, String source) {
        return new MeasuredEnergy(joules, source, Provenance.MODELLED);
    }
}
