package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.engine.JobRuns;
import dev.lepton.sim.engine.RunSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Counts a replay's energy, carbon and cost, a pure function of what ran where and when.
 *
 * <ul>
 *   <li><b>Energy</b>: a job's GPUs at their busy power (utilisation 1.0: traces give none) for as long as it
 *       held them. CPUs, memory and the network are not counted.</li>
 *   <li><b>Idle</b>: GPUs nobody held, at their idle power, from the first arrival to the last completion (the
 *       makespan); reported for the cluster, not charged to jobs.</li>
 *   <li><b>Carbon</b>: energy × PUE × the intensity of each hour it fell in.</li>
 *   <li><b>Cost</b>: a node's price per hour shared by its GPUs (a job pays for the GPUs it holds, idle GPUs
 *       are the cluster's), plus energy × PUE × the energy price.</li>
 * </ul>
 */
public final class Footprint {
    private static final double JOULES_PER_KWH = 3.6e6;

    private final ClusterSpec cluster;
    private final List<GpuPower> power;
    private final FootprintConfig config;
    private final boolean priced;

    public Footprint(ClusterSpec cluster, List<GpuPower> power, FootprintConfig config) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.power = List.copyOf(power);
        this.config = requireNonNull(config, "config is null");
        if (this.power.size() != cluster.groups().size()) {
            throw new IllegalArgumentException("one GpuPower per node group: " + power.size() + " for " + cluster.groups().size());
        }
        this.priced = config.energyPricePerKwh() > 0 || cluster.groups().stream().anyMatch(g -> g.pricePerHour().isPresent());
    }

    /** Whether any price was given: without one, no dollar figures are reported. */
    public boolean priced() {
        return priced;
    }

    /** The footprint of a replay's completed jobs ({@code runs}) and of the GPUs they left idle. */
    public RunFootprint of(List<JobRuns> runs) {
        int groups = cluster.groups().size();
        double[] busyGpuHours = new double[groups];
        double[] busyGramHours = new double[groups];
        List<JobFootprint> jobs = new ArrayList<>(runs.size());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (JobRuns job : runs) {
            double joules = 0;
            double grams = 0;
            double dollars = 0;
            double watts = 0;
            long lastRunStart = Long.MIN_VALUE;
            first = Math.min(first, job.submitMillis());
            last = Math.max(last, job.releasedMillis());
            for (RunSpan span : job.spans()) {
                GpuPower gpu = power.get(span.group());
                double hours = span.millis() / 3.6e6;
                joules += span.gpus() * gpu.busyWatts() * span.millis() / 1000.0;
                if (span.startMillis() != lastRunStart) { // a new run: spans of one run across groups share their start
                    watts = 0;
                    lastRunStart = span.startMillis();
                }
                watts += span.gpus() * gpu.busyWatts();
                dollars += span.gpus() * hours * pricePerGpuHour(span.group());
                busyGpuHours[span.group()] += span.gpus() * hours;
                if (config.carbon().isPresent()) {
                    double gramHours = config.carbon().get().gramHours(span.startMillis(), span.endMillis());
                    grams += span.gpus() * gpu.busyWatts() / 1000.0 * gramHours * config.pue();
                    busyGramHours[span.group()] += span.gpus() * gramHours;
                }
                last = Math.max(last, span.endMillis());
            }
            double kwh = joules / JOULES_PER_KWH;
            dollars += kwh * config.pue() * config.energyPricePerKwh();
            jobs.add(new JobFootprint(job.id(), job.heldMillis() / 1000.0, kwh,
                    config.carbon().isPresent() ? OptionalDouble.of(grams / 1000) : OptionalDouble.empty(),
                    priced ? OptionalDouble.of(dollars) : OptionalDouble.empty(),
                    uninterrupted(watts, job.submitMillis(), job.durationMillis()), uninterrupted(watts, job.releasedMillis(), job.durationMillis())));
        }
        if (runs.isEmpty()) {
            first = 0;
            last = 0;
        }
        boolean repeated = config.carbon().isPresent() && config.carbon().get().repeats(last);
        return new RunFootprint(jobs, idle(first, last, busyGpuHours, busyGramHours), config, priced, repeated, power);
    }

    /** Carbon of {@code watts} from {@code start} for {@code millis}, uninterrupted: the counterfactuals of deferral. */
    private OptionalDouble uninterrupted(double watts, long start, long millis) {
        return config.carbon().isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(watts / 1000.0 * config.carbon().get().gramHours(start, start + millis) * config.pue() / 1000);
    }

    /** The GPUs nobody held over [first, last], at idle power. */
    private RunFootprint.Idle idle(long first, long last, double[] busyGpuHours, double[] busyGramHours) {
        double makespanHours = (last - first) / 3.6e6;
        double makespanGramHours = config.carbon().map(axis -> axis.gramHours(first, last)).orElse(0.0);
        double joules = 0;
        double grams = 0;
        double dollars = 0;
        for (int g = 0; g < power.size(); g++) {
            ClusterSpec.NodeGroup group = cluster.groups().get(g);
            int capacity = group.count() * group.gpus();
            double idleGpuHours = Math.max(0, capacity * makespanHours - busyGpuHours[g]);
            joules += idleGpuHours * 3600 * power.get(g).idleWatts();
            grams += power.get(g).idleWatts() / 1000.0 * Math.max(0, capacity * makespanGramHours - busyGramHours[g]) * config.pue();
            dollars += group.gpus() == 0 ? group.count() * makespanHours * group.pricePerHour().orElse(0)
                    : idleGpuHours * pricePerGpuHour(g);
        }
        double kwh = joules / JOULES_PER_KWH;
        dollars += kwh * config.pue() * config.energyPricePerKwh();
        return new RunFootprint.Idle(makespanHours * 3600, kwh, grams / 1000, dollars);
    }

    private double pricePerGpuHour(int group) {
        ClusterSpec.NodeGroup g = cluster.groups().get(group);
        return g.gpus() == 0 ? 0 : g.pricePerHour().orElse(0) / g.gpus();
    }
}
