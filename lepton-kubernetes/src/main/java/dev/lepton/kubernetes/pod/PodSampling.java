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
import dev.lepton.kubernetes.usage.PrometheusEnergy;
import dev.lepton.kubernetes.usage.PrometheusEnergy.Reading;
import dev.lepton.kubernetes.usage.WorkerMeter.Counted;
import dev.lepton.kubernetes.usage.WorkerMeter.Metered;
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
 * last figures stand), and each worker's energy in two parts, its CPU side and its GPUs: measured where the
 * cluster's Prometheus has a counter of the part for the worker's pod ({@link PrometheusEnergy}: Kepler, the DCGM
 * exporter; asked at most every {@link #METRICS_EVERY} too), else modelled from its node's power model at the CPU
 * rate the metrics API last gave (at its CPU request, an upper bound, while it has given none). A figure is
 * {@link dev.lepton.core.energy.Provenance#MEASURED} only where every part it adds was measured; its source names each
 * part's ({@link #figure}). Called from the server's one sampling thread.
 */
final class PodSampling {
    /** How often the metrics API is asked; the server samples more often (every 2 s). */
    static final Duration METRICS_EVERY = Duration.ofSeconds(10);

    private final MetricsApi metrics;
    private final NodePowerModels models;
    private final Function<String, Optional<Node>> nodes;
    private final Optional<PrometheusEnergy> prometheus;
    private final InstantSource clock;
    private Instant readAt;
    private Instant measuredAt;
    /** Prometheus' last reading; empty when its last read failed, or before the first. */
    private Optional<Reading> reading = Optional.empty();

    /**
     * {@code nodes}: a worker's node by name, from a watch or the API server; empty where there is none.
     * {@code prometheus}: the cluster's Prometheus, where the server was given one ({@code --prometheus-url}).
     */
    PodSampling(MetricsApi metrics, NodePowerModels models, Function<String, Optional<Node>> nodes, Optional<PrometheusEnergy> prometheus,
                InstantSource clock) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.models = requireNonNull(models, "models is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
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

    /** Every worker's energy so far, on a node the cluster has; none for one on a node it does not know. */
    Map<AttemptId, WorkerEnergy> energy(Collection<WatchedPod> workers) {
        Instant now = clock.instant();
        Optional<Reading> measured = measured(now, workers);
        Map<AttemptId, WorkerEnergy> energy = new HashMap<>();
        for (WatchedPod worker : workers) {
            WatchedPod.Requested requested = worker.requested();
            Optional<NodeModel> model = nodes.apply(requested.node()).map(models::of);
            if (model.isEmpty()) {
                continue;
            }
            PodUse use = worker.meter().use();
            double cores = use.sampled() ? use.cpuCores() : requested.cpuMillis() / 1000.0;
            String pod = PodNames.pod(worker.attempt());
            Optional<Counted> cpu = measured.flatMap(r -> r.cpu(pod).map(grown -> new Counted(grown, r.at())));
            Optional<Counted> gpu = requested.gpus() == 0 ? Optional.empty()
                    : measured.flatMap(r -> r.gpu(pod).map(grown -> new Counted(grown, r.at())));
            Metered metered = worker.meter().energyUntil(now, WorkerPower.cpuWatts(model.get(), requested.cpuMillis(), cores), cpu,
                    WorkerPower.gpuWatts(model.get(), requested.gpus()), gpu);
            energy.put(worker.attempt(), figure(metered.joules(), metered.cpuCounted(), metered.gpuCounted(), requested.gpus() > 0, model.get()));
        }
        return energy;
    }

    /** Prometheus' reading, asking it again if its time has come; none without Prometheus or while it fails. */
    private Optional<Reading> measured(Instant now, Collection<WatchedPod> workers) {
        if (prometheus.isPresent() && (measuredAt == null || !now.isBefore(measuredAt.plus(METRICS_EVERY)))) {
            measuredAt = now;
            reading = prometheus.get().read(now, workers.stream().map(w -> PodNames.pod(w.attempt())).toList());
        }
        return reading;
    }

    /**
     * A worker's running total, marked by what this figure adds: measured only where every part's addition came from its
     * counter (Kepler's CPU side, and DCGM's GPUs where it holds any; the call of a counter's first reading adds the
     * model's time up to it, and is modelled); a part modelled makes it {@code MODELLED}, and its source names both
     * ({@code prometheus:kepler+model:tdp-table}: the GPUs modelled; {@code prometheus:dcgm+model:tdp-table}: the CPU side).
     */
    static WorkerEnergy figure(double joules, boolean cpuMeasured, boolean gpuMeasured, boolean holdsGpus, NodeModel model) {
        if (!holdsGpus || gpuMeasured == cpuMeasured) {
            return !cpuMeasured ? WorkerEnergy.modelled(joules, WorkerPower.source(model))
                    : new WorkerEnergy(joules, holdsGpus ? PrometheusEnergy.KEPLER + "+dcgm" : PrometheusEnergy.KEPLER);
        }
        return cpuMeasured ? WorkerEnergy.modelled(joules, PrometheusEnergy.KEPLER + "+" + WorkerPower.gpuSource(model))
                : WorkerEnergy.modelled(joules, PrometheusEnergy.DCGM + "+" + WorkerPower.source(model));
    }
}
