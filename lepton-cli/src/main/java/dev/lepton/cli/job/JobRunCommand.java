package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiArray;
import dev.lepton.api.v1.ApiCheckpointSignal;
import dev.lepton.api.v1.ApiDependency;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiPlacement;
import dev.lepton.api.v1.ApiPreemption;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.code.CodeUpload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton job run [OPTIONS] -- COMMAND ARGS...}: submits a job built from flags. Flags left
 * out stay {@code null} in the request so that the server applies its own defaults, in one place.
 */
@Command(name = "run", description = "Submit a job that runs COMMAND on each worker.",
        footer = {"", "Example: lepton job run --name train --gpus 1 --env EPOCHS=3 -- python train.py --lr 0.1",
                "         lepton job run --code . --workdir src -- python train.py   (ships this directory)",
                "         lepton job run --image python:3.12-slim -- python -c 'print(1)'   (on a Kubernetes server)",
                "         lepton job run --name sweep --array 0-99%%8 --after prep -- sh -c 'python eval.py --shard $LEPTON_ARRAY_INDEX'"})
public final class JobRunCommand extends LeptonSubcommand {
    @Option(names = "--name", paramLabel = "NAME", description = "Job name (default: job-<8 hex digits>, printed).")
    String name;

    @Option(names = "--workers", paramLabel = "K", description = "Workers, placed all or none.")
    Integer workers;

    @Option(names = "--cpu", paramLabel = "C", description = "CPU per worker, e.g. 2 or 500m.")
    String cpu;

    @Option(names = "--memory", paramLabel = "M", description = "Memory per worker, e.g. 4GiB.")
    String memory;

    @Option(names = "--gpus", paramLabel = "G", description = "GPUs per worker.")
    Integer gpus;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Environment variable; repeatable.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--queue", paramLabel = "Q", description = "Queue to wait in.")
    String queue;

    @Option(names = "--priority", paramLabel = "P", description = "Priority within the queue; higher goes first.")
    Integer priority;

    @Option(names = "--priority-class", paramLabel = "CLASS", description = "low, mid (default) or high; --priority overrides it.")
    String priorityClass;

    @Option(names = "--not-preemptible", description = "Higher-priority work may not preempt this job.")
    boolean notPreemptible;

    @Option(names = "--no-preempt", description = "This job may not preempt lower-priority work to start.")
    boolean noPreempt;

    @Option(names = "--max-retries", paramLabel = "R", description = "Retries after the first failure.")
    Integer maxRetries;

    @Option(names = "--backoff", paramLabel = "D", description = "First retry back-off, doubling each time, e.g. 10s.")
    String backoff;

    @Option(names = "--max-duration", paramLabel = "D", description = "Stop the job after this long, e.g. 2h.")
    String maxDuration;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Label on the job; repeatable.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--node-selector", paramLabel = "KEY=VALUE", description = "Run only on nodes with this label; repeatable.")
    Map<String, String> nodeSelector = new LinkedHashMap<>();

    @Option(names = "--toleration", paramLabel = "KEY=VALUE", description = "Tolerate this node taint; repeatable.")
    List<String> tolerations = new ArrayList<>();

    @Option(names = "--tier", paramLabel = "TIER", description = "Run only on datacenter or on edge nodes.")
    String tier;

    @Option(names = "--region", paramLabel = "REGION", description = "Run only on nodes of this grid region; repeatable (any of them).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--gpu-model", paramLabel = "MODEL", description = "Run only on GPUs of this model, e.g. H100; repeatable (any of them).")
    List<String> gpuModels = new ArrayList<>();

    @Option(names = "--code", paramLabel = "DIR", description = "Ship this directory with the job (respecting .gitignore and "
            + ".leptonignore; at most 100 MiB packed): each worker starts in its own copy. Sent only if the server lacks it.")
    String code;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Where each worker starts: relative to the shipped code "
            + "(to its attempt directory without --code), or absolute.")
    String workdir;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Run each worker in this container image, e.g. python:3.12-slim: "
            + "required on a server started with --executor kubernetes, refused where workers run on the nodes' hosts.")
    String image;

    @Option(names = "--array", paramLabel = "INDICES[%N]", converter = ArrayFlag.class,
            description = "Run one task per index, at most N at once, e.g. 0-99%%8, 1,3,5-7 or 0-99:10; each task is job NAME-INDEX "
                    + "and sees LEPTON_ARRAY_INDEX.")
    ApiArray array;

    @Option(names = "--after", paramLabel = "NAME[:succeeded|:finished]", converter = AfterFlag.class,
            description = "Start only after job or array NAME has succeeded (default), or has finished however; repeatable.")
    List<ApiDependency> after = new ArrayList<>();

    @Option(names = "--stop-grace-period", paramLabel = "D",
            description = "Time between SIGTERM and SIGKILL when its workers are stopped, e.g. 60s (default: the server's).")
    String stopGracePeriod;

    @Option(names = "--checkpoint-signal", paramLabel = "SIGNAL@D",
            description = "Send SIGNAL (USR1, USR2, HUP, INT, QUIT, TERM) D before stopping the job for preemption or its "
                    + "--max-duration, so it can save a checkpoint; as Slurm's --signal, e.g. USR1@60s.")
    String checkpointSignal;

    @Option(names = "--dry-run", description = "Validate on the server without creating the job.")
    boolean dryRun;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (put them after --).")
    List<String> command;

    @Override
    public Integer call() {
        Session session = session();
        ApiJob job = toJob(session.project(), jobName(session.environment().random()));
        if (code != null) {
            job = new ApiJob(job.kind(), job.apiVersion(), job.metadata(), job.spec().withCode(CodeUpload.ship(session, Path.of(code), "--code")),
                    job.status());
        }
        ApiJob answer = session.client().createJob(job, dryRun, Optional.empty());
        session.output().show(answer, created -> JobText.submitted(created, dryRun));
        return 0;
    }

    /** The request these flags describe: pure, so the mapping is tested without a server. */
    ApiJob toJob(String project, String jobName) {
        ApiResources resources = cpu == null && memory == null && gpus == null ? null : new ApiResources(cpu, memory, gpus);
        ApiRetry retry = maxRetries == null && backoff == null ? null : new ApiRetry(maxRetries, backoff, null);
        ApiJobSpec spec = new ApiJobSpec(List.copyOf(command), null, env.isEmpty() ? null : new LinkedHashMap<>(env),
                resources, workers, queue, priority, priorityClass,
                notPreemptible || noPreempt ? new ApiPreemption(!noPreempt, !notPreemptible) : null, retry, maxDuration, placement())
                .withWorkingDir(workdir)
                .withWorkflow(array, after.isEmpty() ? null : List.copyOf(after))
                .withStopping(stopGracePeriod, checkpoint())
                .withImage(image);
        return ApiJob.of(new ObjectMeta(jobName, project, labels, null, null, null), spec);
    }

    /** {@code USR1@60s} as the API writes it; the server checks the signal and the lead. */
    private ApiCheckpointSignal checkpoint() {
        if (checkpointSignal == null) {
            return null;
        }
        int at = checkpointSignal.indexOf('@');
        if (at <= 0 || at == checkpointSignal.length() - 1) {
            throw new CliFailure(ExitCode.USAGE, "--checkpoint-signal: write SIGNAL@DURATION, e.g. USR1@60s (got '" + checkpointSignal + "')");
        }
        return new ApiCheckpointSignal(checkpointSignal.substring(0, at), checkpointSignal.substring(at + 1));
    }

    private ApiPlacement placement() {
        if (nodeSelector.isEmpty() && tolerations.isEmpty() && tier == null && regions.isEmpty() && gpuModels.isEmpty()) {
            return null;
        }
        return new ApiPlacement(nodeSelector.isEmpty() ? null : new LinkedHashMap<>(nodeSelector), tolerations.isEmpty() ? null : List.copyOf(tolerations),
                tier, regions.isEmpty() ? null : List.copyOf(regions), gpuModels.isEmpty() ? null : List.copyOf(gpuModels));
    }

    String jobName(RandomGenerator random) {
        return name != null ? name : generatedName(random);
    }

    static String generatedName(RandomGenerator random) {
        return "job-" + HexFormat.of().toHexDigits(random.nextInt());
    }
}
