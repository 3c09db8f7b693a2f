package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * @param model Pollux's calibration ({@code --format pollux}) or Sia's ({@code --format sia})
     * @param progress receives a line when the run starts and when it ends
     */
    public static PolluxRun run(Path workloadCsv, Path profilesDir, ClusterSpec cluster, String policy, double load, long seed,
            ProgressModel model, Consumer<String> progress) {
        requireNonNull(workloadCsv, "workloadCsv is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(model, "model is null");
        requireNonNull(progress, "progress is null");
        for (ClusterSpec.NodeGroup group : cluster.groups()) {
            if (!group.accelerator().equals(Accelerators.NVIDIA_GPU)) {
                throw new IllegalArgumentException("--cluster: the " + model.name().toLowerCase(Locale.ROOT) + " round model's application"
                        + " profiles are NVIDIA GPUs; a node group of " + group.accelerator() + " (" + group.gpuModel()
                        + ") runs only with --format philly or csv");
            }
        }
        Path profiles = profilesDir != null ? profilesDir : defaultProfilesDir(workloadCsv);
        AppProfiles apps = AppProfiles.read(profiles);
        List<WorkloadJob> jobs = Workloads.read(workloadCsv, apps.names());
        String name = model.name().toLowerCase(Locale.ROOT);
        progress.accept(String.format(Locale.ROOT, "%s: %s, %d jobs, policy %s, load %.2f, profiles %s",
                name, workloadCsv.getFileName(), jobs.size(), policy, load, profiles));
        PolluxRun run = run(jobs, apps, NodeLayout.of(cluster), PolluxPolicies.named(policy), load, model);
        progress.accept(String.format(Locale.ROOT, "%s: %s done, average JCT %.1f s", name, workloadCsv.getFileName(), run.averageJct()));
        return run;
    }

    /**
     * Where profiles are looked for when none are given: beside the workloads folder (Pollux's
     * {@code workloads/}), or beside its parent (Sia's {@code workloads/<trace>/}); the first when neither has them.
     */
    public static Path defaultProfilesDir(Path workloadCsv) {
        Path folder = workloadCsv.toAbsolutePath().getParent();
        Path parent = folder.getParent();
        if (parent != null && !Files.isDirectory(folder.resolveSibling("app-profiles")) && Files.isDirectory(parent.resolveSibling("app-profiles"))) {
            return parent.resolveSibling("app-profiles");
        }
        return folder.resolveSibling("app-profiles");
    }

    static PolluxRun run(List<WorkloadJob> workload, AppProfiles apps, NodeLayout cluster, RoundPolicy policy, double load,
            ProgressModel model) {
        if (!(load > 0) || !Double.isFinite(load)) {
            throw new IllegalArgumentException("--load: must be a positive number, got " + load);
        }
        List<PolluxJob> jobs = new ArrayList<>(workload.size());
        List<String> models = cluster.models();
        for (WorkloadJob w : workload) {
            Map<String, AppProfile> byModel = new HashMap<>();
            for (String gpuModel : models) {
                byModel.put(gpuModel, apps.get(w.application(), gpuModel));
            }
            jobs.add(new PolluxJob(w.atLoad(load), node -> byModel.get(cluster.gpuModels().get(node)), model));
        }
        new RoundSimulator(cluster, policy, RoundSimulator.ROUND_SECONDS).run(jobs);
        List<JobResult> results = jobs.stream().map(PolluxJob::result).toList();
        double busy = jobs.stream().mapToDouble(PolluxJob::attainedGpuSeconds).sum();
        return new PolluxRun(results, busy);
    }
}
