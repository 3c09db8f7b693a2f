package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergySource;
import dev.lepton.api.v1.ApiEnergyReport;
import dev.lepton.api.v1.ApiIdleReport;
import dev.lepton.core.auth.Role;
import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.node.Node;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.RouteTable;
import dev.lepton.server.usage.UsageRoutes;
import dev.lepton.store.EnergyLedger;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/reports/energy?by=job|queue|project|user|node|day&from=…&to=…}: what a project's
 * workloads (or, with {@code allProjects=true}, every project's, with what no workload carried)
 * cost in energy, carbon and money over a window, from the energy ledger (what the meter accrued
 * since its last write is written first); {@code GET /api/v1/reports/sustainability}: the cluster's economic,
 * environmental and social indicators over a window ({@link SustainabilityReport}). {@code from}
 * and {@code to} as for usage; by default the last 30 days.
 */
public final class EnergyRoutes {
    private final Store store;
    private final InstantSource clock;
    private final Supplier<List<Node>> nodes;
    private final CarbonIntensitySource intensity;
    private final double pue;
    private final EnergyMeter meter;

    public EnergyRoutes(Store store, InstantSource clock, Supplier<List<Node>> nodes, CarbonIntensitySource intensity, double pue,
                        EnergyMeter meter) {
        this.meter = requireNonNull(meter, "meter is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.intensity = requireNonNull(intensity, "intensity is null");
        this.pue = pue;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/reports/energy", Access.project(Role.VIEWER), "report.energy", (ctx, caller) -> {
            boolean all = "true".equals(ctx.queryParam("allProjects"));
            if (all) {
                caller.requireEverywhere(Role.VIEWER);
            }
            EnergyLedger.By by = by(ctx.queryParam("by"));
            Instant now = clock.instant();
            Instant to = UsageRoutes.instant(ctx, "to", now, now);
            Instant from = UsageRoutes.instant(ctx, "from", to.minus(UsageRoutes.DEFAULT_WINDOW), now);
            if (!from.isBefore(to)) {
                throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "from: must be before to (got from " + from + ", to " + to + ")");
            }
            Optional<String> project = all ? Optional.empty() : Optional.of(caller.project());
            // What accrued since the meter's last write is in the report too.
            meter.persist();
            // Rows are whole hours: a window takes every hour that starts in it.
            List<EnergyLedger.Rollup> rollups = store.read(tx -> tx.energy().rollup(by, project, hourOf(from), to));
            Footprint total = rollups.stream().map(EnergyLedger.Rollup::footprint).reduce(Footprint.ZERO, Footprint::plus);
            ApiEnergy unattributed = null;
            if (all) {
                Map<String, EnergyLedger.NodeRow> nodes = store.read(tx -> tx.energy().unattributed(hourOf(from), to));
                double joules = nodes.values().stream().mapToDouble(n -> n.idleJoules() + n.systemJoules()).sum();
                double co2e = nodes.values().stream().mapToDouble(EnergyLedger.NodeRow::co2eGrams).sum();
                double dollars = nodes.values().stream().mapToDouble(EnergyLedger.NodeRow::idleCostDollars).sum();
                unattributed = energy(new Footprint(new ComponentJoules(joules, 0, 0), 0, co2e, dollars));
            }
            List<ApiEnergyReport.Row> rows = rollups.stream().map(r -> new ApiEnergyReport.Row(key(by, r.key()), energy(r.footprint()))).toList();
            Bodies.json(ctx, new ApiEnergyReport(by.name().toLowerCase(Locale.ROOT), from, to, rows, energy(total), unattributed));
        });
        routes.get("/api/v1/reports/sustainability", Access.cluster(Role.VIEWER), "report.sustainability", (ctx, caller) -> {
            Instant now = clock.instant();
            Instant to = UsageRoutes.instant(ctx, "to", now, now);
            Instant from = UsageRoutes.instant(ctx, "from", to.minus(UsageRoutes.DEFAULT_WINDOW), now);
            if (!from.isBefore(to)) {
                throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "from: must be before to (got from " + from + ", to " + to + ")");
            }
            meter.persist();
            SustainabilityReport.Inputs inputs = store.read(tx -> new SustainabilityReport.Inputs(from, to, now,
                    tx.energy().rollup(EnergyLedger.By.NODE, Optional.empty(), hourOf(from), to), tx.energy().unattributed(hourOf(from), to).values(),
                    tx.usage().overlapping(from, to), tx.queues().list(), nodes.get(), jobRuns(tx, hourOf(from), to), intensity, pue));
            Bodies.json(ctx, SustainabilityReport.of(inputs));
        });
        routes.get("/api/v1/reports/idle", Access.project(Role.VIEWER), "report.idle", (ctx, caller) -> {
            boolean all = "true".equals(ctx.queryParam("allProjects"));
            if (all) {
                caller.requireEverywhere(Role.VIEWER);
            }
            List<ApiIdleReport.Row> rows = meter.idle().stream().filter(i -> all || i.worker().project().equals(caller.project()))
                    .map(EnergyRoutes::idleRow).sorted(java.util.Comparator.comparingDouble(ApiIdleReport.Row::savingDollarsPerHour).reversed()
                            .thenComparing(ApiIdleReport.Row::job)).toList();
            IdleWatch.Settings settings = meter.idleSettings();
            Bodies.json(ctx, new ApiIdleReport(clock.instant(), settings.threshold(), dev.lepton.core.resource.Quantities.formatDuration(settings.window()),
                    rows, rows.stream().mapToDouble(ApiIdleReport.Row::savingKwhPerHour).sum(),
                    rows.stream().mapToDouble(ApiIdleReport.Row::savingDollarsPerHour).sum()));
        });
    }

    private static ApiIdleReport.Row idleRow(IdleWatch.Idle idle) {
        var w = idle.worker();
        String holds = idle.resource().equals("gpu") ? w.gpus().size() + " GPU" + (w.gpus().size() == 1 ? "" : "s")
                : dev.lepton.core.resource.Quantities.formatCpu(w.allocated().cpuMillis()) + " CPU";
        return new ApiIdleReport.Row(w.project(), w.job(), w.attempt().rank(), w.node(), idle.resource(), holds, idle.utilisation(), idle.since(),
                idle.wasted().kwh(), idle.wasted().dollars(), idle.kwhPerHour(), idle.dollarsPerHour());
    }

    /** The jobs with ledger hours in [from, to); one no longer stored, whose schedule and submission are lost, is left out. */
    private static List<SustainabilityReport.JobRun> jobRuns(Tx tx, Instant from, Instant to) {
        Map<String, List<EnergyLedger.JobHour>> byJob = tx.energy().jobHours(from, to).stream()
                .collect(Collectors.groupingBy(EnergyLedger.JobHour::jobUid, LinkedHashMap::new, Collectors.toList()));
        List<SustainabilityReport.JobRun> runs = new ArrayList<>();
        byJob.forEach((uid, hours) -> tx.jobs().findByUid(uid).ifPresent(job -> tx.usage().firstStart(uid).ifPresent(start ->
                runs.add(new SustainabilityReport.JobRun(job.spec().schedule().isPresent(), job.createdAt(), start, hours)))));
        return runs;
    }

    private static Instant hourOf(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }

    private static EnergyLedger.By by(String text) {
        if (text == null || text.isBlank()) {
            return EnergyLedger.By.PROJECT;
        }
        try {
            return EnergyLedger.By.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "by: job, queue, project, user, node or day (got '" + text + "')");
        }
    }

    /** A day's key is its number since the epoch in the ledger; people read it as a date. */
    private static String key(EnergyLedger.By by, String key) {
        return by == EnergyLedger.By.DAY ? LocalDate.ofEpochDay(Long.parseLong(key)).toString() : key;
    }

    /** A footprint as the API says it: kWh beside joules, and measured or modelled in words. */
    public static ApiEnergy energy(Footprint footprint) {
        return new ApiEnergy(footprint.joules(), footprint.kwh(), footprint.co2eGrams(), footprint.dollars(),
                footprint.provenance().name().toLowerCase(Locale.ROOT));
    }

    /** A job's footprint and where its joules came from, most first. */
    public static ApiEnergy energy(Footprint footprint, List<EnergyLedger.SourceJoules> sources) {
        List<ApiEnergySource> named = sources.stream().sorted(Comparator.comparingDouble(EnergyLedger.SourceJoules::joules).reversed())
                .map(s -> new ApiEnergySource(s.source(), s.joules(), s.provenance().name().toLowerCase(Locale.ROOT))).toList();
        return new ApiEnergy(footprint.joules(), footprint.kwh(), footprint.co2eGrams(), footprint.dollars(),
                footprint.provenance().name().toLowerCase(Locale.ROOT), named);
    }
}
