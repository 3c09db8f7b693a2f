package dev.lepton.server.deployments;

import dev.lepton.api.v1.ApiBatching;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiDeploymentStatus;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiProbe;
import dev.lepton.api.v1.ApiReplicas;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.api.v1.ApiScaling;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.core.serving.Probe;
import dev.lepton.core.serving.ScalingMetric;
import dev.lepton.core.serving.ScalingPolicy;
import dev.lepton.server.http.Names;
import dev.lepton.server.jobs.JobMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A deployment between the wire and core. What a replica runs (resources, queue, priority, code, image) is
 * checked as the replica job it becomes, by {@link JobMapper}, so a fault there is named as in a job's spec;
 * the rest (model, replicas, scaling, batching, access, probes) here. Every fault is named, all at once.
 */
public final class DeploymentMapper {
    /** Longest deployment name: its replica jobs are named {@code NAME-REVISION-XXXXX} within 63 characters. */
    static final int MAX_NAME = 40;
    static final int MAX_REPLICAS = 100;
    static final String DEFAULT_MODEL_FILE = "model.onnx";
    private static final Pattern SNAPSHOT = Pattern.compile("sha256:[0-9a-f]{64}");

    private DeploymentMapper() {}

    /** A checked deployment spec, and the project and name it is for. */
    public record Accepted(String project, String name, DeploymentSpec spec) {}

    /** Checks a deployment as submitted, in {@code defaultProject} unless it names its own. */
    public static Accepted accept(ApiDeployment body, String defaultProject, Instant now) {
        List<String> faults = new ArrayList<>();
        if (body.kind() != null && !ApiDeployment.KIND.equals(body.kind())) {
            faults.add("kind: must be Deployment (got '" + body.kind() + "')");
        }
        ObjectMeta meta = body.metadata() == null ? ObjectMeta.named(null, null) : body.metadata();
        String name = meta.name();
        if (name == null) {
            faults.add("metadata.name: required");
        } else if (!Names.isValid(name) || name.length() > MAX_NAME) {
            faults.add("metadata.name: " + Names.RULE.replace("1-63", "1-" + MAX_NAME) + " (got '" + name + "')");
        }
        String project = meta.project() == null ? defaultProject : meta.project();
        ApiDeploymentSpec s = body.spec();
        if (s == null) {
            faults.add("spec: required");
            throw invalid(faults);
        }
        Optional<DeploymentSpec.ModelSource> model = model(s, faults);
        List<String> command = s.command() == null ? List.of() : s.command();
        if (model.isPresent() == !command.isEmpty()) {
            faults.add(model.isPresent() ? "spec.command: give spec.model or spec.command, not both"
                    : "spec.model: give a model (sha256:… of its uploaded snapshot; lepton deploy create --model FILE.onnx does it) "
                    + "or spec.command, a program serving HTTP on $PORT");
        }
        ScalingPolicy scaling = scaling(s.replicas(), s.scaling(), faults);
        Optional<DeploymentSpec.Batching> batching = batching(s.batching(), model.isPresent(), faults);
        DeploymentSpec.Access access = access(s.access(), faults);
        Optional<Probe> readiness = probe("spec.readinessProbe", s.readinessProbe(), faults);
        Optional<Probe> liveness = probe("spec.livenessProbe", s.livenessProbe(), faults);
        // What each replica runs is checked as its job: resources, queue, priority, code, image.
        ApiJob probe = replicaJob(project, name == null ? "x" : name, 1, "check", s.resources(), s.queue(), s.priority(),
                command.isEmpty() ? List.of("true") : command, Map.of(), s.code(), s.image());
        JobMapper.Accepted asJob;
        try {
            asJob = JobMapper.accept(probe, project, now);
        } catch (LeptonException e) {
            faults.add(e.getMessage());
            throw invalid(faults);
        }
        if (!faults.isEmpty()) {
            throw invalid(faults);
        }
        return new Accepted(asJob.project(), name, new DeploymentSpec(model, command, asJob.spec().code(), asJob.spec().image(),
                asJob.spec().queue(), asJob.spec().priority(), asJob.spec().resources(), scaling, batching, access,
                readiness, liveness));
    }

    /**
     * The job that runs one replica: {@code command} with {@code PORT} in its environment, labelled with its deployment and
     * revision, restarted with back-off when it exits (the controller replaces it if it ever fails for good), given 30 s to
     * finish the requests it holds when stopped.
     */
    static ApiJob replicaJob(String project, String deployment, long revision, String suffix, ApiResources resources, String queue,
                             Integer priority, List<String> command, Map<String, String> env, String code, String image) {
        Map<String, String> labels = Map.of(Deployment.DEPLOYMENT_LABEL, deployment, Deployment.REVISION_LABEL, Long.toString(revision));
        ApiJobSpec spec = new ApiJobSpec(command, null, env, resources, 1, queue, priority, null, null, new ApiRetry(100, "1s", "1m"), null, null,
                code, null, null, null, "30s", null, null, image);
        return new ApiJob("Job", Versions.V1, new ObjectMeta(deployment + "-" + revision + "-" + suffix, project, labels, null, null, null),
                spec, null);
    }

    private static Optional<DeploymentSpec.ModelSource> model(ApiDeploymentSpec s, List<String> faults) {
        if (s.model() == null) {
            if (s.modelFile() != null) {
                faults.add("spec.modelFile: only with spec.model");
            }
            return Optional.empty();
        }
        if (!SNAPSHOT.matcher(s.model()).matches()) {
            faults.add("spec.model: must name an uploaded snapshot as sha256:<64 hex digits> (got '" + s.model() + "')");
            return Optional.empty();
        }
        if (s.code() != null) {
            faults.add("spec.code: a model deployment ships its model as its code; leave spec.code out");
        }
        String file = s.modelFile() == null ? DEFAULT_MODEL_FILE : s.modelFile();
        Path path = Path.of(file).normalize();
        if (file.isBlank() || path.isAbsolute() || path.startsWith("..")) {
            faults.add("spec.modelFile: must be a path inside the model's snapshot (got '" + file + "')");
        }
        return Optional.of(new DeploymentSpec.ModelSource(s.model().substring("sha256:".length()), file));
    }

    private static ScalingPolicy scaling(ApiReplicas r, ApiScaling s, List<String> faults) {
        int min = r == null || r.min() == null ? 1 : r.min();
        int max = r == null || r.max() == null ? Math.max(min, 1) : r.max();
        if (min < 0 || min > MAX_REPLICAS) {
            faults.add("spec.replicas.min: must be 0-" + MAX_REPLICAS + " (got " + min + ")");
        }
        if (max < Math.max(1, min) || max > MAX_REPLICAS) {
            faults.add("spec.replicas.max: must be 1-" + MAX_REPLICAS + " and at least spec.replicas.min (got " + max + ")");
        }
        ScalingMetric metric = ScalingMetric.CONCURRENCY;
        if (s != null && s.metric() != null) {
            switch (s.metric().toLowerCase(Locale.ROOT)) {
                case "concurrency" -> metric = ScalingMetric.CONCURRENCY;
                case "rps" -> metric = ScalingMetric.RPS;
                default -> faults.add("spec.scaling.metric: concurrency or rps (got '" + s.metric() + "')");
            }
        }
        double target = s == null || s.target() == null ? (metric == ScalingMetric.RPS ? 50 : 8) : s.target();
        if (!(target > 0) || Double.isInfinite(target)) {
            faults.add("spec.scaling.target: must be a number above 0 (got " + target + ")");
        }
        Duration up = duration("spec.scaling.scaleUpDelay", s == null ? null : s.scaleUpDelay(), ScalingPolicy.DEFAULT_SCALE_UP_DELAY, faults);
        Duration down = duration("spec.scaling.scaleDownDelay", s == null ? null : s.scaleDownDelay(), ScalingPolicy.DEFAULT_SCALE_DOWN_DELAY, faults);
        Duration idle = duration("spec.scaling.idleTimeout", s == null ? null : s.idleTimeout(), ScalingPolicy.DEFAULT_IDLE_TIMEOUT, faults);
        if (!faults.isEmpty()) {
            return ScalingPolicy.fixed(1);
        }
        return new ScalingPolicy(min, max, metric, target, ScalingPolicy.DEFAULT_WINDOW, up, down, idle);
    }

    private static Optional<DeploymentSpec.Batching> batching(ApiBatching b, boolean model, List<String> faults) {
        if (b == null) {
            return Optional.empty();
        }
        if (!model) {
            faults.add("spec.batching: only for a model; a command batches as it likes");
            return Optional.empty();
        }
        int size = b.maxBatchSize() == null ? 1 : b.maxBatchSize();
        if (size < 1 || size > 1_024) {
            faults.add("spec.batching.maxBatchSize: must be 1-1024 (got " + size + ")");
        }
        Duration delay = duration("spec.batching.maxQueueDelay", b.maxQueueDelay(), Duration.ZERO, faults);
        if (delay.compareTo(Duration.ofSeconds(1)) > 0) {
            faults.add("spec.batching.maxQueueDelay: at most 1s (got " + b.maxQueueDelay() + ")");
        }
        return Optional.of(new DeploymentSpec.Batching(size, delay));
    }

    /** A probe as given: {@code path} required, {@code period} 10s, {@code timeout} 1s, {@code failureThreshold} 3 unless said. */
    private static Optional<Probe> probe(String field, ApiProbe p, List<String> faults) {
        if (p == null) {
            return Optional.empty();
        }
        int before = faults.size();
        Duration period = duration(field + ".period", p.period(), Probe.DEFAULT_PERIOD, faults);
        Duration timeout = duration(field + ".timeout", p.timeout(), Probe.DEFAULT_TIMEOUT, faults);
        int threshold = p.failureThreshold() == null ? Probe.DEFAULT_FAILURE_THRESHOLD : p.failureThreshold();
        Probe.faults(p.path(), period, timeout, threshold).forEach(fault -> faults.add(field + "." + fault));
        return faults.size() > before ? Optional.empty() : Optional.of(new Probe(p.path(), period, timeout, threshold));
    }

    private static ApiProbe toApi(Probe p) {
        return new ApiProbe(p.path(), Quantities.formatDuration(p.period()), Quantities.formatDuration(p.timeout()), p.failureThreshold());
    }

    private static DeploymentSpec.Access access(String text, List<String> faults) {
        if (text == null || text.equals("token")) {
            return DeploymentSpec.Access.TOKEN;
        }
        if (text.equals("public")) {
            return DeploymentSpec.Access.PUBLIC;
        }
        faults.add("spec.access: token or public (got '" + text + "')");
        return DeploymentSpec.Access.TOKEN;
    }

    private static Duration duration(String field, String text, Duration fallback, List<String> faults) {
        if (text == null) {
            return fallback;
        }
        try {
            Duration d = Quantities.parseDuration(text);
            if (d.isNegative() || d.compareTo(Duration.ofDays(1)) > 0) {
                faults.add(field + ": must be 0s-24h (got '" + text + "')");
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            faults.add(field + ": " + e.getMessage() + " (got '" + text + "')");
            return fallback;
        }
    }

    private static LeptonException invalid(List<String> faults) {
        return new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", faults));
    }

    /** A stored deployment on the wire, with where it stands. */
    public static ApiDeployment toApi(Deployment d, ApiDeploymentStatus status) {
        DeploymentSpec s = d.spec();
        ApiDeploymentSpec spec = new ApiDeploymentSpec(s.model().map(m -> "sha256:" + m.snapshot()).orElse(null),
                s.model().map(DeploymentSpec.ModelSource::file).orElse(null), s.command().isEmpty() ? null : s.command(),
                s.code().map(c -> JobMapper.CODE_PREFIX + c).orElse(null), s.image().orElse(null), s.queue(), s.priority(),
                JobMapper.resources(s.resources()), new ApiReplicas(s.scaling().minReplicas(), s.scaling().maxReplicas()),
                new ApiScaling(s.scaling().metric().name().toLowerCase(Locale.ROOT), s.scaling().target(),
                        Quantities.formatDuration(s.scaling().scaleUpDelay()), Quantities.formatDuration(s.scaling().scaleDownDelay()),
                        Quantities.formatDuration(s.scaling().idleTimeout())),
                s.batching().map(b -> new ApiBatching(b.maxBatchSize(), Quantities.formatDuration(b.maxQueueDelay()))).orElse(null),
                s.access().name().toLowerCase(Locale.ROOT), s.readiness().map(DeploymentMapper::toApi).orElse(null),
                s.liveness().map(DeploymentMapper::toApi).orElse(null));
        return new ApiDeployment(ApiDeployment.KIND, Versions.V1, new ObjectMeta(d.name(), d.project(), Map.of(), d.uid(), d.resourceVersion(),
                d.createdAt()), spec, status);
    }
}
