package dev.lepton.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiBatching;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiDeploymentStatus;
import dev.lepton.api.v1.ApiEvent;
import dev.lepton.api.v1.ApiProbe;
import dev.lepton.api.v1.ApiRevisionStats;
import dev.lepton.api.v1.ApiReplica;
import dev.lepton.api.v1.ApiReplicas;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiScaling;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How deployments read in table mode: the answer to a change, the list, {@code status} and {@code get}. */
class DeploymentRenderingTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String SHA = "sha256:0123456789abcdef" + "0".repeat(48);

    @Test
    void a_change_is_answered_with_the_revision_and_the_endpoint() {
        ApiDeployment iris = deployment("iris", modelSpec(), status("Pending", 1, 1, 0));

        assertThat(DeploymentText.done(iris, "created")).isEqualTo("deployment iris created (revision 1): endpoint /v2/models/iris");
        assertThat(DeploymentText.done(deployment("iris", modelSpec(), null), "applied")).isEqualTo("deployment iris applied");
    }

    @Test
    void list_shows_one_line_per_deployment_with_ready_over_desired() {
        ApiDeployment iris = deployment("iris", modelSpec(), status("Ready", 3, 2, 2));
        ApiDeployment web = deployment("web", commandSpec(), null);

        assertThat(DeploymentText.table(List.of(iris, web), NOW)).isEqualTo("""
                NAME   PROJECT   PHASE     READY   REVISION   ENDPOINT          AGE
                iris   default   Ready     2/2     3          /v2/models/iris   10m
                web    default   Pending   -       -          -                 10m
                """);
    }

    @Test
    void status_sums_up_then_shows_a_row_per_replica() {
        ApiDeploymentStatus status = new ApiDeploymentStatus("Ready", 3, 2, 1, "/v2/models/iris", "1 replica starting", List.of(
                new ApiReplica("iris-r3-a1", 3, "Running", "10.0.0.5:8301", true),
                new ApiReplica("iris-r3-b2", 3, "Pending", null, false)));

        assertThat(DeploymentText.status(deployment("iris", modelSpec(), status))).isEqualTo("""
                Name:      iris
                Phase:     Ready
                Revision:  3
                Ready:     1/2
                Endpoint:  /v2/models/iris
                Message:   1 replica starting

                JOB          REVISION   PHASE     ADDRESS         READY
                iris-r3-a1   3          Running   10.0.0.5:8301   yes
                iris-r3-b2   3          Pending   -               no
                """);
    }

    @Test
    void status_ends_with_what_each_revision_served_and_cost_per_thousand_requests() {
        ApiDeploymentStatus status = new ApiDeploymentStatus("Ready", 2, 1, 1, "/v2/models/iris", null, List.of(
                new ApiReplica("iris-2-a1", 2, "Running", "10.0.0.5:8301", true)), List.of(
                new ApiRevisionStats(1, 2_000, 3, 7_200, 0.96, "modelled", 3_600.0, 0.48, 10, 8, 0.75),
                new ApiRevisionStats(2, 0, 0, 360, 0.048, "measured", null, null, 0, 0, null)));

        assertThat(DeploymentText.status(deployment("iris", modelSpec(), status))).endsWith("""
                REVISION   REQUESTS   ERRORS   KWH      GCO2E   WH/1K REQ   GCO2E/1K REQ   ENERGY     FEEDBACK   MEAN RATING
                1          2000       3        0.002    0.96    1           0.48           modelled   10         0.75
                2          0          0        0.0001   0.048   -           -              measured   0          -
                """);
    }

    @Test
    void a_deployment_without_replicas_says_so_and_has_no_logs_to_show() {
        ApiDeployment pending = deployment("iris", modelSpec(), status("Pending", 1, 1, 0));

        assertThat(DeploymentText.status(pending)).endsWith("Message:   -\n\nNo replicas yet.\n");
        assertThatThrownBy(() -> DeployLogsCommand.firstReplica(pending)).isInstanceOf(CliFailure.class)
                .hasMessage("deployment iris has no replica yet, so no logs; lepton deploy status iris says where it stands")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCode.FAILED));
    }

    @Test
    void status_ends_with_the_latest_events_and_none_when_there_are_none() {
        List<ApiEvent> events = java.util.stream.IntStream.range(0, 12).mapToObj(i -> new ApiEvent(i, java.time.Instant.parse("2026-12-05T12:00:00Z")
                .plusSeconds(i), "deployment/iris", i == 11 ? "Restarting" : "Applied", "event " + i)).toList();

        String shown = DeploymentText.events(events);

        assertThat(shown).startsWith("\nTIME").contains("Restarting", "event 11", "event 2").doesNotContain("event 1 ", "event 0");
        assertThat(shown.lines().count()).isEqualTo(1 + 1 + DeploymentText.EVENTS_SHOWN);
        assertThat(DeploymentText.events(List.of())).isEmpty();
    }

    @Test
    void logs_follow_the_first_replica_listed() {
        ApiDeployment iris = deployment("iris", modelSpec(), new ApiDeploymentStatus("Ready", 2, 2, 2, "/v2/models/iris", null, List.of(
                new ApiReplica("iris-r2-a", 2, "Running", "h1:1", true), new ApiReplica("iris-r2-b", 2, "Running", "h2:1", true))));

        assertThat(DeployLogsCommand.firstReplica(iris)).isEqualTo("iris-r2-a");
    }

    @Test
    void get_shows_what_is_served_and_how() {
        ApiDeployment iris = deployment("iris", modelSpec(), status("Ready", 3, 2, 2));

        assertThat(DeploymentText.summary(iris, NOW)).isEqualTo("""
                Name:      iris
                Project:   default
                Serves:    model iris.onnx (sha256:0123456789ab…)
                Image:     -
                Replicas:  0..4
                Resources: cpu 2, memory 4GiB
                Queue:     serving
                Priority:  -
                Scaling:   rps 12.5 per replica, idle timeout 15m
                Batching:  up to 16 rows, waiting at most 5ms
                Access:    public
                Readiness: default
                Liveness:  -
                Phase:     Ready
                Revision:  3
                Ready:     2/2
                Endpoint:  /v2/models/iris
                Created:   2025-03-01T11:50:00Z (10m ago)
                """);
        assertThat(DeploymentText.summary(deployment("web", commandSpec(), null), NOW))
                .contains("Serves:    command python -m http.server (code sha256:0123456789ab…)\n", "Phase:     Pending\n",
                        "Readiness: GET /healthz every 10s, timeout 1s, 3 failures in a row\n",
                        "Liveness:  GET /alive every 5s, timeout 2s, 2 failures in a row\n");
    }

    private static ApiDeploymentSpec modelSpec() {
        return new ApiDeploymentSpec(SHA, "iris.onnx", null, null, null, "serving", null, new ApiResources("2", "4GiB", null),
                new ApiReplicas(0, 4), new ApiScaling("rps", 12.5, null, null, "15m"), new ApiBatching(16, "5ms"), "public", null, null);
    }

    private static ApiDeploymentSpec commandSpec() {
        return new ApiDeploymentSpec(null, null, List.of("python", "-m", "http.server"), SHA, null, null, null, null,
                new ApiReplicas(1, 1), null, null, null, new ApiProbe("/healthz", "10s", "1s", 3), new ApiProbe("/alive", "5s", "2s", 2));
    }

    private static ApiDeploymentStatus status(String phase, long revision, int desired, int ready) {
        return new ApiDeploymentStatus(phase, revision, desired, ready, "/v2/models/iris", null, List.of());
    }

    private static ApiDeployment deployment(String name, ApiDeploymentSpec spec, ApiDeploymentStatus status) {
        ObjectMeta meta = new ObjectMeta(name, "default", Map.of(), "uid-" + name, 1L, NOW.minus(Duration.ofMinutes(10)));
        return new ApiDeployment(ApiDeployment.KIND, "lepton.dev/v1", meta, spec, status);
    }
}
