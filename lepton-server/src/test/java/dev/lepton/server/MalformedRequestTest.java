package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lepton.api.codec.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests shaped to break the server, as a security probe sent them: each is a 4xx problem that
 * says in plain words what was wrong, never a 500 and never a Java class name.
 */
class MalformedRequestTest extends SharedServer {
    /** Java's names for things, which a user should never have to read. */
    private static final String JAVA_NAMES = "(?s).*(java\\.|dev\\.lepton|jackson|`|Cannot deserialize|Cannot construct|Instant).*";

    record Answer(int status, Optional<String> allow, String contentType, JsonNode body) {
        String detail() {
            return body.get("detail").asText();
        }
    }

    static Answer send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().firstValue("Allow"),
                response.headers().firstValue("Content-Type").orElse(""), Codec.readTree(response.body()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/jobs", "/api/v1/jobs?dryRun=true", "/api/v1/users", "/api/v1/users/bob/roles",
        "/api/v1/queues", "/api/v1/cohorts"})
    void a_null_body_is_a_400_that_says_so(String path) throws Exception {
        for (String body : new String[] {"null", "~"}) {
            Answer answer = send("POST", path, body);

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.detail()).isEqualTo("request body: expected a JSON object, got null");
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"nominal\":{\"cpu\":null}}}                | spec.nominal.cpu: must not be null",
        "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"nominal\":{\"nvidia.com/gpu\":null}}}     | spec.nominal.nvidia.com/gpu: must not be null",
        "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"borrowingLimit\":{\"memory\":null}}}      | spec.borrowingLimit.memory: must not be null",
        "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"scoring\":{\"energy\":null}}}             | spec.scoring.energy: must not be null",
        "{\"metadata\":{\"name\":\"q\",\"labels\":{\"team\":null}}}                           | metadata.labels.team: must not be null",
    })
    void a_null_quantity_in_a_queue_spec_is_a_400_naming_it(String body, String detail) throws Exception {
        Answer answer = send("POST", "/api/v1/queues", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).isEqualTo(detail);
        assertThat(send("GET", "/api/v1/queues/q", null).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "\"placement\":{\"tolerations\":[null]}        | spec.placement.tolerations[0]: must not be null",
        "\"placement\":{\"regions\":[\"eu\",null]}     | spec.placement.regions[1]: must not be null",
        "\"placement\":{\"gpuModels\":[null]}          | spec.placement.gpuModels[0]: must not be null",
        "\"placement\":{\"nodeSelector\":{\"a\":null}} | spec.placement.nodeSelector.a: must not be null",
        "\"env\":{\"A\":null}                          | spec.env.A: must not be null",
        "\"after\":[null]                              | spec.after[0]: must not be null",
    })
    void a_null_inside_a_job_spec_is_a_400_naming_it(String field, String detail) throws Exception {
        Answer answer = send("POST", "/api/v1/jobs", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"command\":[\"true\"]," + field + "}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).isEqualTo(detail);
    }

    @Test
    void a_chunk_size_larger_than_any_body_is_a_400() throws Exception {
        URI uri = URI.create(server.server.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/jobs HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Authorization: Bearer " + server.adminToken() + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(response).contains("\"detail\":\"request body: unreadable");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a URI too long   | 414",
        "a NUL in the path | 400",
    })
    void a_request_line_jetty_cannot_take_is_answered_as_a_problem_and_the_connection_closed(String what, int status) throws Exception {
        String path = status == 414 ? "/api/v1/jobs/" + "x".repeat(20_000) : "/api/v1/jobs/a%00b";
        URI uri = URI.create(server.server.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 " + status + " ");
            assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json").contains("connection: close");
            assertThat(response).contains("\"status\":" + status).doesNotContain("<html");
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"metadata\":{\"name\":\"c\",\"labels\":{\"x\":null}},\"spec\":{\"command\":[\"true\"]}}  | metadata.labels.x",
        "{\"metadata\":{\"name\":\"c\",\"createdAt\":\"yesterday\"},\"spec\":{\"command\":[\"true\"]}} | metadata.createdAt",
        "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":[1]}}        | spec.resources",
        "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":{\"a\":1}}}                          | spec.command",
        "{\"metadata\":{\"name\":[\"c\"]},\"spec\":{\"command\":[\"true\"]}}                       | metadata.name",
        "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"workers\":{}}}           | spec.workers",
        "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"preemption\":{\"canPreempt\":[]}}} | spec.preemption.canPreempt",
    })
    void a_binding_failure_names_the_field_in_plain_words_never_a_java_class(String body, String field) throws Exception {
        Answer answer = send("POST", "/api/v1/jobs", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).startsWith(field + ": ").doesNotMatch(JAVA_NAMES);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/jobs   | {\"metadata\":{\"name\":123},\"spec\":{\"command\":[\"true\"]}}    | metadata.name: must be a string (got 123)",
        "/api/v1/jobs   | {\"metadata\":{\"name\":true},\"spec\":{\"command\":[\"true\"]}}   | metadata.name: must be a string (got true)",
        "/api/v1/jobs   | {\"metadata\":{\"name\":\"n\",\"project\":7},\"spec\":{\"command\":[\"true\"]}} | metadata.project: must be a string (got 7)",
        "/api/v1/queues | {\"metadata\":{\"name\":123}}                                          | metadata.name: must be a string (got 123)",
        "/api/v1/users  | {\"name\":5,\"project\":\"p\",\"role\":\"viewer\"}                   | name: must be a string (got 5)",
    })
    void a_name_written_as_a_number_or_a_boolean_is_refused(String path, String body, String detail) throws Exception {
        Answer answer = send("POST", path, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).isEqualTo(detail);
    }

    @Test
    void a_quantity_may_still_be_written_as_a_number() throws Exception {
        Answer answer = send("POST", "/api/v1/jobs?dryRun=true",
                "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"cpu\":2}}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/spec/resources/cpu").asText()).isEqualTo("2");
    }

    @Test
    void a_method_a_path_does_not_take_is_a_405_that_lists_the_ones_it_does() throws Exception {
        Answer jobs = send("DELETE", "/api/v1/jobs", null);
        Answer queues = send("PUT", "/api/v1/queues", "{}");
        Answer job = send("PATCH", "/api/v1/jobs/some-job", "{}");

        assertThat(jobs.status()).isEqualTo(405);
        assertThat(jobs.allow()).contains("GET, POST");
        assertThat(jobs.contentType()).startsWith("application/problem+json");
        assertThat(jobs.detail()).isEqualTo("DELETE is not allowed on /api/v1/jobs; allowed: GET, POST");
        assertThat(queues.status()).isEqualTo(405);
        assertThat(queues.allow()).contains("GET, POST");
        assertThat(job.status()).isEqualTo(405);
        assertThat(job.allow()).contains("GET, DELETE");
    }

    @Test
    void an_unknown_path_is_still_a_404() throws Exception {
        Answer answer = send("DELETE", "/api/v1/nothing-here", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.allow()).isEmpty();
    }
}
