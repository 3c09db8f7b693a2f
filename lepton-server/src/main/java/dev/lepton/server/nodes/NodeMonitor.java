package dev.lepton.server.nodes;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.EnergySampling;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.UsageSampling;
import dev.lepton.core.node.Node;
import dev.lepton.node.probe.NodeUtilization;
import dev.lepton.server.energy.EnergyMeter;
import dev.lepton.server.usage.LiveUsage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples on a timer: every worker's CPU time and memory (kept in {@link LiveUsage}, not stored),
 * the energy each worker and the node drew ({@link EnergyMeter}, with what the executor measured, where
 * it measures any, read after the usage that it may come with), this node's utilisation, and a
 * heartbeat to the store.
 */
public final class NodeMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeMonitor.class);

    private final NodeRegistry registry;
    private final NodeUtilization utilization;
    private final UsageSampling workers;
    private final EnergySampling measured;
    private final LiveUsage usage;
    private final EnergyMeter energy;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("node-monitor").daemon(true).factory());
    private int turns;

    public NodeMonitor(NodeRegistry registry, NodeUtilization utilization, UsageSampling workers, EnergySampling measured, LiveUsage usage,
                       EnergyMeter energy, Duration interval) {
        this.energy = requireNonNull(energy, "energy is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.utilization = requireNonNull(utilization, "utilization is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.measured = requireNonNull(measured, "measured is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Map<AttemptId, Usage> sample = workers.sampleUsage();
            usage.record(sample);
            energy.sample(sample, measured.sampleEnergy());
            for (Node node : registry.nodes()) {
                registry.recordUsage(node.name(), utilization.sample());
            }
            if (turns++ % 15 == 0) {
                registry.heartbeat();
            }
        } catch (RuntimeException e) {
            log.warn("sampling failed; trying again in {}", interval, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        energy.persist();
    }
}
