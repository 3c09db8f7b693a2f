package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.energy.AttemptActivity;
import dev.lepton.core.energy.Attribution;
import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.NodeInterval;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.energy.RunEstimate;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.node.Node;
import dev.lepton.node.power.ProcStat;
import dev.lepton.server.scheduler.RunningWorker;
import dev.lepton.store.EnergyLedger;
import dev.lepton.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters this node's energy on each usage sample: reads its power, attributes it to the workers that
 * ran ({@link EnergyAttribution}: the parts add up to the node; each GPU as {@link GpuWeights} says),
 * prices each part in gCO2e (energy × the grid's intensity for the node's region at that hour × PUE)
 * and in dollars (the node's price per hour shared by allocation, plus the energy price), and adds it
 * to the worker's hour. What no worker carried (idle and system power, unallocated price) goes to the
 * node's hour. Every {@code persistEvery} the hours accrued reach the energy ledger in one write, as
 * additions, so that a restart loses at most that interval and counts nothing twice.
 *
 * <p>A worker whose executor gives its energy ({@link dev.lepton.core.energy.EnergySampling}: Slurm's
 * energy plugin, or the Slurm executor's model of a node nothing measures) is metered by those figures
 * instead ({@link MeasuredIntervals}), marked measured or modelled as they are, and priced by its own
 * node's region and price; on this node only a measured figure replaces the meter's own model. On this
 * node it keeps its place in the split, so the idle and system parts stay what they were; the modelled
 * share it would have had is replaced, not moved. Its energy is not split by component and is kept with
 * the CPU's. A figure an executor gives once a worker has ended (Slurm settling a job) is added once.
 *
 * <p>Every worker's joules are also kept by source ({@code rapl}, {@code nvidia-smi}, a model, an
 * executor's measurement: {@link EnergyLedger.SourceRow}), so that a job's footprint names them.
 *
 * <p>Called from the node monitor's one thread; readers (a job's footprint, metrics) take the lock
 * that the write to the ledger holds, so they never see accrued figures both written and pending.
 */
public final class EnergyMeter {
    /**
     * The grid intensity used where no source knows a node's region: the world average of 2023,
     * 480 gCO2e/kWh (Ember, Global Electricity Review 2024). Set {@code --carbon-intensity} or
     * {@code --carbon-intensity-file} for the node's region to replace it.
     */
    public static final double WORLD_AVERAGE_INTENSITY = 480;

    private static final Logger log = LoggerFactory.getLogger(EnergyMeter.class);

    private final Store store;
    private final PowerSource power;
    private final GpuShares gpuShares;
    private final IdleBaseline baseline;
    private final EnergyAttribution attribution;
    private final Supplier<ProcStat.CpuTime> nodeCpu;
    private final Supplier<Node> node;
    private final Supplier<Collection<Node>> cluster;
    private final Supplier<Collection<RunningWorker>> workers;
    private final CarbonIntensitySource intensity;
    private final EnergySettings settings;
    private final InstantSource clock;
    private final Duration persistEvery;
    private final IdleWatch idle;

    private final Object lock = new Object();
    private final Map<AttemptId, Map<Instant, Footprint>> pending = new HashMap<>();
    private final Map<AttemptId, Map<String, EnergyLedger.SourceJoules>> pendingSources = new HashMap<>();
    private final Map<Instant, EnergyLedger.NodeRow> pendingNode = new HashMap<>();
    private final Map<String, Footprint> byProjectAndQueue = new HashMap<>();
    private EnergyLedger.NodeRow nodeTotal;

    // The sampling thread's alone.
    private final Map<AttemptId, Double> lastCpu = new HashMap<>();
    private final MeasuredIntervals measuredIntervals = new MeasuredIntervals();
    private final Set<String> measuredSources = new HashSet<>();
    private ProcStat.CpuTime lastNodeCpu;
    private Instant lastAt;
    private Instant persistedAt;
    private boolean warnedDefault;

    /**
     * @param node this machine, whose power {@code power} reads
     * @param cluster every node the server knows: a worker elsewhere whose energy its executor measured is priced by its node
     * @param workers every running worker, on any node
     */
    public EnergyMeter(Store store, PowerSource power, GpuShares gpuShares, IdleBaseline baseline, EnergyAttribution attribution,
                       Supplier<ProcStat.CpuTime> nodeCpu, Supplier<Node> node, Supplier<Collection<Node>> cluster,
                       Supplier<Collection<RunningWorker>> workers, CarbonIntensitySource intensity, EnergySettings settings, InstantSource clock,
                       Duration persistEvery, IdleWatch idle) {
        this.idle = requireNonNull(idle, "idle is null");
        this.store = requireNonNull(store, "store is null");
        this.power = requireNonNull(power, "power is null");
        this.gpuShares = requireNonNull(gpuShares, "gpuShares is null");
        this.baseline = requireNonNull(baseline, "baseline is null");
        this.attribution = requireNonNull(attribution, "attribution is null");
        this.nodeCpu = requireNonNull(nodeCpu, "nodeCpu is null");
        this.node = requireNonNull(node, "node is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.intensity = requireNonNull(intensity, "intensity is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.persistEvery = requireNonNull(persistEvery, "persistEvery is null");
    }

    /** {@link #sample(Map, Map)} where no executor measures energy. */
    public void sample(Map<AttemptId, Usage> usage) {
        sample(usage, Map.of());
    }

    /**
     * One interval, ending now; {@code usage} is every running worker's usage so far, as just sampled,
     * and {@code measured} the energy executors gave for theirs so far (running totals).
     * Each GPU is split among the attempts whose processes are on it now, by their memory there, else
     * among its holders by allocation ({@link GpuWeights}): one query of the GPUs' processes per sample.
     */
    public void sample(Map<AttemptId, Usage> usage, Map<AttemptId, WorkerEnergy> measured) {
        Instant now = clock.instant();
        List<ComponentReading> readings = power.read();
        ProcStat.CpuTime cpu = nodeCpu.get();
        if (lastAt == null) {
            // The sources' first readings cover the time before the meter started: a baseline, not an interval.
            lastAt = now;
            lastNodeCpu = cpu;
            persistedAt = now;
            usage.forEach((attempt, u) -> lastCpu.put(attempt, u.cpuSeconds()));
            measuredIntervals.baseline(measured, workers.get(), node.get().name());
            return;
        }
        Node here = node.get();
        Duration length = Duration.between(lastAt, now);
        Collection<RunningWorker> everywhere = workers.get();
        MeasuredIntervals.Interval given = measuredIntervals.next(measured, everywhere, here.name(), now);
        noteSources(measured);
        List<RunningWorker> running = everywhere.stream().filter(w -> w.node().equals(here.name())).toList();
        Map<AttemptId, Map<Integer, Double>> gpus = GpuWeights.of(running,
                running.isEmpty() ? Map.of() : gpuShares.shares(running.stream().map(RunningWorker::attempt).collect(Collectors.toSet())));
        List<AttemptActivity> activities = new ArrayList<>(running.size());
        Map<AttemptId, Double> cpuNow = new HashMap<>();
        for (RunningWorker worker : running) {
            double total = usage.getOrDefault(worker.attempt(), Usage.NONE).cpuSeconds();
            cpuNow.put(worker.attempt(), total);
            double used = Math.max(0, total - lastCpu.getOrDefault(worker.attempt(), 0.0));
            activities.add(new AttemptActivity(worker.attempt(), worker.allocated(), used, gpus.get(worker.attempt())));
        }
        Attribution split = attribution.attribute(new NodeInterval(length, baseline.apply(readings), here.allocatable(),
                Math.max(0, cpu.busySeconds() - lastNodeCpu.busySeconds()), activities));
        Map<AttemptId, Footprint> costs = account(here, now, length, running, split, sources(readings), given.running());
        accountElsewhere(here, now, length, everywhere, given);
        for (int i = 0; i < running.size(); i++) {
            RunningWorker worker = running.get(i);
            idle.observe(now, length, worker, activities.get(i).cpuSeconds(), costs.getOrDefault(worker.attempt(), Footprint.ZERO));
        }
        idle.retain(cpuNow.keySet());
        lastAt = now;
        lastNodeCpu = cpu;
        lastCpu.clear();
        lastCpu.putAll(cpuNow);
        if (!now.isBefore(persistedAt.plus(persistEvery))) {
            persist();
            persistedAt = now;
        }
    }

    /**
     * Adds the interval to this node's workers' and its own hours; answers what it cost each worker. A
     * worker with a figure from its executor carries that instead of its share of the split.
     */
    private Map<AttemptId, Footprint> account(Node here, Instant now, Duration length, List<RunningWorker> running, Attribution split,
                                              Map<ComponentKind, String> sources, Map<AttemptId, WorkerEnergy> given) {
        Map<AttemptId, Footprint> costs = new HashMap<>();
        double gramsPerJoule = gramsPerKwh(here.region(), now) * settings.pue() / 3.6e6;
        double hours = length.toNanos() / 3.6e12;
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        double shares = 0;
        synchronized (lock) {
            for (RunningWorker worker : running) {
                WorkerEnergy figure = given.get(worker.attempt());
                ComponentJoules joules = figure != null ? ComponentJoules.of(ComponentKind.CPU_PACKAGE, figure.joules()) : split.of(worker.attempt());
                double share = RunEstimate.priceShare(worker.allocated(), here.allocatable());
                shares += share;
                Footprint footprint = new Footprint(joules, figure != null ? measuredPart(figure) : measured(joules, split),
                        joules.total() * gramsPerJoule,
                        here.pricePerHour() * hours * share + settings.energyPricePerKwh() * Footprint.kwh(joules.total()));
                costs.put(worker.attempt(), footprint);
                accrue(worker, hour, footprint);
                if (figure != null) {
                    accrueSource(worker.attempt(), figure.source(), figure.joules(), measuredPart(figure));
                } else {
                    for (ComponentKind kind : ComponentKind.values()) {
                        accrueSource(worker.attempt(), sources.getOrDefault(kind, "unknown"), joules.get(kind),
                                split.provenance().get(kind) == Provenance.MEASURED ? joules.get(kind) : 0);
                    }
                }
            }
            ComponentJoules unattributed = split.unattributed();
            EnergyLedger.NodeRow row = new EnergyLedger.NodeRow(here.name(), hour, split.node().total(), split.idle().total(),
                    split.system().total(), measured(split.node(), split), unattributed.total() * gramsPerJoule,
                    here.pricePerHour() * hours * Math.max(0, 1 - shares) + settings.energyPricePerKwh() * Footprint.kwh(unattributed.total()));
            pendingNode.merge(hour, row, EnergyMeter::plus);
            nodeTotal = nodeTotal == null ? row : plus(nodeTotal, row);
        }
        return costs;
    }

    /**
     * Adds the interval of every worker on another node that its executor gave a figure for, and of
     * every worker whose executor settled its figure after it ended (on any node): the figure's joules,
     * measured or modelled as it says, priced by the worker's node's region and its share of that node's
     * price for the interval (energy price alone, and the default intensity, for a node the server no
     * longer knows; energy price alone for a figure after the end). Workers elsewhere without a figure are
     * not metered here.
     */
    private void accountElsewhere(Node here, Instant now, Duration length, Collection<RunningWorker> everywhere,
                                  MeasuredIntervals.Interval given) {
        List<RunningWorker> elsewhere = everywhere.stream()
                .filter(w -> !w.node().equals(here.name()) && given.running().containsKey(w.attempt())).toList();
        if (elsewhere.isEmpty() && given.ended().isEmpty()) {
            return;
        }
        Map<String, Node> nodes = cluster.get().stream().collect(Collectors.toMap(Node::name, Function.identity(), (a, b) -> a));
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        synchronized (lock) {
            for (RunningWorker worker : elsewhere) {
                accrueGiven(worker, nodes, now, hour, length, given.running().get(worker.attempt()));
            }
            given.ended().forEach((worker, figure) -> accrueGiven(worker, nodes, now, hour, Duration.ZERO, figure));
        }
    }

    /** A worker's figure over {@code length}, priced by its node; under the lock. */
    private void accrueGiven(RunningWorker worker, Map<String, Node> nodes, Instant now, Instant hour, Duration length, WorkerEnergy figure) {
        Optional<Node> node = Optional.ofNullable(nodes.get(worker.node()));
        double hours = length.toNanos() / 3.6e12;
        double joules = figure.joules();
        double gramsPerJoule = gramsPerKwh(node.map(Node::region).orElse(""), now) * settings.pue() / 3.6e6;
        double price = node.map(n -> n.pricePerHour() * hours * RunEstimate.priceShare(worker.allocated(), n.allocatable())).orElse(0.0);
        accrue(worker, hour, new Footprint(ComponentJoules.of(ComponentKind.CPU_PACKAGE, joules), measuredPart(figure), joules * gramsPerJoule,
                price + settings.energyPricePerKwh() * Footprint.kwh(joules)));
        accrueSource(worker.attempt(), figure.source(), joules, measuredPart(figure));
    }

    private static double measuredPart(WorkerEnergy figure) {
        return figure.provenance() == Provenance.MEASURED ? figure.joules() : 0;
    }

    /** Each component kind's source in this interval's readings ({@code rapl}, {@code nvidia-smi+model:power-limit} where GPUs differ). */
    private static Map<ComponentKind, String> sources(List<ComponentReading> readings) {
        Map<ComponentKind, SortedSet<String>> byKind = new EnumMap<>(ComponentKind.class);
        readings.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new TreeSet<>()).add(r.source()));
        Map<ComponentKind, String> sources = new EnumMap<>(ComponentKind.class);
        byKind.forEach((kind, names) -> sources.put(kind, String.join("+", names)));
        return sources;
    }

    /** Adds a worker's joules from one source; nothing for none. Under the lock. */
    private void accrueSource(AttemptId attempt, String source, double joules, double measuredJoules) {
        if (joules > 0) {
            pendingSources.computeIfAbsent(attempt, a -> new HashMap<>())
                    .merge(source, new EnergyLedger.SourceJoules(source, joules, measuredJoules), EnergyLedger.SourceJoules::plus);
        }
    }

    /** Adds a worker's interval to its hour and to its project's and queue's totals; under the lock. */
    private void accrue(RunningWorker worker, Instant hour, Footprint footprint) {
        pending.computeIfAbsent(worker.attempt(), a -> new HashMap<>()).merge(hour, footprint, Footprint::plus);
        byProjectAndQueue.merge(worker.project() + "\t" + worker.queue(), footprint, Footprint::plus);
    }

    /** Says once per source that some workers' energy is given by their executor from now on. */
    private void noteSources(Map<AttemptId, WorkerEnergy> given) {
        for (WorkerEnergy energy : given.values()) {
            if (measuredSources.add(energy.source())) {
                log.atInfo().setMessage("workers' energy given by their executor; a measured figure replaces the model for them, "
                        + "a modelled one does so on nodes this server does not meter").addKeyValue("source", energy.source())
                        .addKeyValue("provenance", energy.provenance()).log();
            }
        }
    }

    public IdleWatch.Settings idleSettings() {
        return idle.settings();
    }

    /** The workers idle for at least the idle window now (power advice). */
    public List<IdleWatch.Idle> idle() {
        return idle.idle(clock.instant());
    }

    /** How a run on {@code node} is estimated before it starts; empty for a node this meter does not measure. */
    public Optional<RunEstimate> estimates(Node node) {
        if (!node.name().equals(this.node.get().name())) {
            return Optional.empty();
        }
        return Optional.of(new RunEstimate(baseline.model(), node.allocatable(), settings.idlePolicy(), settings.pue(), node.pricePerHour(),
                settings.energyPricePerKwh()));
    }

    private double gramsPerKwh(String region, Instant at) {
        return intensity.intensity(region, at).map(Intensity::gramsPerKwh).orElseGet(() -> {
            if (!warnedDefault) {
                warnedDefault = true;
                log.atWarn().setMessage("no carbon intensity for this node's region; the world average is used until one is given "
                        + "(--carbon-intensity REGION=GRAMS or --carbon-intensity-file REGION=FILE)").addKeyValue("region", region)
                        .addKeyValue("gramsPerKwh", WORLD_AVERAGE_INTENSITY).log();
            }
            return WORLD_AVERAGE_INTENSITY;
        });
    }

    private static double measured(ComponentJoules joules, Attribution split) {
        double measured = 0;
        for (ComponentKind kind : ComponentKind.values()) {
            if (split.provenance().get(kind) == Provenance.MEASURED) {
                measured += joules.get(kind);
            }
        }
        return measured;
    }

    /** Writes the hours accrued since the last write, as additions to the ledger's rows; kept for the next try if the write fails. */
    public void persist() {
        synchronized (lock) {
            if (pending.isEmpty() && pendingNode.isEmpty() && pendingSources.isEmpty()) {
                return;
            }
            List<EnergyLedger.AttemptRow> rows = new ArrayList<>();
            pending.forEach((attempt, hours) -> hours.forEach((hour, footprint) -> rows.add(new EnergyLedger.AttemptRow(attempt, hour, footprint))));
            List<EnergyLedger.NodeRow> nodeRows = List.copyOf(pendingNode.values());
            List<EnergyLedger.SourceRow> sourceRows = new ArrayList<>();
            pendingSources.forEach((attempt, sources) -> sources.values().forEach(s ->
                    sourceRows.add(new EnergyLedger.SourceRow(attempt, s.source(), s.joules(), s.measuredJoules()))));
            try {
                store.write(tx -> {
                    tx.energy().add(rows);
                    tx.energy().addNode(nodeRows);
                    tx.energy().addSources(sourceRows);
                    return null;
                });
                pending.clear();
                pendingNode.clear();
                pendingSources.clear();
            } catch (RuntimeException e) {
                log.atWarn().setMessage("cannot write the energy ledger; its figures are kept for the next write").addKeyValue("error", e.toString()).log();
            }
        }
    }

    /** What the job's workers cost so far: the ledger's rows and what has accrued since the last write. */
    public Footprint footprintOf(String jobUid) {
        synchronized (lock) {
            Footprint total = store.read(tx -> tx.energy().ofJob(jobUid));
            for (Map.Entry<AttemptId, Map<Instant, Footprint>> entry : pending.entrySet()) {
                if (entry.getKey().jobUid().equals(jobUid)) {
                    for (Footprint f : entry.getValue().values()) {
                        total = total.plus(f);
                    }
                }
            }
            return total;
        }
    }

    /** Where the job's workers' energy came from so far, by source in name order: the ledger's and what has accrued since the last write. */
    public List<EnergyLedger.SourceJoules> sourcesOf(String jobUid) {
        synchronized (lock) {
            Map<String, EnergyLedger.SourceJoules> total = new TreeMap<>();
            store.read(tx -> tx.energy().sourcesOfJob(jobUid)).forEach(s -> total.merge(s.source(), s, EnergyLedger.SourceJoules::plus));
            pendingSources.forEach((attempt, sources) -> {
                if (attempt.jobUid().equals(jobUid)) {
                    sources.values().forEach(s -> total.merge(s.source(), s, EnergyLedger.SourceJoules::plus));
                }
            });
            return List.copyOf(total.values());
        }
    }

    /** Since the server started: what workers cost, by project and queue (joined by a tab), and what the node drew (null before a first interval). */
    public Totals totals() {
        synchronized (lock) {
            return new Totals(Map.copyOf(byProjectAndQueue), nodeTotal);
        }
    }

    /** Counters for {@code /metrics}. */
    public record Totals(Map<String, Footprint> byProjectAndQueue, EnergyLedger.NodeRow node) {}

    private static EnergyLedger.NodeRow plus(EnergyLedger.NodeRow a, EnergyLedger.NodeRow b) {
        return new EnergyLedger.NodeRow(a.node(), a.hour(), a.totalJoules() + b.totalJoules(), a.idleJoules() + b.idleJoules(),
                a.systemJoules() + b.systemJoules(), a.measuredJoules() + b.measuredJoules(), a.co2eGrams() + b.co2eGrams(),
                a.idleCostDollars() + b.idleCostDollars());
    }
}
