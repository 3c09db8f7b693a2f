package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import dev.lepton.kubernetes.usage.PrometheusAnswer.Failed;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Series;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Vector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers' energy as the cluster's Prometheus has it, one query per metric for all of Lepton's pods in the namespace:
 * <ul>
 *   <li>Kepler 0.7.x: {@code kepler_container_{package,dram,other}_joules_total} (counters, joules, labels
 *       {@code container_namespace}, {@code pod_name}, {@code container_name}, {@code mode} = dynamic|idle), both modes:
 *       the CPU side of {@code kepler_container_joules_total}, which also adds the GPUs Kepler reads;</li>
 *   <li>Kepler's rewrite (the metrics of its {@code docs/user/metrics.md}): {@code kepler_pod_cpu_joules_total}
 *       (labels {@code pod_namespace}, {@code pod_name}, {@code state} = active|idle, {@code zone}), zones
 *       {@code package} and {@code dram} ({@code core} and {@code uncore} are inside the package); preferred where a pod has
 *       both;</li>
 *   <li>NVIDIA's DCGM exporter with its Kubernetes mapping on: {@code DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION} (a counter
 *       per GPU in millijoules since boot, as its help says, labels {@code namespace}, {@code pod}, {@code container},
 *       {@code gpu}, {@code UUID}): the GPUs a pod holds.</li>
 * </ul>
 * Each figure is how much a pod's counters have grown since Lepton first saw them ({@link CounterIncreases}). A
 * failing query (Prometheus unreachable, late, or answering an error) gives no reading at all, so that the model
 * stands in for every worker: said once per outage at WARN, and once at INFO when Prometheus answers again. Called
 * from the sampling thread only.
 */
public final class PrometheusEnergy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrometheusEnergy.class);
    /** The source of a worker's energy that Kepler measured. */
    public static final String KEPLER = "prometheus:kepler";
    /** The source of a worker's GPU energy that the DCGM exporter measured. */
    public static final String DCGM = "prometheus:dcgm";
    /** Lepton's worker pods, by name ({@code lepton-<job uid>-<epoch>-<rank>}). */
    private static final String PODS = "lepton-.+";

    /** Per pod, the energy since its first reading: {@code cpu} as Kepler has it (CPU, DRAM, the rest of the host), {@code gpu} as DCGM has it; read at {@code at}. */
    public record Reading(Instant at, Map<String, Double> cpu, Map<String, Double> gpu) {
        public Reading {
            requireNonNull(at, "at is null");
            cpu = Map.copyOf(cpu);
            gpu = Map.copyOf(gpu);
        }

        public Optional<Double> cpu(String pod) {
            return Optional.ofNullable(cpu.get(pod));
        }

        public Optional<Double> gpu(String pod) {
            return Optional.ofNullable(gpu.get(pod));
        }
    }

    private final PrometheusApi api;
    private final String namespace;
    private final CounterIncreases kepler = new CounterIncreases();
    private final CounterIncreases keplerPods = new CounterIncreases();
    private final CounterIncreases dcgm = new CounterIncreases();
    /** Why the last read failed: null while Prometheus answers, empty before the first read. */
    private String trouble = "";

    public PrometheusEnergy(PrometheusApi api, String namespace) {
        this.api = requireNonNull(api, "api is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    /** Kepler 0.7.x's CPU side per pod. */
    static String keplerQuery(String namespace) {
        return "sum by (pod_name) ({__name__=~\"kepler_container_(package|dram|other)_joules_total\",container_namespace=\"" + namespace
                + "\",pod_name=~\"" + PODS + "\"})";
    }

    /** Kepler's rewrite: the pod's CPU packages and DRAM. */
    static String keplerPodQuery(String namespace) {
        return "sum by (pod_name) (kepler_pod_cpu_joules_total{pod_namespace=\"" + namespace + "\",zone=~\"package|dram\",pod_name=~\""
                + PODS + "\"})";
    }

    /** Each GPU's counter per pod, kept apart so that one GPU's restart or absence does not read as the pod's. */
    static String dcgmQuery(String namespace) {
        return "sum by (pod, gpu, UUID) (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{namespace=\"" + namespace + "\",pod=~\"" + PODS + "\"})";
    }

    /**
     * Asks Prometheus now, at {@code now}, for the pods of {@code watched} (pod names; what is kept of any other pod is
     * forgotten): a reading, or none where a query failed.
     */
    public Optional<Reading> read(Instant now, Collection<String> watched) {
        Set<String> pods = Set.copyOf(watched);
        kepler.retain(pods);
        keplerPods.retain(pods);
        dcgm.retain(pods);
        if (pods.isEmpty()) {
            return Optional.of(new Reading(now, Map.of(), Map.of())); // no worker to measure: nothing to ask
        }
        List<Vector> vectors = new ArrayList<>(3);
        for (String query : List.of(keplerQuery(namespace), keplerPodQuery(namespace), dcgmQuery(namespace))) {
            switch (api.query(query)) {
                case Vector vector -> vectors.add(vector);
                case Failed failed -> {
                    outage(failed.reason());
                    return Optional.empty();
                }
            }
        }
        if (trouble != null) {
            log.atInfo().setMessage("Prometheus answers: workers' energy measured where Kepler or the DCGM exporter has their pods")
                    .addKeyValue("prometheus", api.queryUri()).addKeyValue("namespace", namespace).log();
            trouble = null;
        }
        Map<String, Double> cpu = increases(kepler, vectors.get(0), "pod_name", pods, 1);
        cpu.putAll(increases(keplerPods, vectors.get(1), "pod_name", pods, 1));
        Map<String, Double> gpu = increases(dcgm, vectors.get(2), "pod", pods, 1e-3);
        return Optional.of(new Reading(now, cpu, gpu));
    }

    /** Each watched pod's increase that {@code vector} has a series of, in joules ({@code toJoules} times its unit). */
    private static Map<String, Double> increases(CounterIncreases counters, Vector vector, String podLabel, Set<String> pods, double toJoules) {
        Map<String, Double> joules = new HashMap<>();
        for (Series series : vector.series()) {
            String pod = series.label(podLabel);
            if (!pods.contains(pod) || series.value() < 0) {
                continue;
            }
            String key = series.label("gpu") + "/" + series.label("UUID");
            joules.put(pod, counters.add(pod, key, series.value()) * toJoules);
        }
        return joules;
    }

    private void outage(String reason) {
        if (trouble == null || trouble.isEmpty()) {
            log.atWarn().setMessage("Prometheus did not answer; workers' energy modelled until it does").addKeyValue("prometheus", api.queryUri())
                    .addKeyValue("error", reason).log();
        }
        trouble = reason;
    }

    @Override
    public void close() {
        api.close();
    }
}
