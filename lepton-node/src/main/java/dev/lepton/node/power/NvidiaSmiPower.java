package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.node.probe.GpuProcess;
import dev.lepton.node.probe.NvidiaSmi;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * GPU power through {@code nvidia-smi}: each GPU's {@code power.draw} where the driver reports it (measured), else the
 * model at the GPU's reported utilisation (modelled), by {@link GpuReadings}' rule. An NVIDIA GPU's index on the node is
 * its {@code nvidia-smi} index. Also each attempt's weight on a GPU, from its processes' memory there.
 */
public final class NvidiaSmiPower implements PowerSource {
    private final NvidiaSmi smi;
    private final Map<String, Integer> indexOfUuid = new HashMap<>();
    private final GpuReadings readings;

    public NvidiaSmiPower(NvidiaSmi smi, List<GpuDevice> gpus, PowerModel model, InstantSource clock) {
        this.smi = requireNonNull(smi, "smi is null");
        this.readings = new GpuReadings(ComponentReading.NVIDIA_SMI, "power.draw", model, clock);
        gpus.forEach(g -> indexOfUuid.put(g.uuid(), g.index()));
    }

    @Override
    public List<ComponentReading> read() {
        return readings.read(smi::usage);
    }

    /**
     * Each attempt's weight on each GPU it has processes on: their used memory in bytes, summed per GPU.
     * {@code owner} says which attempt a pid belongs to (empty for processes that are not attempts').
     */
    public <A> Map<A, Map<Integer, Double>> shares(LongFunction<Optional<A>> owner) {
        Map<A, Map<Integer, Double>> shares = new HashMap<>();
        for (GpuProcess process : smi.processes()) {
            Integer index = indexOfUuid.get(process.gpuUuid());
            Optional<A> attempt = owner.apply(process.pid());
            if (index != null && attempt.isPresent()) {
                shares.computeIfAbsent(attempt.get(), a -> new HashMap<>()).merge(index, (double) process.usedMemoryBytes(), Double::sum);
            }
        }
        return shares;
    }
}
