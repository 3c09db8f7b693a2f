package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lepton.api.codec.Codec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad requests get a 4xx problem that names the field and the value, and nothing is written. */
class BadInputTest extends SharedServer {
    record Answer(int status, JsonNode body, String contentType) {}

    static Answer post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = response.body().length == 0 ? null : Codec.readTree(response.body());
        return new Answer(response.statusCode(), json, response.headers().firstValue("Content-Type").orElse(""));
    }

    static long jobs() {
        return server.server.store().read(tx -> tx.jobs().count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "negative workers            | {\"kind\":\"Job\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"command\":[\"true\"],\"workers\":-1}} | spec.workers",
        "no name                     | {\"kind\":\"Job\",\"spec\":{\"command\":[\"true\"]}}                                         | metadata.name",
        "bad name                    | {\"metadata\":{\"name\":\"Bad_Name\"},\"spec\":{\"command\":[\"true\"]}}                     | Bad_Name",
        "no command                  | {\"metadata\":{\"name\":\"c\"},\"spec\":{}}                                                   | spec.command",
        "cpu not a quantity          | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"cpu\":\"lots\"}}} | lots",
        "memory not a size           | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"memory\":\"12XB\"}}} | spec.resources.memory",
        "negative gpus               | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"gpus\":-2}}} | spec.resources.gpus",
        "unknown field               | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"wrokers\":2}}              | wrokers",
        "wrong type                  | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"workers\":\"two\"}}        | spec.workers",
        "bad duration                | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"maxDuration\":\"soon\"}}   | spec.maxDuration",
        "grace period too long       | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"stopGracePeriod\":\"2h\"}} | spec.stopGracePeriod: must be at most 1h (got 2h)",
        "checkpoint signal KILL      | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"checkpointSignal\":{\"signal\":\"KILL\",\"lead\":\"60s\"}}} | spec.checkpointSignal.signal: must be one of [HUP, INT, QUIT, TERM, USR1, USR2] (got 'KILL')",
        "checkpoint without lead     | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"checkpointSignal\":{\"signal\":\"USR1\"}}} | spec.checkpointSignal.lead: required",
        "unknown queue               | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"queue\":\"nope\"}}         | spec.queue",
        "reserved env                | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"env\":{\"LEPTON_JOB\":\"x\"}}} | LEPTON_JOB",
        "NUL in an env value         | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"env\":{\"A\":\"x\\u0000y\"}}} | spec.env.A: value must not contain a NUL character",
        "maxDuration past a year     | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"maxDuration\":\"9223372036854775807s\"}} | spec.maxDuration",
        "maxDuration of 367 days     | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"maxDuration\":\"8808h\"}} | spec.maxDuration: must be more than 0 and at most 8784h (366 days) (got 8808h)",
        "back-off past a day         | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"retry\":{\"maxRetries\":1,\"backoff\":\"25h\",\"maxBackoff\":\"30h\"}}} | spec.retry.backoff: must be at most 24h (got 25h)",
        "cpu past 65536 cores        | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"cpu\":\"9000000\"}}} | spec.resources.cpu: must be at most 65536 per worker (got 9000000)",
        "memory past 64 TiB          | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"memory\":\"8EiB\"}}} | spec.resources.memory",
        "gpus past 1024              | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"gpus\":5000}}} | spec.resources.gpus: must be between 0 and 1024 per worker (got 5000)",
        "accelerator without domain  | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"accelerators\":{\"gpu\":1}}}} | spec.resources.accelerators.gpu: must be a resource name DOMAIN/NAME such as nvidia.com/gpu or amd.com/gpu",
        "a Kubernetes resource       | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"accelerators\":{\"kubernetes.io/gpu\":1}}}} | (got 'kubernetes.io/gpu')",
        "negative accelerators       | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"accelerators\":{\"amd.com/gpu\":-1}}}} | spec.resources.accelerators.amd.com/gpu: must be between 0 and 1024 per worker (got -1)",
        "accelerators past 1024      | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"accelerators\":{\"amd.com/gpu\":1000,\"google.com/tpu\":100}}}} | spec.resources.accelerators: must be at most 1024 devices per worker in all (got 1100)",
        "half an amd gpu             | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"accelerators\":{\"amd.com/gpu\":0.5}}}} | spec.resources.accelerators.amd.com/gpu: must be an integer (got 0.5)",
        "gpus and nvidia.com/gpu     | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"gpus\":1,\"accelerators\":{\"nvidia.com/gpu\":2}}}} | spec.resources.gpus: is the short form of spec.resources.accelerators.nvidia.com/gpu and the two differ (got gpus 1 and 2)",
        "not json                    | {this is not json                                                                           | malformed",
        "bad tier                    | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"placement\":{\"tier\":\"moon\"}}} | spec.placement.tier",
        "bad toleration              | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"placement\":{\"tolerations\":[\"x\"]}}} | spec.placement.tolerations",
        "bad priority class          | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"priorityClass\":\"urgent\"}} | spec.priorityClass",
        "half a gpu                  | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"gpus\":0.5}}} | spec.resources.gpus: must be an integer (got 0.5)",
        "fractional workers          | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"workers\":1.9}} | spec.workers: must be an integer (got 1.9)",
        "workers in quotes           | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"workers\":\"2\"}} | spec.workers: must be an integer, not a string (got '2')",
        "fractional retries          | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"retry\":{\"maxRetries\":1.5}}} | spec.retry.maxRetries: must be an integer (got 1.5)",
        "an empty program            | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"\"]}}                     | spec.command[0]: must name the program to run (got '')",
        "a blank program             | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"  \", \"x\"]}}           | spec.command[0]: must name the program to run (got '  ')",
        "no memory                   | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"memory\":\"0\"}}} | spec.resources.memory: must be more than 0 (got 0)",
        "fractional priority         | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"priority\":2.5}} | spec.priority: must be an integer (got 2.5)",
        "blank image                 | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"image\":\"  \"}} | spec.image: must be a container image reference of 1 to 512 characters without blanks, e.g. python:3.12-slim (got '  ')",
        "image with a blank inside   | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"image\":\"python 3\"}} | (got 'python 3')",
        "image with a newline        | {\"metadata\":{\"name\":\"c\"},\"spec\":{\"command\":[\"true\"],\"image\":\"python\\n:3\"}} | spec.image: must be a container image reference",
    })
    void an_invalid_job_is_a_400_naming_the_field_and_nothing_is_stored(String why, String body, String named) throws Exception {
        long before = jobs();

        Answer answer = post("/api/v1/jobs", body, server.adminToken());

        assertThat(answer.status()).as(why).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("code").asText()).isEqualTo("INVALID_SPEC");
        assertThat(answer.body().get("detail").asText()).contains(named);
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void a_fraction_where_an_integer_is_meant_is_refused_in_a_dry_run_and_for_every_kind() throws Exception {
        Answer dryRun = post("/api/v1/jobs?dryRun=true",
                "{\"metadata\":{\"name\":\"half\"},\"spec\":{\"command\":[\"true\"],\"resources\":{\"gpus\":0.5}}}", server.adminToken());
        Answer queue = post("/api/v1/queues", "{\"metadata\":{\"name\":\"q\",\"resourceVersion\":1.5}}", server.adminToken());
        Answer cohort = post("/api/v1/cohorts", "{\"metadata\":{\"name\":\"c\",\"resourceVersion\":\"1\"}}", server.adminToken());
        Answer weight = post("/api/v1/queues", "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"scoring\":{\"energy\":\"2\"}}}",
                server.adminToken());

        assertThat(List.of(dryRun, queue, cohort, weight)).extracting(Answer::status).containsOnly(400);
        assertThat(dryRun.body().get("detail").asText()).isEqualTo("spec.resources.gpus: must be an integer (got 0.5)");
        assertThat(queue.body().get("detail").asText()).isEqualTo("metadata.resourceVersion: must be an integer (got 1.5)");
        assertThat(cohort.body().get("detail").asText()).isEqualTo("metadata.resourceVersion: must be an integer, not a string (got '1')");
        assertThat(weight.body().get("detail").asText()).isEqualTo("spec.scoring.energy: must be a number, not a string (got '2')");
    }

    @Test
    void an_image_over_512_characters_is_refused_naming_the_field_and_the_value() throws Exception {
        String image = "registry.example/" + "a".repeat(500) + ":v1";

        Answer answer = post("/api/v1/jobs?dryRun=true", "{\"metadata\":{\"name\":\"long\"},\"spec\":{\"command\":[\"true\"],"
                + "\"image\":\"" + image + "\"}}", server.adminToken());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("detail").asText()).startsWith("spec.image: must be a container image reference of 1 to 512 characters")
                .endsWith("(got '" + image + "')");
    }

    @Test
    void a_server_whose_workers_run_on_its_hosts_refuses_a_job_or_an_array_that_names_an_image() throws Exception {
        long before = jobs();
        String refusal = "spec.image: this server's executor runs commands on its nodes' hosts, not container images; leave spec.image out, "
                + "or submit to a server started with --executor kubernetes";

        Answer job = post("/api/v1/jobs", "{\"metadata\":{\"name\":\"boxed\"},\"spec\":{\"command\":[\"true\"],"
                + "\"image\":\"python:3.12-slim\"}}", server.adminToken());
        Answer array = post("/api/v1/jobs", "{\"metadata\":{\"name\":\"boxes\"},\"spec\":{\"command\":[\"true\"],"
                + "\"image\":\"python:3.12-slim\",\"array\":{\"indices\":\"0-3\"}}}", server.adminToken());

        assertThat(List.of(job, array)).extracting(Answer::status).containsOnly(400);
        assertThat(job.body().get("detail").asText()).isEqualTo(refusal);
        assertThat(array.body().get("detail").asText()).isEqualTo(refusal);
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void an_argument_or_variable_longer_than_the_kernel_takes_is_refused_at_submission() throws Exception {
        long before = jobs();
        String tooLong = "x".repeat(131_072);

        Answer argument = post("/api/v1/jobs", "{\"metadata\":{\"name\":\"long\"},\"spec\":{\"command\":[\"echo\",\"" + tooLong + "\"]}}",
                server.adminToken());
        Answer variable = post("/api/v1/jobs?dryRun=true", "{\"metadata\":{\"name\":\"long\"},\"spec\":{\"command\":[\"true\"],"
                + "\"env\":{\"BIG\":\"" + tooLong + "\"}}}", server.adminToken());

        assertThat(argument.status()).isEqualTo(400);
        assertThat(argument.body().get("detail").asText())
                .isEqualTo("spec.command[1]: an argument may be at most 131071 bytes, the kernel's limit (got 131072 bytes)");
        assertThat(variable.status()).isEqualTo(400);
        assertThat(variable.body().get("detail").asText()).startsWith("spec.env.BIG: NAME=value may be at most 131071 bytes");
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void a_body_over_the_limit_is_a_413() throws Exception {
        String huge = "{\"metadata\":{\"name\":\"big\"},\"spec\":{\"command\":[\"" + "x".repeat(2 << 20) + "\"]}}";

        Answer answer = post("/api/v1/jobs", huge, server.adminToken());

        assertThat(answer.status()).isEqualTo(413);
        assertThat(jobs()).isZero();
    }

    @Test
    void unknown_objects_are_404_and_missing_tokens_401() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.server.url() + "/api/v1/jobs/nope"))
                .header("Authorization", "Bearer " + server.adminToken()).build();
        HttpResponse<String> missing = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("default/nope");

        Answer anonymous = post("/api/v1/jobs", "{}", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().get("detail").asText()).contains("Authorization");
    }

    @Test
    void bad_query_parameters_are_400_naming_the_parameter() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.server.url() + "/api/v1/jobs?limit=-5"))
                .header("Authorization", "Bearer " + server.adminToken()).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("limit").contains("-5");
    }
}
