package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

/** Energy in joules per component kind. */
public record ComponentJoules(double cpuPackage, double dram, double gpu) {
    public static final ComponentJoules ZERO = new ComponentJoules(0, 0, 0);

    public ComponentJoules {
        if (!(cpuPackage >= 0 && dram >= 0 && gpu >= 0) || Double.isInfinite(cpuPackage + dram + gpu)) {
            throw new IllegalArgumentException("energy must be finite and >= 0 J: " + cpuPackage + ", " + dram + ", " + gpu);
        }
    }

    public static ComponentJoules of(ComponentKind kind, double joules) {
        return ZERO.plus(kind, joules);
    }

    public double get(ComponentKind kind) {
        requireNonNull(kind, "kind is null");
        return switch (kind) {
            case CPU_PACKAGE -> cpuPackage;
            case DRAM -> dram;
            case GPU -> gpu;
        };
    }

    public ComponentJoules plus(ComponentKind kind, double joules) {
        return switch (kind) {
            case CPU_PACKAGE -> new ComponentJoules(cpuPackage + joules, dram, gpu);
            case DRAM -> new ComponentJoules(cpuPackage, dram + joules, gpu);
            case GPU -> new ComponentJoules(cpuPackage, dram, gpu + joules);
        };
    }

    public ComponentJoules plus(ComponentJoules other) {
        return new ComponentJoules(cpuPackage + other.cpuPackage, dram + other.dram, gpu + other.gpu);
    }

    public double total() {
        return cpuPackage + dram + gpu;
    }
}
