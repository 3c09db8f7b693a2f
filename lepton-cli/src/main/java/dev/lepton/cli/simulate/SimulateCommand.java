package dev.lepton.cli.simulate;

import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.output.Output;
import dev.lepton.cli.output.Table;
import dev.lepton.sim.ClusterFile;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import dev.lepton.sim.ResultWriter;
import dev.lepton.sim.RunReport;
import dev.lepton.sim.Summary;
import dev.lepton.sim.engine.Hold;
import dev.lepton.sim.engine.SimulationConfig;
import dev.lepton.sim.engine.SimulationResult;
import dev.lepton.sim.engine.Simulator;
import dev.lepton.sim.footprint.CarbonHold;
import dev.lepton.sim.footprint.Footprint;
import dev.lepton.sim.footprint.FootprintConfig;
import dev.lepton.sim.footprint.GpuPower;
import dev.lepton.sim.footprint.RunFootprint;
import dev.lepton.sim.pollux.PolluxRun;
import dev.lepton.sim.pollux.PolluxSimulation;
import dev.lepton.sim.pollux.ProgressModel;
import dev.lepton.sim.trace.CsvTrace;
import dev.lepton.sim.trace.PhillyTrace;
import dev.lepton.sim.trace.TraceJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lepton simulate}: replays a trace with the same scheduling code the server runs, on a
 * virtual clock, and writes {@code jobs.csv} and {@code summary.json}. Needs no server.
 */
@Command(name = "simulate", description = "Replay a workload trace on a simulated cluster under a scheduling policy.",
        footer = {"", "Formats: philly (Philly job log), csv (id,submit_time,duration,gpus[,workers,gpu_model,cpu,memory,priority,queue,accelerator]),",
                "pollux and sia (workload CSVs run on the Pollux progress model with app-profiles).",
                "Policies: fifo, priority, backfill, sjf, srtf, srsf, las (tiresias), default;",
                "pollux and sia: those without sjf, srtf and srsf, plus the artifact's tiresias-artifact and optimus.",
                "Energy (philly, csv): each held GPU at its max power (cluster file idleWatts/maxWatts, else the known-hardware",
                "table by gpuModel), idle GPUs at idle power; carbon = energy x PUE x the hourly intensity, trace time 0 being",
                "the series' first hour (or --carbon-start); cost = pricePerHour shared by GPUs + energy x PUE x --energy-price."})
public final class SimulateCommand extends LeptonSubcommand {
    enum Format { PHILLY, CSV, POLLUX, SIA }

    @Option(names = "--trace", paramLabel = "FILE", required = true, description = "The trace (or workload) file.")
    Path trace;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "philly, pollux, sia or csv.")
    Format format;

    @Option(names = "--cluster", paramLabel = "FILE", required = true,
            description = "Cluster YAML: nodes: [{count: 16, gpus: 4, accelerator: nvidia.com/gpu, gpuModel: T4, cpu: 48, memory: 192GiB}].")
    Path cluster;

    @Option(names = "--accelerator", paramLabel = "NAME",
            description = "The resource the trace's GPUs are, e.g. amd.com/gpu (philly, csv; a csv row's accelerator column wins; default: nvidia.com/gpu).")
    String accelerator;

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "default", description = "Scheduling policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--load", paramLabel = "X", defaultValue = "1.0", description = "Arrival-rate multiplier: inter-arrival times / X (default: ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for anything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profiles", paramLabel = "DIR", description = "app-profiles folder for pollux/sia (default: found beside the workloads).")
    Path profiles;

    @Option(names = "--restart-penalty", paramLabel = "DURATION", defaultValue = "0s",
            description = "Run time a preempted job repeats on each restart, e.g. 30s (default: ${DEFAULT-VALUE}).")
    String restartPenalty;

    @Option(names = "--philly-filter", description = "Keep only jobs of at least 60 s and under 1,000 GPU-hours (the Pollux artifact's sample).")
    boolean phillyFilter;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where jobs.csv and summary.json go.")
    Path out;

    @Option(names = "--carbon-intensity", paramLabel = "FILE",
            description = "Hourly carbon intensity, an Electricity Maps CSV export (life-cycle column); repeat for several zones.")
    List<Path> carbonIntensity = List.of();

    @Option(names = "--region", paramLabel = "ZONE", description = "Which --carbon-intensity zone the cluster is in (default: the only file's).")
    String region;

    @Option(names = "--carbon-start", paramLabel = "INSTANT",
            description = "The instant trace time 0 stands for, e.g. 2022-06-01T00:00:00Z (default: the series' first hour).")
    String carbonStart;

    @Option(names = "--pue", paramLabel = "X", defaultValue = "1.0", description = "Power usage effectiveness, >= 1.0 (default: ${DEFAULT-VALUE}).")
    double pue;

    @Option(names = "--energy-price", paramLabel = "USD_PER_KWH", defaultValue = "0",
            description = "Dollars per kWh drawn from the grid (default: ${DEFAULT-VALUE}).")
    double energyPrice;

    @Option(names = "--defer", paramLabel = "MAXDELAY",
            description = "Carbon-aware deferral: every job may start up to MAXDELAY (e.g. 24h) after it arrives; needs --carbon-intensity.")
    String defer;

    @Option(names = "--forecast", paramLabel = "KIND", description = "What --defer forecasts by: perfect, persistence (the value 24 h earlier) or weekly (the mean of the same hour over the last 7 days); default: perfect.")
    String forecast;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Consumer<String> progress = line -> {
            err.printf(Locale.ROOT, "simulate: [%.1fs] %s%n", (System.nanoTime() - started) / 1e9, line);
            err.flush();
        };
        ClusterSpec clusterSpec = input(() -> ClusterFile.load(cluster));
        Outcome outcome = switch (format) {
            case PHILLY, CSV -> rigid(clusterSpec, progress);
            case POLLUX, SIA -> pollux(clusterSpec, progress);
        };
        write(outcome.jobs(), outcome.report());
        print(outcome.report(), outcome, (System.nanoTime() - started) / 1e9);
        return ExitCode.OK.code();
    }

    private record Outcome(List<JobResult> jobs, RunReport report, int neverFit) {}

    private Outcome rigid(ClusterSpec clusterSpec, Consumer<String> progress) {
        SimulationConfig config = input(() -> SimulationConfig.parse(policy, load, seed, restartPenalty));
        FootprintConfig footprintConfig = input(this::footprintConfig);
        Footprint footprint = new Footprint(clusterSpec, GpuPower.of(clusterSpec, GpuPower.knownHardware()), footprintConfig);
        String jobsAccelerator = input(this::jobsAccelerator);
        List<TraceJob> jobs = input(() -> format == Format.PHILLY ? PhillyTrace.load(trace, phillyFilter, jobsAccelerator)
                : CsvTrace.load(trace, jobsAccelerator));
        progress.accept(String.format(Locale.ROOT, "%,d jobs from %s on %s, policy %s, load %.2f", jobs.size(), trace.getFileName(),
                devices(clusterSpec), policy, load));
        Hold hold = footprintConfig.deferral().<Hold>map(d -> new CarbonHold(footprintConfig.carbon().orElseThrow(), d)).orElse(Hold.NONE);
        SimulationResult result = new Simulator(clusterSpec, config, progress).run(jobs, hold);
        if (!result.neverFit().isEmpty()) {
            progress.accept(result.neverFit().size() + " job(s) can never fit this cluster and are left out, e.g. " + result.neverFit().get(0));
        }
        Optional<RunReport.Baseline> baseline = Optional.empty();
        if (footprintConfig.deferral().isPresent()) {
            progress.accept("replaying again without deferral, the baseline");
            SimulationResult plain = new Simulator(clusterSpec, config, line -> {}).run(jobs);
            baseline = Optional.of(new RunReport.Baseline(plain.summary(), footprint.of(plain.runs())));
        }
        RunReport report = new RunReport(result.summary(), Optional.of(footprint.of(result.runs())), baseline,
                clusterSpec.namesAccelerators() ? result.accelerators() : List.of());
        return new Outcome(result.jobs(), report, result.neverFit().size());
    }

    /** {@code --accelerator}, checked; NVIDIA's GPU when not given. */
    private String jobsAccelerator() {
        return accelerator == null ? TraceJob.DEFAULT_ACCELERATOR : TraceJob.requireAccelerator("--accelerator", accelerator);
    }

    /** {@code 512 GPUs}, or by name where the cluster names accelerators: {@code 16 amd.com/gpu + 16 nvidia.com/gpu}. */
    private static String devices(ClusterSpec clusterSpec) {
        if (!clusterSpec.namesAccelerators()) {
            return clusterSpec.totalGpus() + " GPUs";
        }
        return String.join(" + ", clusterSpec.gpusByAccelerator().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    /** The energy, carbon and cost flags; the intensity files are read here. */
    private FootprintConfig footprintConfig() {
        return FootprintConfig.read(carbonIntensity, Optional.ofNullable(region), Optional.ofNullable(carbonStart), pue, energyPrice,
                Optional.ofNullable(defer), Optional.ofNullable(forecast));
    }

    private Outcome pollux(ClusterSpec clusterSpec, Consumer<String> progress) {
        refuseFootprintFlags();
        if (accelerator != null) {
            throw new CliFailure(ExitCode.USAGE, "--accelerator: only with --format philly or csv (the " + format.name().toLowerCase(Locale.ROOT)
                    + " round model's application profiles are NVIDIA GPUs)");
        }
        Path profilesDir = profiles;
        PolluxRun run = input(() -> PolluxSimulation.run(trace, profilesDir, clusterSpec, policy, load, seed,
                format == Format.SIA ? ProgressModel.SIA : ProgressModel.POLLUX, progress));
        return new Outcome(run.jobs(), RunReport.of(Summary.of(run.jobs(), run.busyGpuSeconds(), clusterSpec.totalGpus())), 0);
    }

    /** The round model does not record which GPUs a job held when, so it has no energy figures yet. */
    private void refuseFootprintFlags() {
        String given = !carbonIntensity.isEmpty() ? "--carbon-intensity" : region != null ? "--region" : carbonStart != null ? "--carbon-start"
                : defer != null ? "--defer" : forecast != null ? "--forecast" : energyPrice != 0 ? "--energy-price" : pue != 1.0 ? "--pue" : null;
        if (given != null) {
            throw new CliFailure(ExitCode.USAGE, given + ": only with --format philly or csv (the " + format.name().toLowerCase(Locale.ROOT)
                    + " round model reports no energy)");
        }
    }

    private void write(List<JobResult> jobs, RunReport report) {
        try {
            ResultWriter.write(out, jobs, report);
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure(ExitCode.FAILED, out + ": cannot write results (" + e.getMessage() + ")");
        }
    }

    /** The summary as a table for people, or as summary.json's object under {@code -o json|yaml}; notes go to people only. */
    private void print(RunReport report, Outcome outcome, double seconds) {
        Output output = session().output();
        output.show(report, r -> table(r.summary()) + r.footprint().map(f -> "\n" + footprintTable(f)).orElse(""));
        report.baseline().ifPresent(b -> output.note(String.format(Locale.ROOT,
                "deferral (%s forecast, up to %s): %,d jobs held %s on average; without it: avg jct %s, jobs' carbon %.1f kgCO2e, avoided %.1f kg (%.1f%%)",
                report.footprint().orElseThrow().config().deferral().orElseThrow().forecastLabel(), defer,
                report.footprint().orElseThrow().jobsHeld(), hours(report.footprint().orElseThrow().avgHeldSeconds()), hours(b.summary().avgJct()),
                b.footprint().carbonKg().orElse(0), report.carbonAvoidedKg().orElse(0.0),
                b.footprint().carbonKg().orElse(0) == 0 ? 0 : 100 * report.carbonAvoidedKg().orElse(0.0) / b.footprint().carbonKg().getAsDouble())));
        report.footprint().filter(RunFootprint::seriesRepeated).ifPresent(f -> output.note(
                "the run outlasted the carbon series " + f.config().carbon().orElseThrow().origin() + ", which was repeated from its start"));
        if (outcome.neverFit() > 0) {
            output.note(outcome.neverFit() + " job(s) never fit the cluster and were left out");
        }
        output.note(String.format(Locale.ROOT, "wrote %s and %s (%.1f s)", out.resolve("jobs.csv"), out.resolve("summary.json"), seconds));
    }

    private String table(Summary s) {
        return Table.of("policy", "jobs", "avg jct", "p50 jct", "p99 jct", "avg queue", "makespan", "gpu util", "preemptions")
                .row(policy, s.jobs(), hours(s.avgJct()), hours(s.p50Jct()), hours(s.p99Jct()), hours(s.avgQueue()), hours(s.makespan()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * s.gpuUtilization()), s.preemptions())
                .render();
    }

    /** Jobs, idle GPUs and their sum: kWh always, kgCO2e with a series, $ with a price. */
    private static String footprintTable(RunFootprint f) {
        Table table = Table.of("", "energy (kWh)", "carbon (kgCO2e)", "cost ($)");
        table.row("jobs", number(f.energyKwh()), number(f.carbonKg()), number(f.costUsd()));
        table.row("idle gpus", number(f.idle().energyKwh()), f.carbonKg().isPresent() ? number(f.idle().carbonKg()) : "-",
                f.costUsd().isPresent() ? number(f.idle().costUsd()) : "-");
        table.row("total", number(f.totalEnergyKwh()), number(f.totalCarbonKg()), number(f.totalCostUsd()));
        return table.render();
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "-";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.3f", value);
    }

    private static String hours(double seconds) {
        return seconds < 3600 ? String.format(Locale.ROOT, "%.0fs", seconds) : String.format(Locale.ROOT, "%.2fh", seconds / 3600);
    }

    /** Runs a step that reads user input; its refusal becomes one "error:" line with exit status 2. */
    private static <T> T input(Step<T> step) {
        try {
            return step.run();
        } catch (UncheckedIOException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run();
    }
}
