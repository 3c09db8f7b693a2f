package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.kubernetes.usage.MetricsApi;
import dev.lepton.kubernetes.usage.NodePowerModels;
import dev.lepton.kubernetes.usage.NodePowerModels.NodeModel;
import dev.lepton.kubernetes.usage.PodSample;
import dev.lepton.kubernetes.usage.PodUse;
import dev.lepton.kubernetes.usage.WorkerPower;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The watched workers' usage and energy, on the server's samples: usage from the metrics API, read at most
 * every {@link #METRICS_EVERY} (metrics-server scrapes the kubelets every 15 s by default; between reads the
 * last figures stand), and each worker's energy modelled from its node's power model at the CPU rate the
 * metrics API last gave (at its CPU request, an upper bound, while it has given none). Called from the
 * server's one sampling thread.
 */
final class PodSampling {
    /** How often the metrics API is asked; the server samples more often (every 2 s). */
    static final Duration METRICS_EVERY = Duration.ofSeconds(10);

    private final MetricsApi metrics;
    private final NodePowerModels models;
    private final Function<String, Optional<Node>> nodes;
    private final InstantSource clock;
    private Instant readAt;

    /** {@code nodes}: a worker's node by name, from a watch or the API server; empty where there is none. */
    PodSampling(MetricsApi metrics, NodePowerModels models, Function<String, Optional<Node>> nodes, InstantSource clock) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.models = requireNonNull(models, "models is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Every worker's usage that the metrics API has given a sample of; asking it again if its time has come. */
    Map<AttemptId, Usage> usage(Collection<WatchedPod> workers) {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(METRICS_EVERY))) {
            readAt = now;
            Map<String, WatchedPod> byPod = new HashMap<>();
            workers.forEach(w -> byPod.put(PodNames.pod(w.attempt()), w));
            for (PodSample sample : metrics.read()) {
                WatchedPod worker = byPod.get(sample.pod());
                if (worker != null) {
                    worker.meter().add(sample);
                }
            }
        }
        Map<AttemptId, Usage> usage = new HashMap<>();
        for (WatchedPod worker : workers) {
            PodUse use = worker.meter().use();
            if (use.sampled()) {
                usage.put(worker.attempt(), use.usage());
            }
        }
        return usage;
    }

    /** Every worker's modelled energy so far, on a node the cluster has; none for one on a node it does not know. */
    Map<AttemptId, WorkerEnergy> energy(Collection<WatchedPod> workers) {
        Instant now = clock.instant();
        Map<AttemptId, WorkerEnergy> energy = new HashMap<>();
        for (WatchedPod worker : workers) {
            WatchedPod.Requested requested = worker.requested();
            Optional<NodeModel> model = nodes.apply(requested.node()).map(models::of);
            if (model.isEmpty()) {
                continue;
            }
            PodUse use = worker.meter().use();
            double cores = use.sampled() ? use.cpuCores() : requested.cpuMillis() / 1000.0;
            double joules = worker.meter().energyUntil(now, WorkerPower.watts(model.get(), requested.cpuMillis(), requested.gpus(), cores));
            energy.put(worker.attempt(), WorkerEnergy.modelled(joules, WorkerPower.source(model.get())));
        }
        return energy;
    }
}
