package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command deployment over HTTP with real replica processes (Python's http.server on $PORT): it becomes ready and
 * answers through the gateway, scales without rolling its replicas, rolls a changed spec out one replica at a time,
 * and is deleted with its replicas; bad input is a 400 naming the field, and a token deployment refuses strangers.
 */
class DeploymentsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVE = "exec python3 -m http.server --bind 0.0.0.0 $PORT";

    @TempDir
    Path home;
    TestServer server;
    String token;

    @BeforeEach
    void start() {
        server = TestServer.start(home);
        token = server.adminToken();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_command_deployment_serves_through_the_gateway_scales_rolls_out_and_is_deleted_with_its_replicas() throws Exception {
        HttpResponse<String> created = call("POST", "/api/v1/deployments", deployment("web", SERVE, "public", 1));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).at("/status/endpoint").asText()).isEqualTo("/endpoints/web");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("web").at("/ready").asInt() == 1);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/endpoints/web/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.headers().firstValue("Server")).hasValueSatisfying(v -> assertThat(v).contains("SimpleHTTP"));
        assertThat(answer.headers().firstValue("X-Lepton-Prediction-Id")).isPresent();
        org.eclipse.jetty.client.HttpClient h2 = H2cTest.h2cClient();
        try {
            org.eclipse.jetty.client.ContentResponse overH2c = h2.GET(server.server.url() + "/endpoints/web/");
            assertThat(overH2c.getVersion()).as("HTTP/2 cleartext from the client, by prior knowledge").isEqualTo(org.eclipse.jetty.http.HttpVersion.HTTP_2);
            assertThat(overH2c.getHeaders().get("Server")).contains("SimpleHTTP");
            assertThat(overH2c.getHeaders().get("X-Lepton-Prediction-Id")).isNotNull();
        } finally {
            h2.stop();
        }
        String first = status("web").at("/replicas/0/job").asText();

        assertThat(call("PUT", "/api/v1/deployments/web/scale", "{\"min\":2,\"max\":2}").statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("web").at("/ready").asInt() == 2);
        assertThat(status("web").at("/revision").asLong()).as("a scale rolls no replica").isEqualTo(1);
        assertThat(status("web").get("replicas").findValuesAsText("job")).contains(first);

        HttpResponse<String> changed = call("PUT", "/api/v1/deployments/web", deployment("web", SERVE + " # v2", "public", 2));
        assertThat(json(changed).at("/status/revision").asLong()).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = status("web");
            return s.at("/ready").asInt() == 2 && s.get("replicas").findValuesAsText("revision").stream().allMatch("2"::equals);
        });
        assertThat(status("web").get("replicas").findValuesAsText("job")).doesNotContain(first);

        assertThat(call("DELETE", "/api/v1/deployments/web", "").statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/deployments/web", "").statusCode()).isEqualTo(404);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.jobs(java.util.Optional.of("default"), java.util.Optional.empty(), 100, java.util.Optional.empty()).items().stream()
                .allMatch(j -> j.status().phase().equals("Cancelled")));
    }

    @Test
    void a_revision_that_never_becomes_ready_is_rolled_back_saying_why_and_the_old_replica_serves_throughout() throws Exception {
        assertThat(call("POST", "/api/v1/deployments", deployment("web", SERVE, "public", 1)).statusCode()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("web").at("/ready").asInt() == 1);
        String serving = status("web").at("/replicas/0/job").asText();

        call("PUT", "/api/v1/deployments/web", deployment("web", "echo 'cannot load model.onnx: not an ONNX model' >&2; exit 3", "public", 1));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status("web").at("/message").asText().contains("rolled back"));
        JsonNode status = status("web");
        assertThat(status.at("/revision").asLong()).isEqualTo(3);
        assertThat(status.at("/message").asText()).contains("rolled back to the spec of revision 1: revision 2 failed")
                .contains("cannot load model.onnx: not an ONNX model");
        assertThat(json(call("GET", "/api/v1/deployments/web/events", "")).get("items").findValuesAsText("type")).contains("Created", "Updated", "RolledBack");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("web").get("replicas").size() == 1);
        assertThat(status("web").at("/replicas/0/job").asText()).as("the old replica is current again, not replaced").isEqualTo(serving);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/endpoints/web/")).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("Server")).hasValueSatisfying(v -> assertThat(v).contains("SimpleHTTP"));
    }

    @Test
    void requests_are_counted_per_revision_with_their_energy_per_thousand_and_feedback_on_a_prediction_is_kept_by_revision() throws Exception {
        assertThat(call("POST", "/api/v1/deployments", deployment("web", SERVE, "public", 1)).statusCode()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("web").at("/ready").asInt() == 1);
        String prediction = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/endpoints/web/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            prediction = answer.headers().firstValue("X-Lepton-Prediction-Id").orElseThrow();
        }
        assertThat(prediction).matches("1\\.[0-9a-f-]{36}");

        HttpResponse<String> rated = call("POST", "/endpoints/web/feedback", "{\"predictionId\":\"" + prediction + "\",\"rating\":4,\"label\":\"cat\"}");
        assertThat(rated.statusCode()).as(rated.body()).isEqualTo(201);
        assertThat(call("POST", "/endpoints/web/feedback", "{\"predictionId\":\"nonsense\",\"rating\":4}").body())
                .contains("predictionId: must be the X-Lepton-Prediction-Id");
        assertThat(call("POST", "/endpoints/web/feedback", "{\"predictionId\":\"" + prediction + "\"}").body()).contains("give a rating, a label or both");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("web").at("/revisions/0/requests").asLong() == 20);
        JsonNode revision = status("web").at("/revisions/0");
        assertThat(revision.get("revision").asLong()).isEqualTo(1);
        assertThat(revision.get("errors").asLong()).isZero();
        assertThat(revision.get("feedback").asLong()).isEqualTo(1);
        assertThat(revision.get("meanRating").asDouble()).isEqualTo(4.0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("web").at("/revisions/0/energyJoules").asDouble() > 0);
        revision = status("web").at("/revisions/0");
        assertThat(revision.get("provenance").asText()).isEqualTo("modelled");
        assertThat(revision.get("joulesPer1000Requests").asDouble()).isCloseTo(revision.get("energyJoules").asDouble() * 1000 / 20,
                org.assertj.core.api.Assertions.within(revision.get("energyJoules").asDouble()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.http("/metrics") == 200 && metrics().contains(
                "lepton_deployment_per_1000_requests{deployment=\"web\",quantity=\"co2e_grams\",revision=\"1\"}"));
        assertThat(metrics()).contains("lepton_deployment_request_seconds_count{deployment=\"web\",outcome=\"ok\",revision=\"1\"} 20\n")
                .contains("lepton_deployment_feedback{deployment=\"web\",quantity=\"mean_rating\",revision=\"1\"} 4.0");
    }

    private String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void bad_input_is_a_400_naming_each_field_and_a_token_deployment_refuses_calls_without_one() throws Exception {
        HttpResponse<String> bad = call("POST", "/api/v1/deployments",
                "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"model\":\"sha256:12\",\"replicas\":{\"min\":3,\"max\":2},\"access\":\"open\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("spec.model: must name an uploaded snapshot as sha256:<64 hex digits> (got 'sha256:12')")
                .contains("spec.replicas.max").contains("spec.access: token or public (got 'open')");
        HttpResponse<String> badProbes = call("POST", "/api/v1/deployments", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"command\":[\"true\"],"
                + "\"readinessProbe\":{\"path\":\"ready\",\"period\":\"500ms\"},\"livenessProbe\":{\"path\":\"/alive\",\"timeout\":\"30s\",\"failureThreshold\":0}}}");
        assertThat(badProbes.statusCode()).isEqualTo(400);
        assertThat(badProbes.body()).contains("spec.readinessProbe.path: required, a path starting with '/' (got 'ready')")
                .contains("spec.readinessProbe.period: at least 1s (got 500ms)")
                .contains("spec.livenessProbe.timeout: more than 0s and at most the period, 10s (got 30s)")
                .contains("spec.livenessProbe.failureThreshold: must be 1-100 (got 0)");
        HttpResponse<String> notUploaded = call("POST", "/api/v1/deployments",
                "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"command\":[\"true\"],\"code\":\"sha256:" + "a".repeat(64) + "\"}}");
        assertThat(notUploaded.body()).contains("spec.code: project default has no snapshot");

        assertThat(call("POST", "/api/v1/deployments", deployment("private", SERVE, "token", 1)).statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/v1/deployments", deployment("private", SERVE, "token", 1)).statusCode()).isEqualTo(409);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("private").at("/ready").asInt() == 1);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/endpoints/private/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(call("GET", "/endpoints/private/", "").headers().firstValue("Server")).hasValueSatisfying(v -> assertThat(v).contains("SimpleHTTP"));
        // A token the server has not seen yet is checked against the store off the selector thread, then remembered.
        String fresh = json(call("POST", "/api/v1/tokens", "")).get("token").asText();
        for (int i = 0; i < 2; i++) {
            assertThat(callWith(fresh, "/endpoints/private/").statusCode()).as("call " + i + " with a new token").isEqualTo(200);
        }
        // An endpoint token calls this deployment's endpoint and nothing else, listed without its secret, refused once revoked.
        JsonNode made = json(call("POST", "/api/v1/deployments/private/tokens", ""));
        String endpointToken = made.get("token").asText();
        String id = made.get("id").asText();
        assertThat(endpointToken).startsWith("lep_");
        assertThat(callWith(endpointToken, "/endpoints/private/").statusCode()).isEqualTo(200);
        assertThat(callWith(endpointToken, "/api/v1/deployments").statusCode()).as("the API").isEqualTo(401);
        JsonNode listed = json(call("GET", "/api/v1/deployments/private/tokens", "")).get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).has("token") && !listed.get(0).get("token").isNull()).as("a listed token's secret").isFalse();
        assertThat(json(call("POST", "/api/v1/deployments/private/tokens/" + id + "/revoke", "")).get("id").asText()).isEqualTo(id);
        assertThat(callWith(endpointToken, "/endpoints/private/").statusCode()).as("once revoked").isEqualTo(401);
        assertThat(call("POST", "/api/v1/deployments/private/tokens/" + id + "/revoke", "").body()).contains("endpoint token 'private/" + id + "' not found");
        assertThat(call("GET", "/endpoints/nobody/", "").statusCode()).isEqualTo(404);
        call("DELETE", "/api/v1/deployments/private", "");
    }

    @Test
    void a_replica_takes_requests_when_its_readiness_path_answers_and_is_replaced_when_its_liveness_path_stops_answering() throws Exception {
        // Ready once ./ready exists (after 2 s); alive while ./alive does (its first 6 s).
        String serve = "touch alive; (sleep 2; touch ready; sleep 4; rm alive) & " + SERVE;
        ObjectNode body = (ObjectNode) JSON.readTree(deployment("probed", serve, "public", 1));
        ((ObjectNode) body.get("spec")).set("readinessProbe", JSON.readTree("{\"path\":\"/ready\",\"period\":\"1s\"}"));
        ((ObjectNode) body.get("spec")).set("livenessProbe", JSON.readTree("{\"path\":\"/alive\",\"period\":\"1s\",\"failureThreshold\":2}"));
        HttpResponse<String> created = call("POST", "/api/v1/deployments", JSON.writeValueAsString(body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).at("/spec/livenessProbe/failureThreshold").asInt()).isEqualTo(2);
        assertThat(json(created).at("/spec/readinessProbe/timeout").asText()).isEqualTo("1s");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("probed").at("/replicas/0/job").isTextual());
        String first = status("probed").at("/replicas/0/job").asText();
        assertThat(status("probed").at("/ready").asInt()).as("./ready is not there yet: /ready answers 404").isZero();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("probed").at("/ready").asInt() == 1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> call("GET", "/api/v1/deployments/probed/events", "").body().contains("Restarting"));
        assertThat(call("GET", "/api/v1/deployments/probed/events", "").body())
                .contains("replica " + first + ": liveness probe GET /alive failed 2 times in a row; a new replica takes its place");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode replica = status("probed").at("/replicas/0");
            return !replica.at("/job").asText().equals(first) && replica.at("/ready").asBoolean();
        });
        call("DELETE", "/api/v1/deployments/probed", "");
    }

    private static String deployment(String name, String command, String access, int replicas) throws IOException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("kind", "Deployment").<com.fasterxml.jackson.databind.node.ObjectNode>set("metadata",
                JSON.createObjectNode().put("name", name)).set("spec", JSON.readTree("{\"command\":[\"sh\",\"-c\"," + JSON.writeValueAsString(command)
                + "],\"access\":\"" + access + "\",\"resources\":{\"cpu\":\"100m\",\"memory\":\"64MiB\"},\"replicas\":{\"min\":" + replicas
                + ",\"max\":" + replicas + "}}")));
    }

    private JsonNode status(String name) throws Exception {
        return json(call("GET", "/api/v1/deployments/" + name, "")).get("status");
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> callWith(String bearer, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + path)).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server.url() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
