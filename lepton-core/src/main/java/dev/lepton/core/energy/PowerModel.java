package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's power modelled from utilisation, {@code idle + (max − idle) × utilisation}: one range for
 * all its CPUs (index 0) and one per GPU. Each range comes from the operator's {@link NodePowerProfile}
 * where it has one, else from {@link KnownHardware}; an unknown GPU with a power limit takes that limit
 * as its maximum. Readings it makes are {@link Provenance#MODELLED} and name where the range came from.
 */
public final class PowerModel {
    private final List<ModelledComponent> components;

    /** One component's range and where it came from ({@link ComponentReading#MODEL_PROFILE} and the like). */
    public record ModelledComponent(ComponentKind kind, int index, PowerRange range, String source, String why) {
        public ModelledComponent {
            requireNonNull(kind, "kind is null");
            requireNonNull(range, "range is null");
            requireNonNull(source, "source is null");
            requireNonNull(why, "why is null");
        }
    }

    public PowerModel(List<ModelledComponent> components) {
        this.components = List.copyOf(components);
    }

    /** The model of a node with {@code logicalCpus} CPUs named {@code cpuModel} and the given GPUs. */
    public static PowerModel of(NodePowerProfile profile, KnownHardware table, String cpuModel, int logicalCpus, List<GpuDevice> gpus) {
        requireNonNull(profile, "profile is null");
        requireNonNull(table, "table is null");
        if (logicalCpus < 1) {
            throw new IllegalArgumentException("logicalCpus must be >= 1: " + logicalCpus);
        }
        List<ModelledComponent> components = new ArrayList<>();
        components.add(profile.cpu()
                .map(r -> new ModelledComponent(ComponentKind.CPU_PACKAGE, 0, r, ComponentReading.MODEL_PROFILE, NodePowerProfile.FLAG))
                .orElseGet(() -> cpuFromTable(table, cpuModel, logicalCpus)));
        for (GpuDevice gpu : gpus) {
            components.add(profile.gpu()
                    .map(r -> new ModelledComponent(ComponentKind.GPU, gpu.index(), r, ComponentReading.MODEL_PROFILE, NodePowerProfile.FLAG))
                    .orElseGet(() -> gpuFromTable(table, gpu)));
        }
        return new PowerModel(components);
    }

    public List<ModelledComponent> components() {
        return components;
    }

    public Optional<ModelledComponent> component(ComponentKind kind, int index) {
        return components.stream().filter(c -> c.kind() == kind && c.index() == index).findFirst();
    }

    /** The node's CPUs at {@code utilisation} (a fraction of 1) over {@code interval}. */
    public ComponentReading cpu(double utilisation, Duration interval) {
        return reading(component(ComponentKind.CPU_PACKAGE, 0).orElseThrow(), utilisation, interval);
    }

    /** GPU {@code index} at {@code utilisation}; empty for a GPU the model was not built with. */
    public Optional<ComponentReading> gpu(int index, double utilisation, Duration interval) {
        return component(ComponentKind.GPU, index).map(c -> reading(c, utilisation, interval));
    }

    private static ComponentReading reading(ModelledComponent c, double utilisation, Duration interval) {
        return new ComponentReading(c.kind(), c.index(), c.range().watts(utilisation), interval, Provenance.MODELLED, c.source());
    }

    private static ModelledComponent cpuFromTable(KnownHardware table, String cpuModel, int logicalCpus) {
        KnownHardware.Row row = table.cpu(cpuModel)
                .orElseThrow(() -> new IllegalArgumentException("the known hardware table has no CPU row for " + cpuModel));
        PowerRange range = row.per() == KnownHardware.Per.LOGICAL_CPU ? row.range().times(logicalCpus) : row.range();
        return new ModelledComponent(ComponentKind.CPU_PACKAGE, 0, range, ComponentReading.MODEL_TDP_TABLE,
                row.source() + ", " + logicalCpus + " logical CPUs of " + cpuModel);
    }

    private static ModelledComponent gpuFromTable(KnownHardware table, GpuDevice gpu) {
        KnownHardware.Row row = table.gpu(gpu.model())
                .orElseThrow(() -> new IllegalArgumentException("the known hardware table has no GPU row for " + gpu.model()));
        if (row.isFallback() && gpu.powerLimitWatts() > 0) {
            double idleFraction = row.range().maxWatts() == 0 ? 0 : row.range().idleWatts() / row.range().maxWatts();
            return new ModelledComponent(ComponentKind.GPU, gpu.index(), new PowerRange(idleFraction * gpu.powerLimitWatts(),
                    gpu.powerLimitWatts()), ComponentReading.MODEL_POWER_LIMIT, "power limit of " + gpu.model());
        }
        return new ModelledComponent(ComponentKind.GPU, gpu.index(), row.range(), ComponentReading.MODEL_TDP_TABLE,
                row.source() + " for " + gpu.model());
    }
}
