package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a deployment serves and how, checked: a model ({@code model}: the code snapshot that holds it and
 * its file there) or a command serving HTTP on {@code $PORT}, never both; its replicas' resources, queue
 * and priority; how it scales; the model server's batching; whether its endpoint needs a token; and its replicas'
 * probes: {@code readiness} (empty: {@link #DEFAULT_READINESS} on a model server's {@code /v2/health/ready} or a
 * command's {@code /}) and {@code liveness} (empty: none).
 */
public record DeploymentSpec(Optional<ModelSource> model, List<String> command, Optional<String> code, Optional<String> image,
                             String queue, int priority, Resources resources, ScalingPolicy scaling, Optional<Batching> batching,
                             Access access, Optional<Probe> readiness, Optional<Probe> liveness) {
    /** How often, and how patiently, a replica's readiness is asked when the spec does not say. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    public DeploymentSpec {
        requireNonNull(model, "model is null");
        command = List.copyOf(command);
        requireNonNull(code, "code is null");
        requireNonNull(image, "image is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(scaling, "scaling is null");
        requireNonNull(batching, "batching is null");
        requireNonNull(access, "access is null");
        // A spec stored before probes existed has none.
        readiness = readiness == null ? Optional.empty() : readiness;
        liveness = liveness == null ? Optional.empty() : liveness;
        if (model.isPresent() == !command.isEmpty()) {
            throw new IllegalArgumentException("a deployment serves a model or a command, exactly one");
        }
    }

    /** The same spec with other bounds on its replica count. */
    public DeploymentSpec withReplicas(int min, int max) {
        return withScaling(new ScalingPolicy(min, max, scaling.metric(), scaling.target(), scaling.window(), scaling.scaleUpDelay(),
                scaling.scaleDownDelay(), scaling.idleTimeout()));
    }

    /** The same replicas, scaled by {@code policy}. */
    public DeploymentSpec withScaling(ScalingPolicy policy) {
        return new DeploymentSpec(model, command, code, image, queue, priority, resources, policy, batching, access, readiness, liveness);
    }

    /** The readiness probe in force: the spec's, or the model server's {@code /v2/health/ready} or a command's {@code /}, every second. */
    public Probe readinessProbe() {
        return readiness.orElseGet(() -> new Probe(model.isPresent() ? "/v2/health/ready" : "/", DEFAULT_PERIOD, DEFAULT_PERIOD, 1));
    }

    /** The model a replica serves: the code snapshot ({@code sha256} hex) that holds it, and its path in the snapshot. */
    public record ModelSource(String snapshot, String file) {
        public ModelSource {
            requireNonNull(snapshot, "snapshot is null");
            requireNonNull(file, "file is null");
        }
    }

    /** The model server's dynamic batching. */
    public record Batching(int maxBatchSize, Duration maxQueueDelay) {
        public Batching {
            requireNonNull(maxQueueDelay, "maxQueueDelay is null");
        }
    }

    /** Who may call the endpoint: holders of a Lepton token with a role in the deployment's project, or anyone. */
    public enum Access {
        TOKEN,
        PUBLIC
    }
}
