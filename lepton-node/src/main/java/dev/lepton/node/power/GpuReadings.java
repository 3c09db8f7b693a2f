package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.Provenance;
import dev.lepton.node.probe.GpuUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vendor tool's GPU figures as readings over the interval since the previous read: a GPU whose driver reports its
 * draw is measured, one that does not is modelled at its utilisation, and which one each GPU gets is logged when first
 * seen and whenever it changes. Shared by {@code nvidia-smi} and {@code rocm-smi}, so that both vendors' GPUs follow one
 * rule. The draw a tool reports is the driver's recent average at the moment of the query, taken as the interval's
 * average: sample often enough for that to hold.
 */
final class GpuReadings {
    private static final Logger log = LoggerFactory.getLogger(GpuReadings.class);

    private final String source;
    private final String figure;
    private final PowerModel model;
    private final InstantSource clock;
    private final Map<Integer, String> chosen = new HashMap<>();
    private Instant previousAt;

    /** {@code source} marks measured readings ({@code nvidia-smi}); {@code figure} names the draw in logs ({@code power.draw}). */
    GpuReadings(String source, String figure, PowerModel model, InstantSource clock) {
        this.source = requireNonNull(source, "source is null");
        this.figure = requireNonNull(figure, "figure is null");
        this.model = requireNonNull(model, "model is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.previousAt = clock.instant();
    }

    /** The GPUs {@code usage} lists, each at its index on the node. */
    synchronized List<ComponentReading> read(Supplier<List<GpuUsage>> usage) {
        Instant now = clock.instant();
        Duration interval = Duration.between(previousAt, now);
        previousAt = now;
        List<ComponentReading> readings = new ArrayList<>();
        for (GpuUsage gpu : usage.get()) {
            if (gpu.powerWatts().isPresent()) {
                choose(gpu.index(), source, "the driver reports " + figure);
                readings.add(new ComponentReading(ComponentKind.GPU, gpu.index(), gpu.powerWatts().getAsDouble(), interval,
                        Provenance.MEASURED, source));
                continue;
            }
            Optional<ComponentReading> modelled = model.gpu(gpu.index(), gpu.utilization(), interval);
            modelled.ifPresent(r -> choose(gpu.index(), r.source(), "the driver reports no " + figure));
            if (modelled.isEmpty()) {
                choose(gpu.index(), "none", "the driver reports no " + figure + " and the node was detected without this GPU");
            }
            modelled.ifPresent(readings::add);
        }
        return readings;
    }

    private void choose(int index, String chosenSource, String why) {
        if (!chosenSource.equals(chosen.put(index, chosenSource))) {
            log.atInfo().setMessage("GPU power source chosen").addKeyValue("gpu", index).addKeyValue("source", chosenSource)
                    .addKeyValue("why", why).log();
        }
    }
}
