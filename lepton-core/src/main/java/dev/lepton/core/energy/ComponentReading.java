package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One component's average power over an interval: {@code index} is the CPU package (RAPL zone
 * {@code intel-rapl:N}; 0 for the modelled node CPU), the package a DRAM zone belongs to, or the GPU's
 * index on its node (an NVIDIA GPU's {@code nvidia-smi} index; an AMD GPU's numbered after them, as the
 * node offers it). {@code source} names what produced it ({@value #RAPL}, {@value #NVIDIA_SMI},
 * {@value #ROCM_SMI}, {@value #MODEL_PROFILE}, {@value #MODEL_TDP_TABLE}, {@value #MODEL_POWER_LIMIT}).
 */
public record ComponentReading(ComponentKind kind, int index, double watts, Duration interval, Provenance provenance, String source) {
    public static final String RAPL = "rapl";
    public static final String NVIDIA_SMI = "nvidia-smi";
    public static final String ROCM_SMI = "rocm-smi";
    public static final String MODEL_PROFILE = "model:profile";
    public static final String MODEL_TDP_TABLE = "model:tdp-table";
    public static final String MODEL_POWER_LIMIT = "model:power-limit";

    public ComponentReading {
        requireNonNull(kind, "kind is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(provenance, "provenance is null");
        requireNonNull(source, "source is null");
        if (index < 0 || !(watts >= 0) || Double.isInfinite(watts) || interval.isNegative()) {
            throw new IllegalArgumentException("invalid " + kind + " reading: index " + index + ", " + watts + " W over " + interval);
        }
    }

    public double joules() {
        return watts * seconds(interval);
    }

    static double seconds(Duration interval) {
        return interval.toNanos() / 1e9;
    }
}
