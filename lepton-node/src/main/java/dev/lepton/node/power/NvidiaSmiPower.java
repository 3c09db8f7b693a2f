package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.node.probe.GpuProcess;
import dev.lepton.node.probe.GpuUsage;
import dev.lepton.node.probe.NvidiaSmi;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU power through {@code nvidia-smi}: each GPU's {@code power.draw} where the driver reports it
 * (measured), else the model at the GPU's reported utilisation (modelled); which one each GPU gets is
 * logged when first seen and whenever it changes. {@code power.draw} is the driver's recent average at
 * the moment of the query, taken as the interval's average: sample often enough for that to hold.
 */
public final class NvidiaSmiPower implements PowerSource {
    private static final Logger log = LoggerFactory.getLogger(NvidiaSmiPower.class);

    private final NvidiaSmi smi;
    private final Map<String, Integer> indexOfUuid = new HashMap<>();
    private final PowerModel model;
    private final InstantSource clock;
    private final Map<Integer, String> chosen = new HashMap<>();
    private Instant previousAt;

    public NvidiaSmiPower(NvidiaSmi smi, List<GpuDevice> gpus, PowerModel model, InstantSource clock) {
        this.smi = requireNonNull(smi, "smi is null");
        this.model = requireNonNull(model, "model is null");
        this.clock = requireNonNull(clock, "clock is null");
        gpus.forEach(g -> indexOfUuid.put(g.uuid(), g.index()));
        this.previousAt = clock.instant();
    }

    @Override
    public synchronized List<ComponentReading> read() {
        Instant now = clock.instant();
        Duration interval = Duration.between(previousAt, now);
        previousAt = now;
        List<ComponentReading> readings = new ArrayList<>();
        for (GpuUsage gpu : smi.usage()) {
            if (gpu.powerWatts().isPresent()) {
                choose(gpu.index(), ComponentReading.NVIDIA_SMI, "the driver reports power.draw");
                readings.add(new ComponentReading(ComponentKind.GPU, gpu.index(), gpu.powerWatts().getAsDouble(), interval,
                        Provenance.MEASURED, ComponentReading.NVIDIA_SMI));
                continue;
            }
            Optional<ComponentReading> modelled = model.gpu(gpu.index(), gpu.utilization(), interval);
            modelled.ifPresent(r -> choose(gpu.index(), r.source(), "the driver reports no power.draw ([N/A])"));
            if (modelled.isEmpty()) {
                choose(gpu.index(), "none", "the driver reports no power.draw and the node was detected without this GPU");
            }
            modelled.ifPresent(readings::add);
        }
        return readings;
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

    private void choose(int index, String source, String why) {
        if (!source.equals(chosen.put(index, source))) {
            log.atInfo().setMessage("GPU power source chosen").addKeyValue("gpu", index).addKeyValue("source", source)
                    .addKeyValue("why", why).log();
        }
    }
}
