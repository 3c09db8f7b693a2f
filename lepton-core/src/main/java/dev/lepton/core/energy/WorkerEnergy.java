package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

/**
 * The energy a worker has drawn since it started, as the executor running it reports it: a running
 * total, which only grows. Measured ({@link Provenance#MEASURED}: Slurm's energy plugin, read with
 * {@code sstat} and settled by {@code sacct}), or, where nothing measures the node the worker runs on,
 * modelled by the executor from the node's power model and the worker's use ({@link Provenance#MODELLED}:
 * a Kubernetes node, a Slurm node without an energy plugin), and then kept as modelled. {@code provenance}
 * and {@code source} are those of what a figure adds to the previous one: a total that was measured and
 * ends with a modelled rest says {@link Provenance#MODELLED} for that rest. {@code source} names where it
 * came from, as {@link ComponentReading#source()} does a reading's ({@code slurm:acct_gather_energy/ipmi},
 * {@value ComponentReading#MODEL_TDP_TABLE}).
 */
public record WorkerEnergy(double joules, String source, Provenance provenance) {
    public static final String SLURM = "slurm";

    public WorkerEnergy {
        requireNonNull(source, "source is null");
        requireNonNull(provenance, "provenance is null");
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException("a worker's energy must be finite and >= 0 J, got " + joules);
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is blank");
        }
    }

    /** A measured figure. */
    public WorkerEnergy(double joules, String source) {
        this(joules, source, Provenance.MEASURED);
    }

    /** A figure the executor modelled where nothing measures. */
    public static WorkerEnergy modelled(double joules, String source) {
        return new WorkerEnergy(joules, source, Provenance.MODELLED);
    }

    /** The source of what Slurm's energy plugin {@code plugin} ({@code acct_gather_energy/ipmi}) measured: {@code slurm:PLUGIN}. */
    public static String slurm(String plugin) {
        return SLURM + ":" + plugin;
    }
}
