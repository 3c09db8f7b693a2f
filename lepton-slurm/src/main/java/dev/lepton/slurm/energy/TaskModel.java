package dev.lepton.slurm.energy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A task's power where nothing measures its node, {@code idle + (max − idle) × utilisation} applied to
 * its part of the node: {@code baseWatts} whatever it does (its CPUs' share of the node's idle power,
 * and the GPUs it holds), plus {@code wattsPerBusyCpu} for each CPU it keeps busy (the node's range above
 * idle, per logical CPU). {@code source} names where the ranges came from
 * ({@value dev.lepton.core.energy.ComponentReading#MODEL_TDP_TABLE}), {@code why} which rows.
 */
public record TaskModel(double baseWatts, double wattsPerBusyCpu, String source, String why) {
    public TaskModel {
        requireNonNull(source, "source is null");
        requireNonNull(why, "why is null");
        if (!(baseWatts >= 0) || !(wattsPerBusyCpu >= 0) || Double.isInfinite(baseWatts + wattsPerBusyCpu)) {
            throw new IllegalArgumentException("a task's modelled power is finite and >= 0: base " + baseWatts + " W, "
                    + wattsPerBusyCpu + " W per busy CPU");
        }
    }

    /** What the task drew over {@code interval} in which it used {@code cpuSeconds} of CPU time. */
    public double joules(Duration interval, double cpuSeconds) {
        return baseWatts * Math.max(0, interval.toNanos() / 1e9) + wattsPerBusyCpu * Math.max(0, cpuSeconds);
    }
}
