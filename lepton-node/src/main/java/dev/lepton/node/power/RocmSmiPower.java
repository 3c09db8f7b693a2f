package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.node.probe.GpuUsage;
import dev.lepton.node.probe.NodeGpus;
import dev.lepton.node.probe.RocmSmi;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMD GPU power through {@code rocm-smi}: each card's graphics package power where the driver reports it (measured,
 * {@value ComponentReading#ROCM_SMI}), else the model at its {@code GPU use (%)}, by the rule NVIDIA GPUs follow
 * ({@link GpuReadings}). Readings carry the card's index on the node, not its ROCm index, so that they reach the workers
 * holding those {@code amd.com/gpu} devices and never an NVIDIA GPU of the same ROCm number.
 */
public final class RocmSmiPower implements PowerSource {
    private static final Logger log = LoggerFactory.getLogger(RocmSmiPower.class);

    private final RocmSmi smi;
    private final NodeGpus gpus;
    private final GpuReadings readings;
    private final Set<Integer> unknownCards = new HashSet<>();

    public RocmSmiPower(RocmSmi smi, NodeGpus gpus, PowerModel model, InstantSource clock) {
        this.smi = requireNonNull(smi, "smi is null");
        this.gpus = requireNonNull(gpus, "gpus is null");
        this.readings = new GpuReadings(ComponentReading.ROCM_SMI, "Graphics Package Power", model, clock);
    }

    @Override
    public List<ComponentReading> read() {
        return readings.read(this::onNode);
    }

    /** rocm-smi's cards at their node indices; a card the node was detected without has no index, and is left out, once logged. */
    private List<GpuUsage> onNode() {
        List<GpuUsage> usage = new ArrayList<>();
        for (GpuUsage card : smi.usage()) {
            OptionalInt index = gpus.amdIndex(card.index());
            if (index.isPresent()) {
                usage.add(new GpuUsage(index.getAsInt(), card.utilization(), card.memoryUsedBytes(), card.powerWatts()));
            } else if (unknownCards.add(card.index())) {
                log.atInfo().setMessage("GPU power source chosen").addKeyValue("card", "card" + card.index()).addKeyValue("source", "none")
                        .addKeyValue("why", "the node was detected without this AMD GPU").log();
            }
        }
        return usage;
    }
}
