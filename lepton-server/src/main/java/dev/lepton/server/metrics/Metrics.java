package dev.lepton.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.Footprint;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.Node;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.node.probe.GpuUsage;
import dev.lepton.node.probe.NodeUsage;
import dev.lepton.server.energy.EnergyMeter;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.RouteTable;
import dev.lepton.server.nodes.NodeRegistry;
import dev.lepton.server.queues.QueueTally;
import dev.lepton.server.usage.LiveUsage;
import dev.lepton.store.Store;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code /metrics}: job counts by phase, each queue's waiting and running jobs, its usage and its
 * nominal quota (as Kueue's pending workloads, resource usage and nominal quota), each running
 * worker's CPU time and peak memory, each node's capacity and utilisation, and the store's commits and writes. Figures are read from the store and the node registry
 * at scrape time, so nothing on the hot path updates meters.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Store store;
    private final NodeRegistry nodes;
    private final LiveUsage usage;
    private final MultiGauge jobs;
    private final MultiGauge workerCpu;
    private final MultiGauge workerMemory;
    private final MultiGauge nodeCpu;
    private final MultiGauge nodeMemory;
    private final MultiGauge nodeCapacity;
    private final MultiGauge gpuUtilization;
    private final MultiGauge gpuPower;
    private final MultiGauge queueJobs;
    private final MultiGauge queueUsage;
    private final MultiGauge queueNominal;
    private final EnergyMeter energy;
    /** The project-and-queue keys whose energy counters are registered. */
    private final Set<String> energyKeys = new HashSet<>();
    private boolean nodeEnergyRegistered;

    public Metrics(Store store, NodeRegistry nodes, LiveUsage usage, EnergyMeter energy) {
        this.energy = requireNonNull(energy, "energy is null");
        this.store = requireNonNull(store, "store is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.usage = requireNonNull(usage, "usage is null");
        jobs = MultiGauge.builder("lepton.jobs").description("live jobs by phase").register(registry);
        workerCpu = MultiGauge.builder("lepton.worker.cpu").baseUnit("seconds").description("CPU time used by a running worker").register(registry);
        workerMemory = MultiGauge.builder("lepton.worker.memory.peak").baseUnit("bytes").description("peak resident memory of a running worker").register(registry);
        nodeCpu = MultiGauge.builder("lepton.node.cpu.utilization").baseUnit("ratio").description("node CPU busy fraction").register(registry);
        nodeMemory = MultiGauge.builder("lepton.node.memory.used").baseUnit("bytes").description("node memory in use").register(registry);
        nodeCapacity = MultiGauge.builder("lepton.node.allocatable").description("allocatable resources (cpu in cores, memory in bytes, gpu in devices of every accelerator, each accelerator's resource name in its devices)").register(registry);
        gpuUtilization = MultiGauge.builder("lepton.node.gpu.utilization").baseUnit("ratio").description("GPU busy fraction").register(registry);
        gpuPower = MultiGauge.builder("lepton.node.gpu.power").baseUnit("watts").description("GPU power draw").register(registry);
        queueJobs = MultiGauge.builder("lepton.queue.jobs").description("jobs of a queue that wait (queued) or are placed (running: Scheduled or Running), as lepton queue list counts them")
                .register(registry);
        queueUsage = MultiGauge.builder("lepton.queue.usage").description("what a queue's running jobs hold (cpu in cores, memory in bytes, "
                + "GPUs in devices)").register(registry);
        queueNominal = MultiGauge.builder("lepton.queue.nominal").description("a queue's nominal quota, per resource it names (cpu in cores, "
                + "memory in bytes, GPUs in devices)").register(registry);
        Gauge.builder("lepton.store.info", () -> 1).tag("dialect", store.dialect()).description("the store in use").register(registry);
        FunctionCounter.builder("lepton.store.commits", store, s -> s.commitStats().commits())
                .description("transactions the store's writer committed (one fsync each)").register(registry);
        FunctionCounter.builder("lepton.store.writes", store, s -> s.commitStats().writes())
                .description("units of write work those commits carried").register(registry);
    }

    /** Where other parts of the server register what they measure themselves (the gateway's requests). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The metrics name every project, queue and job: open to anyone on this machine when the server
     * listens on loopback only, and for any user's token once it listens beyond.
     */
    public void register(RouteTable routes, boolean loopbackOnly) {
        routes.get("/metrics", loopbackOnly ? Access.open() : Access.anyUser(), "metrics", (ctx, caller) ->
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape()));
    }

    public synchronized String scrape() {
        List<Job> active = store.read(tx -> tx.jobs().active()).stream().map(usage::overlay).toList();
        registerQueues(active, store.read(tx -> tx.queues().list()));
        Map<JobPhase, Integer> byPhase = new EnumMap<>(JobPhase.class);
        List<MultiGauge.Row<?>> cpu = new ArrayList<>();
        List<MultiGauge.Row<?>> memory = new ArrayList<>();
        for (Job job : active) {
            byPhase.merge(job.phase(), 1, Integer::sum);
            for (WorkerStatus w : job.status().workers()) {
                Tags tags = Tags.of("project", job.project(), "job", job.name(), "rank", Integer.toString(w.rank()));
                cpu.add(MultiGauge.Row.of(tags, w.cpuSeconds()));
                memory.add(MultiGauge.Row.of(tags, w.peakMemoryBytes()));
            }
        }
        List<MultiGauge.Row<?>> phases = new ArrayList<>();
        for (JobPhase phase : JobPhase.values()) {
            if (!phase.isTerminal()) {
                phases.add(MultiGauge.Row.of(Tags.of("phase", phase.displayName()), byPhase.getOrDefault(phase, 0)));
            }
        }
        jobs.register(phases, true);
        workerCpu.register(cpu, true);
        workerMemory.register(memory, true);
        registerNodes();
        registerEnergy();
        return registry.scrape();
    }

    /**
     * Counters since the server started: what workers cost, by project and queue
     * ({@code lepton_job_energy_joules_total}, {@code lepton_job_co2e_grams_total},
     * {@code lepton_job_cost_dollars_total}), and what the node drew and what of it no worker carried
     * ({@code lepton_node_energy_joules_total{part}}, {@code lepton_node_co2e_grams_total},
     * {@code lepton_node_cost_dollars_total}). Each reads the meter's totals when scraped.
     */
    private void registerEnergy() {
        EnergyMeter.Totals totals = energy.totals();
        for (String key : totals.byProjectAndQueue().keySet()) {
            if (energyKeys.add(key)) {
                String[] parts = key.split("\t", 2);
                Tags tags = Tags.of("project", parts[0], "queue", parts[1]);
                counter("lepton.job.energy", "joules", "energy of workers", tags, m -> of(m, key).joules());
                counter("lepton.job.co2e", "grams", "carbon of workers' energy, gCO2e", tags, m -> of(m, key).co2eGrams());
                counter("lepton.job.cost", "dollars", "cost of workers: the node's price by allocation and the energy price", tags,
                        m -> of(m, key).dollars());
            }
        }
        if (totals.node() != null && !nodeEnergyRegistered) {
            nodeEnergyRegistered = true;
            Tags node = Tags.of("node", totals.node().node());
            counter("lepton.node.energy", "joules", "energy the node drew, by who carried it", node.and("part", "workers"),
                    m -> m.totals().node().totalJoules() - m.totals().node().idleJoules() - m.totals().node().systemJoules());
            counter("lepton.node.energy", "joules", "energy the node drew, by who carried it", node.and("part", "idle"),
                    m -> m.totals().node().idleJoules());
            counter("lepton.node.energy", "joules", "energy the node drew, by who carried it", node.and("part", "system"),
                    m -> m.totals().node().systemJoules());
            counter("lepton.node.co2e", "grams", "carbon of the node's energy, gCO2e", node,
                    m -> m.totals().node().co2eGrams() + all(m).co2eGrams());
            counter("lepton.node.cost", "dollars", "the node's price and energy price, carried or not", node,
                    m -> m.totals().node().idleCostDollars() + all(m).dollars());
        }
    }

    /** A counter never reads below 0: a difference of sums (the workers' part) can come out at -1e-15, which Prometheus refuses. */
    private void counter(String name, String unit, String description, Tags tags, ToDoubleFunction<EnergyMeter> value) {
        FunctionCounter.builder(name, energy, m -> Math.max(0, value.applyAsDouble(m))).baseUnit(unit).description(description).tags(tags).register(registry);
    }

    private static Footprint of(EnergyMeter meter, String key) {
        return meter.totals().byProjectAndQueue().getOrDefault(key, Footprint.ZERO);
    }

    private static Footprint all(EnergyMeter meter) {
        return meter.totals().byProjectAndQueue().values().stream().reduce(Footprint.ZERO, Footprint::plus);
    }

    private void registerQueues(List<Job> active, List<Queue> queues) {
        Map<String, QueueTally> tallies = QueueTally.of(active);
        List<MultiGauge.Row<?>> jobsRows = new ArrayList<>();
        List<MultiGauge.Row<?>> usageRows = new ArrayList<>();
        List<MultiGauge.Row<?>> nominalRows = new ArrayList<>();
        for (Queue queue : queues) {
            QueueTally tally = tallies.getOrDefault(queue.name(), QueueTally.EMPTY);
            jobsRows.add(MultiGauge.Row.of(Tags.of("queue", queue.name(), "phase", "queued"), tally.queued()));
            jobsRows.add(MultiGauge.Row.of(Tags.of("queue", queue.name(), "phase", "running"), tally.running()));
            tally.usage().amounts().forEach((resource, amount) ->
                    usageRows.add(MultiGauge.Row.of(Tags.of("queue", queue.name(), "resource", resource), inUnits(resource, amount))));
            queue.spec().nominal().amounts().forEach((resource, amount) ->
                    nominalRows.add(MultiGauge.Row.of(Tags.of("queue", queue.name(), "resource", resource), inUnits(resource, amount))));
        }
        queueJobs.register(jobsRows, true);
        queueUsage.register(usageRows, true);
        queueNominal.register(nominalRows, true);
    }

    /** Cores rather than millicores, as the node gauges count. */
    private static double inUnits(String resource, long amount) {
        return resource.equals(Quota.CPU) ? amount / 1000.0 : amount;
    }

    private void registerNodes() {
        List<MultiGauge.Row<?>> cpu = new ArrayList<>();
        List<MultiGauge.Row<?>> memory = new ArrayList<>();
        List<MultiGauge.Row<?>> capacity = new ArrayList<>();
        List<MultiGauge.Row<?>> gpuBusy = new ArrayList<>();
        List<MultiGauge.Row<?>> gpuWatts = new ArrayList<>();
        for (Node node : nodes.nodes()) {
            capacity.add(MultiGauge.Row.of(Tags.of("node", node.name(), "resource", "cpu"), node.allocatable().cpuMillis() / 1000.0));
            capacity.add(MultiGauge.Row.of(Tags.of("node", node.name(), "resource", "memory"), node.allocatable().memoryBytes()));
            // resource=gpu counts accelerator devices of every name, as it always has; each name has its own row as well.
            capacity.add(MultiGauge.Row.of(Tags.of("node", node.name(), "resource", "gpu"), node.allocatable().gpus()));
            node.allocatable().accelerators().asMap().forEach((name, count) ->
                    capacity.add(MultiGauge.Row.of(Tags.of("node", node.name(), "resource", name), count)));
            NodeUsage usage = nodes.usage(node.name()).orElse(null);
            if (usage == null) {
                continue;
            }
            cpu.add(MultiGauge.Row.of(Tags.of("node", node.name()), usage.cpuUtilization()));
            memory.add(MultiGauge.Row.of(Tags.of("node", node.name()), usage.memoryUsedBytes()));
            Map<Integer, String> resourceOf = new HashMap<>();
            node.gpus().forEach(device -> resourceOf.put(device.index(), device.resource()));
            for (GpuUsage gpu : usage.gpus()) {
                Tags tags = Tags.of("node", node.name(), "gpu", Integer.toString(gpu.index()), "accelerator",
                        resourceOf.getOrDefault(gpu.index(), Accelerators.NVIDIA_GPU));
                gpuBusy.add(MultiGauge.Row.of(tags, gpu.utilization()));
                gpu.powerWatts().ifPresent(w -> gpuWatts.add(MultiGauge.Row.of(tags, w)));
            }
        }
        nodeCpu.register(cpu, true);
        nodeMemory.register(memory, true);
        nodeCapacity.register(capacity, true);
        gpuUtilization.register(gpuBusy, true);
        gpuPower.register(gpuWatts, true);
    }
}
