package dev.lepton.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.inference.LoadedModel;
import dev.lepton.serving.ModelServer;
import dev.lepton.serving.TestModels;
import dev.lepton.serving.http.OipClient;
import dev.lepton.serving.http.Servers;
import dev.lepton.serving.onnx.OnnxModelRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Concurrent requests over real HTTP, merged into runs of ONNX Runtime: each still gets exactly what
 * it would get alone, and the batch-size metric shows the merging.
 */
class DynamicBatchingTest {
    private static final String OUTPUT = "softmax_0.tmp_0";

    @Test
    void concurrent_requests_are_merged_into_one_run_and_each_gets_its_own_unbatched_result() throws Exception {
        IntFunction<float[]> image = i -> TestModels.gradient(192, 1 - i / 4f);
        float[][] alone = unbatched(8, image, 192);
        assertThat(alone[0]).as("the README's gradient").containsExactly(TestModels.PPOCR_GRADIENT_OUTPUT, within(1e-5f));

        try (ModelServer server = Servers.ready(TestModels.PPOCR, config -> config.withName("ppocr")
                .withBatching(new BatchPolicy(8, Duration.ofMillis(200))))) {
            OipClient client = new OipClient(server.url());

            List<OipClient.Response> responses = concurrently(8, i -> client.post("/v2/models/ppocr/infer",
                    OipClient.floatRequest("x", List.of(1L, 3L, 48L, 192L), image.apply(i))));

            for (int i = 0; i < 8; i++) {
                assertThat(responses.get(i).status()).isEqualTo(200);
                assertThat(responses.get(i).floats(OUTPUT)).as("request %d", i).containsExactly(alone[i], within(1e-5f));
            }
            String metrics = metrics(client);
            assertThat(gauge(metrics, "lepton_model_batch_requests_max")).as("the most requests in one run").isGreaterThan(1);
            assertThat(gauge(metrics, "lepton_model_batch_requests_count")).as("runs").isLessThan(8);
        }
    }

    @Test
    void a_lone_client_does_not_wait_out_the_queue_delay_since_no_one_could_join_its_request() throws Exception {
        try (ModelServer server = Servers.ready(TestModels.TRIBUO, config -> config.withName("tribuo")
                .withBatching(new BatchPolicy(8, Duration.ofSeconds(30))))) {
            OipClient client = new OipClient(server.url());

            for (int i = 0; i < 3; i++) {
                assertThat(client.post("/v2/models/tribuo/infer", OipClient.floatRequest("input", List.of(3L, 4L), TestModels.TRIBUO_INPUT))
                        .floats("output")).containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
            }

            assertThat(gauge(metrics(client), "lepton_model_queue_duration_seconds_max")).as("the longest wait, in seconds").isLessThan(10);
        }
    }

    @Test
    void requests_whose_images_differ_in_size_are_never_stacked_together() throws Exception {
        IntFunction<float[]> image = i -> TestModels.gradient(i % 2 == 0 ? 192 : 320, 1 - i / 8f);
        IntFunction<Integer> width = i -> i % 2 == 0 ? 192 : 320;

        try (ModelServer server = Servers.ready(TestModels.PPOCR, config -> config.withName("ppocr")
                .withBatching(new BatchPolicy(8, Duration.ofMillis(200))))) {
            OipClient client = new OipClient(server.url());

            List<OipClient.Response> responses = concurrently(8, i -> client.post("/v2/models/ppocr/infer",
                    OipClient.floatRequest("x", List.of(1L, 3L, 48L, (long) width.apply(i)), image.apply(i))));

            try (OnnxModelRuntime runtime = new OnnxModelRuntime(1); LoadedModel ppocr = runtime.load(TestModels.PPOCR.toString())) {
                for (int i = 0; i < 8; i++) {
                    float[] expected = ppocr.run(Map.of("x", TestModels.image(image.apply(i), width.apply(i))), Set.of()).get(OUTPUT).floats();
                    assertThat(responses.get(i).floats(OUTPUT)).as("request %d", i).containsExactly(expected, within(1e-5f));
                }
            }
            assertThat(gauge(metrics(client), "lepton_model_batch_rows_max")).as("at most the four images of one size").isLessThanOrEqualTo(4);
        }
    }

    @Test
    void a_model_with_a_scalar_input_runs_each_request_alone_whatever_the_batching_flags() throws Exception {
        String silence = """
                {"inputs": [
                  {"name": "input", "shape": [1, 512], "datatype": "FP32", "data": %s},
                  {"name": "state", "shape": [2, 1, 128], "datatype": "FP32", "data": %s},
                  {"name": "sr", "shape": [], "datatype": "INT64", "data": [16000]}],
                 "outputs": [{"name": "output"}]}""".formatted(zeros(512), zeros(256));

        try (ModelServer server = Servers.ready(TestModels.SILERO, config -> config.withName("silero")
                .withBatching(new BatchPolicy(8, Duration.ofMillis(200))))) {
            OipClient client = new OipClient(server.url());

            List<OipClient.Response> responses = concurrently(4, i -> client.post("/v2/models/silero/infer", silence));

            responses.forEach(response -> assertThat(response.floats("output")).containsExactly(new float[] {0.044262707f}, within(1e-5f)));
            assertThat(gauge(metrics(client), "lepton_model_batch_requests_max")).isEqualTo(1);
            assertThat(server.summary()).contains("batching: off (the model has an input or output without a dynamic first dimension)");
        }
    }

    private static float[][] unbatched(int count, IntFunction<float[]> image, int width) {
        try (OnnxModelRuntime runtime = new OnnxModelRuntime(1); LoadedModel ppocr = runtime.load(TestModels.PPOCR.toString())) {
            float[][] outputs = new float[count][];
            for (int i = 0; i < count; i++) {
                outputs[i] = ppocr.run(Map.of("x", TestModels.image(image.apply(i), width)), Set.of()).get(OUTPUT).floats();
            }
            return outputs;
        }
    }

    /** Sends {@code count} requests at once, each from its own thread, released together. */
    private static List<OipClient.Response> concurrently(int count, IntFunction<OipClient.Response> send) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OipClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    return send.apply(index);
                }));
            }
            start.countDown();
            List<OipClient.Response> responses = new ArrayList<>();
            for (Future<OipClient.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    private static String metrics(OipClient client) {
        return new String(client.get("/metrics").body(), StandardCharsets.UTF_8);
    }

    private static double gauge(String metrics, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(metrics);
        assertThat(value.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(value.group(1));
    }

    private static String zeros(int count) {
        return "[" + "0,".repeat(count - 1) + "0]";
    }
}
