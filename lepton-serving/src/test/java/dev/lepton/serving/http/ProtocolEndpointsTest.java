package dev.lepton.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lepton.serving.ModelServer;
import dev.lepton.serving.TestModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Open Inference Protocol's REST endpoints over real HTTP, on the Tribuo model with ONNX Runtime. */
class ProtocolEndpointsTest {
    private static ModelServer server;
    private static OipClient client;

    @BeforeAll
    static void start() {
        server = Servers.ready(TestModels.TRIBUO, config -> config.withName("tribuo"));
        client = new OipClient(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_inference_request_gets_the_reference_probabilities_with_its_id_echoed() {
        OipClient.Response response = client.post("/v2/models/tribuo/infer", """
                {"id": "req-1", "inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP32",
                  "data": [[0, 0, 0, 0], [3, 3, 0, 1], [-3, 2, 1, -2]]}]}""");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("id").asText()).isEqualTo("req-1");
        assertThat(response.json().get("model_name").asText()).isEqualTo("tribuo");
        assertThat(response.json().get("model_version").asText()).isEqualTo("1");
        JsonNode output = response.outputNamed("output");
        assertThat(output.get("datatype").asText()).isEqualTo("FP32");
        assertThat(output.get("shape").toString()).isEqualTo("[3,3]");
        assertThat(response.floats("output")).containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
    }

    @Test
    void the_versioned_path_answers_the_same_and_an_unknown_version_or_model_is_a_404() {
        String body = OipClient.floatRequest("input", List.of(3L, 4L), TestModels.TRIBUO_INPUT);

        assertThat(client.post("/v2/models/tribuo/versions/1/infer", body).floats("output"))
                .containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
        OipClient.Response unknownVersion = client.post("/v2/models/tribuo/versions/7/infer", body);
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.json().get("error").asText()).isEqualTo("model 'tribuo' has no version '7'; it serves version '1'");
        OipClient.Response unknownModel = client.post("/v2/models/resnet/infer", body);
        assertThat(unknownModel.status()).isEqualTo(404);
        assertThat(unknownModel.json().get("error").asText()).isEqualTo("model 'resnet' is not served here; this server serves 'tribuo'");
        assertThat(client.get("/v2/models/resnet/ready").status()).isEqualTo(404);
    }

    @Test
    void health_server_and_model_metadata_describe_the_ready_model() {
        assertThat(client.get("/v2/health/live").json().get("live").asBoolean()).isTrue();
        assertThat(client.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(client.get("/v2/models/tribuo/ready").json().toString()).contains("\"ready\":true").contains("\"name\":\"tribuo\"");
        assertThat(client.get("/v2").json().get("extensions").toString()).isEqualTo("[\"binary_tensor_data\"]");

        JsonNode metadata = client.get("/v2/models/tribuo").json();

        assertThat(metadata.get("name").asText()).isEqualTo("tribuo");
        assertThat(metadata.get("versions").toString()).isEqualTo("[\"1\"]");
        assertThat(metadata.get("platform").asText()).isEqualTo("onnx_onnxv1");
        assertThat(metadata.get("inputs").toString()).isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]");
        assertThat(metadata.get("outputs").toString()).isEqualTo("[{\"name\":\"output\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]");
        assertThat(client.get("/v2/models/tribuo/versions/1").json()).isEqualTo(metadata);
    }

    @Test
    void binary_tensor_data_goes_in_after_the_json_header_and_comes_back_the_same_way() {
        String header = """
                {"inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP32", "parameters": {"binary_data_size": 48}}],
                 "outputs": [{"name": "output", "parameters": {"binary_data": true}}]}""";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + 48).order(ByteOrder.LITTLE_ENDIAN).put(json);
        for (float value : TestModels.TRIBUO_INPUT) {
            body.putFloat(value);
        }

        OipClient.Response response = client.postBinary("/v2/models/tribuo/infer", body.array(), json.length);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/octet-stream"));
        int jsonLength = Integer.parseInt(response.header("Inference-Header-Content-Length").orElseThrow());
        JsonNode output = response.json(jsonLength).get("outputs").get(0);
        assertThat(output.has("data")).isFalse();
        assertThat(output.get("parameters").get("binary_data_size").asInt()).isEqualTo(36);
        assertThat(response.body().length).isEqualTo(jsonLength + 36);
        float[] probabilities = new float[9];
        ByteBuffer.wrap(response.body(), jsonLength, 36).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(probabilities);
        assertThat(probabilities).containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a wrong datatype   | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]}  | input 'input'.datatype: FP64, but model 'tribuo' takes FP32
            too few elements   | {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}  | input 'input': shape [2, 4] holds 8 elements, but data has 4
            a wrong width      | {"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}     | input 'input'.shape: [1, 3] does not fit the model's [-1, 4] (-1: any size)
            an unknown input   | {"inputs": [{"name": "features", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | input 'features' is not an input of model 'tribuo'; its inputs are 'input'
            a missing input    | {"inputs": []}                                                                             | input 'input' is missing; model 'tribuo' takes 'input'
            a truncated body   | {"inputs": [{"name": "input"                                                               | the body is not valid JSON (line 1, column 29): Unexpected end-of-input
            """)
    void bad_input_is_a_400_in_the_protocols_error_shape_naming_the_field(String what, String body, String error) {
        OipClient.Response response = client.post("/v2/models/tribuo/infer", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().fieldNames()).toIterable().containsExactly("error");
        assertThat(response.json().get("error").asText()).startsWith(error);
    }

    @Test
    void a_body_over_the_size_limit_is_a_413_in_the_error_shape() {
        try (ModelServer small = Servers.ready(TestModels.TRIBUO, config -> config.withName("tribuo").withMaxRequestBytes(1024))) {
            OipClient.Response response = new OipClient(small.url()).post("/v2/models/tribuo/infer",
                    OipClient.floatRequest("input", List.of(100L, 4L), new float[400]));

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.json().has("error")).isTrue();
        }
    }

    @Test
    void a_wrong_method_or_path_is_answered_in_the_error_shape_too() {
        OipClient.Response wrongMethod = client.get("/v2/models/tribuo/infer");
        OipClient.Response noRoute = client.get("/v3/models");

        assertThat(wrongMethod.status()).isIn(404, 405);
        assertThat(wrongMethod.json().has("error")).isTrue();
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().get("error").asText()).isEqualTo("Endpoint GET /v3/models not found");
    }

    @Test
    void metrics_count_requests_by_outcome_with_units_in_the_names() {
        client.post("/v2/models/tribuo/infer", OipClient.floatRequest("input", List.of(1L, 4L), new float[] {0, 0, 0, 0}));
        client.post("/v2/models/tribuo/infer", "{\"inputs\": []}");

        String metrics = new String(client.get("/metrics").body(), StandardCharsets.UTF_8);

        assertThat(metrics).containsPattern("lepton_model_requests_total\\{model=\"tribuo\",outcome=\"ok\"} [1-9]")
                .containsPattern("lepton_model_requests_total\\{model=\"tribuo\",outcome=\"invalid\"} [1-9]")
                .contains("lepton_model_request_duration_seconds_bucket{model=\"tribuo\",le=\"0.001\"}")
                .contains("lepton_model_queue_duration_seconds_count{model=\"tribuo\"}")
                .contains("lepton_model_run_duration_seconds_count{model=\"tribuo\"}")
                .contains("lepton_model_batch_requests_bucket{model=\"tribuo\",le=\"1.0\"}")
                .contains("lepton_model_batch_rows_count{model=\"tribuo\"}")
                .contains("lepton_model_queue_requests{model=\"tribuo\"} 0")
                .contains("lepton_model_ready{model=\"tribuo\"} 1");
    }
}
