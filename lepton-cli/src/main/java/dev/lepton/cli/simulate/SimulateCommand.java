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
import dev.lepton.sim.Summary;
import dev.lepton.sim.engine.SimulationConfig;
import dev.lepton.sim.engine.SimulationResult;
import dev.lepton.sim.engine.Simulator;
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
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lepton simulate}: replays a trace with the same scheduling code the server runs, on a
 * virtual clock, and writes {@code jobs.csv} and {@code summary.json}. Needs no server.
 */
@Command(name = "simulate", description = "Replay a workload trace on a simulated cluster under a scheduling policy.",
        footer = {"", "Formats: philly (Philly job log), csv (id,submit_time,duration,gpus[,workers,gpu_model,cpu,memory,priority,queue]),",
                "pollux and sia (workload CSVs run on the Pollux progress model with app-profiles).",
                "Policies: fifo, priority, backfill, sjf, srtf, srsf, las (tiresias), default;",
                "pollux and sia: those without sjf, srtf and srsf, plus the artifact's tiresias-artifact and optimus."})
public final class SimulateCommand extends LeptonSubcommand {
    enum Format { PHILLY, CSV, POLLUX, SIA }

    @Option(names = "--trace", paramLabel = "FILE", required = true, description = "The trace (or workload) file.")
    Path trace;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "philly, pollux, sia or csv.")
    Format format;

    @Option(names = "--cluster", paramLabel = "FILE", required = true,
            description = "Cluster YAML: nodes: [{count: 16, gpus: 4, gpuModel: T4, cpu: 48, memory: 192GiB}].")
    Path cluster;

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
        Summary summary = Summary.of(outcome.jobs(), outcome.busyGpuSeconds(), clusterSpec.totalGpus());
        write(outcome.jobs(), summary);
        print(summary, outcome, (System.nanoTime() - started) / 1e9);
        return ExitCode.OK.code();
    }

    private record Outcome(List<JobResult> jobs, double busyGpuSeconds, int neverFit) {}

    private Outcome rigid(ClusterSpec clusterSpec, Consumer<String> progress) {
        SimulationConfig config = input(() -> SimulationConfig.parse(policy, load, seed, restartPenalty));
        List<TraceJob> jobs = input(() -> format == Format.PHILLY ? PhillyTrace.load(trace, phillyFilter) : CsvTrace.load(trace));
        progress.accept(String.format(Locale.ROOT, "%,d jobs from %s on %d GPUs, policy %s, load %.2f", jobs.size(), trace.getFileName(),
                clusterSpec.totalGpus(), policy, load));
        SimulationResult result = new Simulator(clusterSpec, config, progress).run(jobs);
        if (!result.neverFit().isEmpty()) {
            progress.accept(result.neverFit().size() + " job(s) can never fit this cluster and are left out, e.g. " + result.neverFit().get(0));
        }
        return new Outcome(result.jobs(), result.busyGpuSeconds(), result.neverFit().size());
    }

    private Outcome pollux(ClusterSpec clusterSpec, Consumer<String> progress) {
        Path profilesDir = profiles;
        PolluxRun run = input(() -> PolluxSimulation.run(trace, profilesDir, clusterSpec, policy, load, seed,
                format == Format.SIA ? ProgressModel.SIA : ProgressModel.POLLUX, progress));
        return new Outcome(run.jobs(), run.busyGpuSeconds(), 0);
    }

    private void write(List<JobResult> jobs, Summary summary) {
        try {
            ResultWriter.write(out, jobs, summary);
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure(ExitCode.FAILED, out + ": cannot write results (" + e.getMessage() + ")");
        }
    }

    /** The summary as a table for people, or as summary.json's object under {@code -o json|yaml}; notes go to people only. */
    private void print(Summary summary, Outcome outcome, double seconds) {
        Output output = session().output();
        output.show(summary, s -> Table.of("policy", "jobs", "avg jct", "p50 jct", "p99 jct", "avg queue", "makespan", "gpu util", "preemptions")
                .row(policy, s.jobs(), hours(s.avgJct()), hours(s.p50Jct()), hours(s.p99Jct()), hours(s.avgQueue()), hours(s.makespan()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * s.gpuUtilization()), s.preemptions())
                .render());
        if (outcome.neverFit() > 0) {
            output.note(outcome.neverFit() + " job(s) never fit the cluster and were left out");
        }
        output.note(String.format(Locale.ROOT, "wrote %s and %s (%.1f s)", out.resolve("jobs.csv"), out.resolve("summary.json"), seconds));
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
