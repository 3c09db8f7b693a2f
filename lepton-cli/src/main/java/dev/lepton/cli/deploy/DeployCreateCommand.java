package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiBatching;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiProbe;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiScaling;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.code.CodeUpload;
import dev.lepton.cli.job.DurationText;
import dev.lepton.cli.output.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton deploy create NAME (--model FILE.onnx | -- COMMAND ARGS...)}: a new deployment built from flags. The
 * model is shipped as a snapshot of that one file; flags left out stay {@code null} so that the server defaults them.
 */
@Command(name = "create", description = "Serve an ONNX model, or a command serving HTTP on $PORT, as replicas behind one endpoint.",
        footer = {"", "Example: lepton deploy create iris --model iris.onnx --min 0 --max 4 --max-batch-size 16",
                "         lepton deploy create web --code . --replicas 2 -- python serve.py   (listens on $PORT)"})
public final class DeployCreateCommand extends LeptonSubcommand {
    private static final Set<String> METRICS = Set.of("concurrency", "rps");

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment, and its endpoint's name.")
    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND", description = "A command serving HTTP on $PORT, after --.")
    List<String> command = new ArrayList<>();

    @Option(names = "--model", paramLabel = "FILE.onnx", description = "The ONNX model each replica serves with lepton serve-model.")
    String model;

    @Mixin
    ReplicaFlags replicas;

    @Option(names = "--cpu", paramLabel = "C", description = "CPU per replica, e.g. 2 or 500m.")
    String cpu;

    @Option(names = "--memory", paramLabel = "M", description = "Memory per replica, e.g. 4GiB.")
    String memory;

    @Option(names = "--gpus", paramLabel = "G", description = "GPUs per replica.")
    Integer gpus;

    @Option(names = "--queue", paramLabel = "Q", description = "Queue the replicas' jobs wait in.")
    String queue;

    @Option(names = "--priority", paramLabel = "P", description = "Priority of the replicas' jobs within the queue.")
    Integer priority;

    @Option(names = "--public", description = "Anyone may call the endpoint (default: a Lepton token with a role in the project).")
    boolean open;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Most rows the model server merges from concurrent requests.")
    Integer maxBatchSize;

    @Option(names = "--max-queue-delay", paramLabel = "D", converter = DurationText.class,
            description = "Longest a request waits for others to join its batch, e.g. 5ms.")
    Duration maxQueueDelay;

    @Option(names = "--scale-metric", paramLabel = "METRIC", description = "What the autoscaler follows: concurrency (default) or rps.")
    String scaleMetric;

    @Option(names = "--scale-target", paramLabel = "X", description = "Of that metric, what one replica should carry.")
    Double scaleTarget;

    @Option(names = "--idle-timeout", paramLabel = "D", converter = DurationText.class,
            description = "With --min 0, how long without requests before the last replica goes, e.g. 15m.")
    Duration idleTimeout;

    @Option(names = "--code", paramLabel = "DIR", description = "Ship this directory with the COMMAND, as job run --code does.")
    String code;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Run each replica in this container image (a Kubernetes server).")
    String image;

    @Option(names = "--readiness-path", paramLabel = "PATH",
            description = "A replica takes requests once GET PATH answers below 500 (asked every 10s; default: /v2/health/ready of a model, / of a command, every second).")
    String readinessPath;

    @Option(names = "--liveness-path", paramLabel = "PATH",
            description = "A replica that was ready is restarted after GET PATH fails 3 times in a row, asked every 10s (default: never).")
    String livenessPath;

    @Override
    public Integer call() {
        Session session = session();
        check();
        String modelRef = model == null ? null : ModelUpload.ship(session, Path.of(model), "--model");
        String codeRef = code == null ? null : CodeUpload.ship(session, Path.of(code), "--code");
        ApiDeployment created = session.client().createDeployment(session.project(), toDeployment(session.project(), modelRef, codeRef));
        session.output().show(created, d -> DeploymentText.done(d, "created"));
        return 0;
    }

    /** Refuses a command line that cannot make a deployment, naming the flag, before anything is packed or sent. */
    void check() {
        if ((model == null) == command.isEmpty()) {
            throw usage(model == null ? "give --model FILE.onnx, or a COMMAND after --, to say what the deployment serves"
                    : "--model " + model + " and the COMMAND " + String.join(" ", command) + ": a deployment serves one or the other");
        }
        if (model != null) {
            ModelUpload.check(Path.of(model), "--model");
            if (code != null) {
                throw usage("--code " + code + ": code ships with a COMMAND; a --model deployment serves the model file alone");
            }
        } else if (maxBatchSize != null || maxQueueDelay != null) {
            throw usage((maxBatchSize != null ? "--max-batch-size " + maxBatchSize : "--max-queue-delay " + Units.exactDuration(maxQueueDelay))
                    + ": batching is the model server's; a COMMAND deployment batches as it likes");
        }
        if (maxBatchSize != null && maxBatchSize < 1) {
            throw usage("--max-batch-size: must be at least 1 (got " + maxBatchSize + ")");
        }
        if (scaleMetric != null && !METRICS.contains(scaleMetric)) {
            throw usage("--scale-metric: concurrency or rps (got '" + scaleMetric + "')");
        }
        if (scaleTarget != null && !(scaleTarget > 0 && Double.isFinite(scaleTarget))) {
            throw usage("--scale-target: must be a number above 0 (got " + scaleTarget + ")");
        }
        replicas.bounds();
    }

    /** The request these flags describe, with the model and code already shipped ({@code sha256:…}, or null): pure, so tested without a server. */
    ApiDeployment toDeployment(String project, String modelRef, String codeRef) {
        ApiResources resources = cpu == null && memory == null && gpus == null ? null : new ApiResources(cpu, memory, gpus);
        ApiScaling scaling = scaleMetric == null && scaleTarget == null && idleTimeout == null ? null
                : new ApiScaling(scaleMetric, scaleTarget, null, null, idleTimeout == null ? null : Units.exactDuration(idleTimeout));
        ApiBatching batching = maxBatchSize == null && maxQueueDelay == null ? null
                : new ApiBatching(maxBatchSize, maxQueueDelay == null ? null : Units.exactDuration(maxQueueDelay));
        ApiDeploymentSpec spec = new ApiDeploymentSpec(modelRef, model == null ? null : Path.of(model).getFileName().toString(),
                command.isEmpty() ? null : List.copyOf(command), codeRef, image, queue, priority, resources, replicas.bounds(), scaling,
                batching, open ? "public" : null, readinessPath == null ? null : new ApiProbe(readinessPath, null, null, null),
                livenessPath == null ? null : new ApiProbe(livenessPath, null, null, null));
        return new ApiDeployment(ApiDeployment.KIND, Versions.V1, ObjectMeta.named(name, project), spec, null);
    }

    private static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }
}
