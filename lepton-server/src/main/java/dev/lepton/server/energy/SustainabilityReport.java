package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiSustainability;
import dev.lepton.api.v1.ApiUsage;
import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.node.Node;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.Quota;
import dev.lepton.server.usage.UsageReport;
import dev.lepton.store.AttemptUsage;
import dev.lepton.store.EnergyLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sustainability indicators of a window, from the energy and usage ledgers, the queues' quotas
 * and the nodes: pure, so that every figure can be worked by hand in a test.
 */
public final class SustainabilityReport {
    /** Half an hour: a ledger hour's energy is taken to have been drawn at its middle. */
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private SustainabilityReport() {}

    /**
     * What the report reads; {@code workloads} are the energy ledger's rows of every project, {@code unattributed} the nodes',
     * {@code jobs} the jobs with ledger hours in the window.
     */
    public record Inputs(Instant from, Instant to, Instant now, List<EnergyLedger.Rollup> workloads, Collection<EnergyLedger.NodeRow> unattributed,
                         List<AttemptUsage> usage, List<Queue> queues, List<Node> nodes, List<JobRun> jobs, CarbonIntensitySource intensity,
                         double pue) {
        public Inputs {
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * A job's ledger hours in the window, whether it may be deferred for carbon (it has a {@code spec.schedule}), when it was
     * submitted and when its first worker started, over all its attempts.
     */
    public record JobRun(boolean deferrable, Instant submittedAt, Instant firstStart, List<EnergyLedger.JobHour> hours) {
        public JobRun {
            requireNonNull(submittedAt, "submittedAt is null");
            requireNonNull(firstStart, "firstStart is null");
            hours = List.copyOf(hours);
        }

        /** How long after its submission it first started. */
        public Duration shift() {
            return Duration.between(submittedAt, firstStart);
        }
    }

    public static ApiSustainability of(Inputs in) {
        Footprint work = in.workloads().stream().map(EnergyLedger.Rollup::footprint).reduce(Footprint.ZERO, Footprint::plus);
        double idleJoules = 0;
        double nodeJoules = 0;
        double measuredJoules = 0;
        double idleCo2e = 0;
        double idleCost = 0;
        for (EnergyLedger.NodeRow node : in.unattributed()) {
            idleJoules += node.idleJoules() + node.systemJoules();
            nodeJoules += node.totalJoules();
            measuredJoules += node.measuredJoules();
            idleCo2e += node.co2eGrams();
            idleCost += node.idleCostDollars();
        }
        boolean gpus = in.nodes().stream().anyMatch(n -> n.allocatable().gpus() > 0);
        String resource = gpus ? "gpu" : "cpu";
        double windowHours = Duration.between(in.from(), in.to()).toMillis() / 3.6e6;
        double capacity = in.nodes().stream().mapToDouble(n -> gpus ? n.allocatable().gpus() : n.allocatable().cpuMillis() / 1000.0).sum()
                * windowHours;
        ApiUsage byQueue = UsageReport.of(in.usage(), UsageReport.By.QUEUE, in.from(), in.to(), in.now());
        double allocated = byQueue.rows().stream().mapToDouble(r -> gpus ? r.gpuHours() : r.cpuHours()).sum();
        double totalCost = work.dollars() + idleCost;
        ApiSustainability.Economic economic = new ApiSustainability.Economic(totalCost, work.dollars(), idleCost, resource, allocated, capacity,
                capacity > 0 ? allocated / capacity : null, allocated > 0 ? totalCost / allocated : null);

        double kwh = Footprint.kwh(work.joules() + idleJoules);
        ApiSustainability.Environmental environmental = new ApiSustainability.Environmental(kwh, work.kwh(), (work.co2eGrams() + idleCo2e) / 1000,
                nodeJoules > 0 ? measuredJoules / nodeJoules : 0, work.kwh() > 0 ? work.co2eGrams() / work.kwh() / in.pue() : null,
                gridAverage(in), carbonAvoidedKg(in));

        double nominal = in.queues().stream().mapToDouble(q -> quota(q, gpus)).sum();
        List<ApiSustainability.Access> access = new ArrayList<>();
        for (ApiUsage.Row row : byQueue.rows()) {
            double hours = gpus ? row.gpuHours() : row.cpuHours();
            Optional<Queue> queue = in.queues().stream().filter(q -> q.name().equals(row.key())).findFirst();
            Double quotaShare = queue.map(q -> quota(q, gpus)).filter(q -> q > 0 && nominal > 0).map(q -> q / nominal).orElse(null);
            access.add(new ApiSustainability.Access(row.key(), hours, allocated > 0 ? hours / allocated : 0, quotaShare));
        }
        return new ApiSustainability(in.from(), in.to(), economic, environmental, access);
    }

    /** GPUs, or cores, of a queue's nominal quota. */
    private static double quota(Queue queue, boolean gpus) {
        return gpus ? queue.spec().nominal().get(Quota.GPU) : queue.spec().nominal().get(Quota.CPU) / 1000.0;
    }

    /**
     * Carbon avoided by deferral against starting at submission: each hour of a deferrable job that started a shift after its
     * submission is priced again at its node region's intensity one shift earlier (at the hour's middle, so that a shift of
     * seconds compares an hour with itself), and what it was priced at is taken off. Hours on a node no longer known, or
     * whose earlier intensity the source does not know, are left out; null where no hour is left.
     */
    private static Double carbonAvoidedKg(Inputs in) {
        Map<String, String> regions = in.nodes().stream().collect(Collectors.toMap(Node::name, Node::region, (a, b) -> a));
        double avoidedGrams = 0;
        boolean counted = false;
        for (JobRun run : in.jobs()) {
            if (!run.deferrable() || !run.shift().isPositive()) {
                continue;
            }
            for (EnergyLedger.JobHour hour : run.hours()) {
                Optional<Intensity> atSubmission = Optional.ofNullable(regions.get(hour.node()))
                        .flatMap(region -> in.intensity().intensity(region, hour.hour().plus(HALF_HOUR).minus(run.shift())));
                if (atSubmission.isPresent()) {
                    avoidedGrams += Footprint.kwh(hour.joules()) * in.pue() * atSubmission.get().gramsPerKwh() - hour.co2eGrams();
                    counted = true;
                }
            }
        }
        return counted ? avoidedGrams / 1000 : null;
    }

    /** The mean hourly intensity over the window, over the nodes' regions; null where no source knows them. */
    private static Double gridAverage(Inputs in) {
        List<Double> means = new ArrayList<>();
        for (Node node : in.nodes()) {
            List<HourlyIntensity> hours = in.intensity().hourly(node.region(), in.from(), in.to());
            if (!hours.isEmpty()) {
                means.add(hours.stream().mapToDouble(h -> h.gramsPerKwh()).average().orElseThrow());
            } else {
                in.intensity().intensity(node.region(), in.from()).map(Intensity::gramsPerKwh).ifPresent(means::add);
            }
        }
        return means.isEmpty() ? null : means.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
