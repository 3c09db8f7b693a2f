package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Entry point of the Pollux setting ({@code --format pollux}): one workload CSV, the application
 * profiles, a cluster and a policy in; per-job results out. Deterministic for every policy here.
 */
public final class PolluxSimulation {
    private PolluxSimulation() {}

    /**
     * Simulates {@code workloadCsv} to completion.
     *
     * @param profilesDir the {@code app-profiles} folder, or {@code null} for {@code <workload's folder>/../app-profiles}
     * @param policy one of {@link PolluxPolicies#NAMES}: Lepton's policies (the core's, as the server runs them), or the
     *     artifact's {@code tiresias-artifact} and {@code optimus}
     * @param load arrival times are divided by it; 1.0 is the published setting (other published loads are separate workload folders)
     * @param seed accepted for symmetry with the other simulators; every policy here is deterministic, so it is unused
     * @param progress receives a line when the run starts and when it ends
     */
    public static PolluxRun run(Path workloadCsv, Path profilesDir, ClusterSpec cluster, String policy, double load, long seed,
            Consumer<String> progress) {
        requireNonNull(workloadCsv, "workloadCsv is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(progress, "progress is null");
        Path profiles = profilesDir != null ? profilesDir : defaultProfilesDir(workloadCsv);
        AppProfiles apps = AppProfiles.read(profiles);
        List<WorkloadJob> jobs = Workloads.read(workloadCsv, apps.names());
        progress.accept(String.format(Locale.ROOT, "pollux: %s, %d jobs, policy %s, load %.2f, profiles %s",
                workloadCsv.getFileName(), jobs.size(), policy, load, profiles));
        PolluxRun run = run(jobs, apps, NodeLayout.of(cluster), PolluxPolicies.named(policy), load);
        progress.accept(String.format(Locale.ROOT, "pollux: %s done, average JCT %.1f s", workloadCsv.getFileName(), run.averageJct()));
        return run;
    }

    /** Where {@code --format pollux} looks for profiles when none are given: beside the workloads folder. */
    public static Path defaultProfilesDir(Path workloadCsv) {
        Path folder = workloadCsv.toAbsolutePath().getParent();
        return folder.resolveSibling("app-profiles");
    }

    static PolluxRun run(List<WorkloadJob> workload, AppProfiles apps, NodeLayout cluster, RoundPolicy policy, double load) {
        if (!(load > 0) || !Double.isFinite(load)) {
            throw new IllegalArgumentException("load must be a positive number, got " + load);
        }
        List<PolluxJob> jobs = workload.stream().map(w -> new PolluxJob(w.atLoad(load), apps.get(w.application()))).toList();
        new RoundSimulator(cluster, policy, RoundSimulator.ROUND_SECONDS).run(jobs);
        List<JobResult> results = jobs.stream().map(PolluxJob::result).toList();
        double busy = jobs.stream().mapToDouble(PolluxJob::attainedGpuSeconds).sum();
        return new PolluxRun(results, busy);
    }
}
