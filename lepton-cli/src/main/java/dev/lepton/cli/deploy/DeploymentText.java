package dev.lepton.cli.deploy;

import static dev.lepton.cli.output.Fields.field;

import dev.lepton.api.v1.ApiBatching;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiDeploymentStatus;
import dev.lepton.api.v1.ApiEvent;
import dev.lepton.api.v1.ApiProbe;
import dev.lepton.api.v1.ApiReplica;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRevisionStats;
import dev.lepton.api.v1.ApiScaling;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How deployments are named and summed up in human output, shared by the deploy commands and {@code apply}. */
public final class DeploymentText {
    static final int EVENTS_SHOWN = 10;

    /** How much of a snapshot's SHA-256 people are shown, as {@code job run --code} shows it. */
    private static final int SHORT_SHA = "sha256:".length() + 12;

    private DeploymentText() {}

    /** {@code deployment/NAME}, as {@code apply} names each document's object. */
    public static String ref(String name) {
        return "deployment/" + name;
    }

    /** {@code deployment iris created (revision 1): endpoint /v2/models/iris}; what the server left out is left out. */
    public static String done(ApiDeployment deployment, String what) {
        String text = "deployment " + deployment.metadata().name() + " " + what;
        return statusOf(deployment).map(s -> text + " (revision " + s.revision() + ")" + (s.endpoint() == null ? "" : ": endpoint " + s.endpoint()))
                .orElse(text);
    }

    static String table(List<ApiDeployment> deployments, Instant now) {
        Table table = Table.of("name", "project", "phase", "ready", "revision", "endpoint", "age");
        for (ApiDeployment d : deployments) {
            Optional<ApiDeploymentStatus> status = statusOf(d);
            table.row(d.metadata().name(), d.metadata().project(), phase(d), status.map(DeploymentText::ready).orElse(null),
                    status.map(ApiDeploymentStatus::revision).orElse(null), status.map(ApiDeploymentStatus::endpoint).orElse(null),
                    Units.age(d.metadata().createdAt(), now));
        }
        return table.render();
    }

    /** Where the deployment stands, then a row per replica. */
    static String status(ApiDeployment deployment) {
        Optional<ApiDeploymentStatus> status = statusOf(deployment);
        StringBuilder text = new StringBuilder();
        field(text, "Name", deployment.metadata().name());
        field(text, "Phase", phase(deployment));
        field(text, "Revision", status.map(ApiDeploymentStatus::revision).orElse(null));
        field(text, "Ready", status.map(DeploymentText::ready).orElse(null));
        field(text, "Endpoint", status.map(ApiDeploymentStatus::endpoint).orElse(null));
        field(text, "Message", status.map(ApiDeploymentStatus::message).orElse(null));
        List<ApiReplica> replicas = replicas(deployment);
        if (replicas.isEmpty()) {
            text.append("\nNo replicas yet.\n");
        } else {
            Table table = Table.of("job", "revision", "phase", "address", "ready");
            replicas.forEach(r -> table.row(r.job(), r.revision(), r.phase(), r.address(), r.ready() ? "yes" : "no"));
            text.append('\n').append(table.render());
        }
        List<ApiRevisionStats> revisions = status.map(ApiDeploymentStatus::revisions).orElse(null);
        if (revisions != null && !revisions.isEmpty()) {
            // SCI's functional unit: 1,000 requests answered through the gateway.
            Table table = Table.of("revision", "requests", "errors", "kwh", "gco2e", "wh/1k req", "gco2e/1k req", "energy", "feedback", "mean rating");
            revisions.forEach(r -> table.row(r.revision(), r.requests(), r.errors(), Units.significant(r.energyJoules() / 3.6e6),
                    Units.significant(r.co2eGrams()), perThousand(r.joulesPer1000Requests(), 3_600), perThousand(r.co2eGramsPer1000Requests(), 1),
                    r.provenance(), r.feedback(), r.meanRating() == null ? null : String.format(Locale.ROOT, "%.2f", r.meanRating())));
            text.append('\n').append(table.render());
        }
        return text.toString();
    }

    /** The latest events, up to {@value #EVENTS_SHOWN}, under a blank line; nothing when there are none. */
    static String events(List<ApiEvent> events) {
        if (events.isEmpty()) {
            return "";
        }
        Table table = Table.of("time", "event", "message");
        events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size())
                .forEach(e -> table.row(Units.time(e.at()), e.type(), e.message()));
        return "\n" + table.render();
    }

    private static String perThousand(Double value, double unit) {
        return value == null ? null : Units.significant(value / unit);
    }

    /** What the deployment serves and how, then where it stands in one line each. */
    static String summary(ApiDeployment deployment, Instant now) {
        ApiDeploymentSpec spec = deployment.spec();
        Optional<ApiDeploymentStatus> status = statusOf(deployment);
        StringBuilder text = new StringBuilder();
        field(text, "Name", deployment.metadata().name());
        field(text, "Project", deployment.metadata().project());
        if (spec != null) {
            field(text, "Serves", serves(spec));
            field(text, "Image", spec.image());
            field(text, "Replicas", spec.replicas() == null ? null : spec.replicas().min() + ".." + spec.replicas().max());
            field(text, "Resources", resources(spec.resources()));
            field(text, "Queue", spec.queue());
            field(text, "Priority", spec.priority());
            field(text, "Scaling", scaling(spec.scaling()));
            field(text, "Batching", batching(spec.batching()));
            field(text, "Access", spec.access());
            field(text, "Readiness", spec.readinessProbe() == null ? "default" : probe(spec.readinessProbe()));
            field(text, "Liveness", spec.livenessProbe() == null ? null : probe(spec.livenessProbe()));
        }
        field(text, "Phase", phase(deployment));
        field(text, "Revision", status.map(ApiDeploymentStatus::revision).orElse(null));
        field(text, "Ready", status.map(DeploymentText::ready).orElse(null));
        field(text, "Endpoint", status.map(ApiDeploymentStatus::endpoint).orElse(null));
        field(text, "Created", Units.timeAgo(deployment.metadata().createdAt(), now));
        return text.toString();
    }

    /** {@code GET /healthz every 10s, timeout 1s, 3 failures in a row}, as the server answers a probe: every field filled. */
    private static String probe(ApiProbe p) {
        return "GET " + p.path() + " every " + p.period() + ", timeout " + p.timeout() + ", " + p.failureThreshold() + " failures in a row";
    }

    static List<ApiReplica> replicas(ApiDeployment deployment) {
        return statusOf(deployment).map(ApiDeploymentStatus::replicas).orElse(List.of());
    }

    private static Optional<ApiDeploymentStatus> statusOf(ApiDeployment deployment) {
        return Optional.ofNullable(deployment.status());
    }

    private static String phase(ApiDeployment deployment) {
        return statusOf(deployment).map(ApiDeploymentStatus::phase).orElse("Pending");
    }

    private static String ready(ApiDeploymentStatus status) {
        return status.ready() + "/" + status.desired();
    }

    /** {@code model iris.onnx (sha256:0123456789ab…)} or {@code command python -m http.server (code sha256:…)}. */
    private static String serves(ApiDeploymentSpec spec) {
        if (spec.model() != null) {
            return "model " + (spec.modelFile() == null ? "model.onnx" : spec.modelFile()) + " (" + shortSha(spec.model()) + ")";
        }
        String command = spec.command() == null ? "" : String.join(" ", spec.command());
        return "command " + command + (spec.code() == null ? "" : " (code " + shortSha(spec.code()) + ")");
    }

    private static String shortSha(String reference) {
        return reference.length() <= SHORT_SHA ? reference : reference.substring(0, SHORT_SHA) + "…";
    }

    private static String resources(ApiResources resources) {
        if (resources == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (resources.cpu() != null) {
            parts.add("cpu " + resources.cpu());
        }
        if (resources.memory() != null) {
            parts.add("memory " + resources.memory());
        }
        if (resources.gpus() != null) {
            parts.add("gpus " + resources.gpus());
        }
        if (resources.accelerators() != null) {
            resources.accelerators().forEach((name, count) -> parts.add(name + " " + count));
        }
        return String.join(", ", parts);
    }

    /** {@code concurrency 8 per replica, idle timeout 15m}. */
    private static String scaling(ApiScaling scaling) {
        if (scaling == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (scaling.metric() != null || scaling.target() != null) {
            parts.add((scaling.metric() == null ? "concurrency" : scaling.metric())
                    + (scaling.target() == null ? "" : " " + number(scaling.target()) + " per replica"));
        }
        if (scaling.scaleUpDelay() != null) {
            parts.add("up after " + scaling.scaleUpDelay());
        }
        if (scaling.scaleDownDelay() != null) {
            parts.add("down after " + scaling.scaleDownDelay());
        }
        if (scaling.idleTimeout() != null) {
            parts.add("idle timeout " + scaling.idleTimeout());
        }
        return String.join(", ", parts);
    }

    /** {@code up to 8 rows, waiting at most 5ms}. */
    private static String batching(ApiBatching batching) {
        if (batching == null) {
            return null;
        }
        return (batching.maxBatchSize() == null ? "" : "up to " + batching.maxBatchSize() + " rows")
                + (batching.maxBatchSize() != null && batching.maxQueueDelay() != null ? ", " : "")
                + (batching.maxQueueDelay() == null ? "" : "waiting at most " + batching.maxQueueDelay());
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
