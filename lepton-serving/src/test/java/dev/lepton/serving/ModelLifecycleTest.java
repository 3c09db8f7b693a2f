package dev.lepton.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.serving.batching.BatchPolicy;
import dev.lepton.serving.batching.ModelQueue;
import dev.lepton.serving.http.OipClient;
import dev.lepton.serving.http.Servers;
import dev.lepton.serving.onnx.OnnxModelRuntime;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model server's life: live at once, ready only after its warm-up, never ready on a bad model, draining on stop. */
class ModelLifecycleTest {
    private static final String TRIBUO_REQUEST = OipClient.floatRequest("input", List.of(3L, 4L), TestModels.TRIBUO_INPUT);

    @Test
    void the_server_is_live_but_not_ready_until_its_warm_up_run_is_done() throws Exception {
        GatedRuntime runtime = new GatedRuntime(new OnnxModelRuntime(1));
        try (ModelServer server = ModelServer.start(Servers.config(TestModels.TRIBUO).withName("tribuo"), runtime, Clock.systemUTC(),
                Servers.INFO)) {
            OipClient client = new OipClient(server.url());
            assertThat(runtime.awaitFirstRun()).as("the warm-up run started").isTrue();

            assertThat(server.state().phase()).isEqualTo(ModelPhase.WARMING_UP);
            assertThat(client.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(client.get("/v2/health/ready").status()).isEqualTo(503);
            assertThat(client.get("/v2/models/tribuo/ready").json().toString()).isEqualTo("{\"name\":\"tribuo\",\"ready\":false}");
            OipClient.Response early = client.post("/v2/models/tribuo/infer", TRIBUO_REQUEST);
            assertThat(early.status()).isEqualTo(503);
            assertThat(early.json().get("error").asText()).isEqualTo("model 'tribuo' is warming up");
            assertThat(client.get("/v2/models/tribuo").status()).as("metadata is known once loaded").isEqualTo(200);

            runtime.open();

            assertThat(server.awaitSettled(Duration.ofSeconds(30)).phase()).isEqualTo(ModelPhase.READY);
            assertThat(client.get("/v2/health/ready").status()).isEqualTo(200);
            assertThat(client.post("/v2/models/tribuo/infer", TRIBUO_REQUEST).floats("output"))
                    .containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
            assertThat(server.warmUp()).hasValueSatisfying(warmUp -> assertThat(warmUp.failure()).isEmpty());
        }
    }

    @Test
    void a_file_onnx_runtime_cannot_load_is_never_ready_and_says_why(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.onnx"), "not a model");
        try (ModelServer server = ModelServer.start(Servers.config(broken), new OnnxModelRuntime(1), Clock.systemUTC(), Servers.INFO)) {
            OipClient client = new OipClient(server.url());

            assertThat(server.awaitSettled(Duration.ofSeconds(30))).isInstanceOfSatisfying(ModelState.Failed.class,
                    failed -> assertThat(failed.reason()).startsWith("ONNX Runtime cannot load model " + broken + ": "));
            assertThat(client.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(client.get("/v2/health/ready").status()).isEqualTo(503);
            OipClient.Response infer = client.post("/v2/models/broken/infer", TRIBUO_REQUEST);
            assertThat(infer.status()).isEqualTo(503);
            assertThat(infer.json().get("error").asText()).startsWith("model 'broken' failed to load: ONNX Runtime cannot load model");
        }
    }

    @Test
    void a_model_that_refuses_zeros_at_warm_up_still_becomes_ready_and_serves() throws Exception {
        try (ModelServer server = Servers.ready(TestModels.SILERO, config -> config.withName("silero"))) {
            assertThat(server.warmUp()).hasValueSatisfying(warmUp -> assertThat(warmUp.failure()).hasValueSatisfying(
                    reason -> assertThat(reason).contains("Pad")));
            assertThat(server.summary()).contains("warm-up: the model refused zeros (the model cannot run on this input: ");
        }
    }

    @Test
    void on_stop_a_request_waiting_in_the_queue_for_company_is_answered_before_the_server_goes() throws Exception {
        ModelServer server = Servers.ready(TestModels.TRIBUO, config -> config.withName("tribuo")
                .withBatching(new BatchPolicy(8, Duration.ofSeconds(20))));
        OipClient client = new OipClient(server.url());
        // Another request being read, as a slow client's would be: the batch waits for it, up to the 20 s delay.
        ModelQueue.Arrival slowClient = ((ModelState.Ready) server.state()).queue().announce();
        CompletableFuture<OipClient.Response> inFlight = CompletableFuture.supplyAsync(() -> client.post("/v2/models/tribuo/infer", TRIBUO_REQUEST));
        awaitQueued(server);

        long stopping = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);

        OipClient.Response response = inFlight.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("not held for the 20 s queue delay").isLessThan(Duration.ofSeconds(15));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.floats("output")).containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
        slowClient.close();
        stopped.get(30, TimeUnit.SECONDS);
        assertThat(server.state().phase()).isEqualTo(ModelPhase.STOPPED);
        assertThatThrownBy(() -> client.get("/v2/health/live")).isInstanceOf(UncheckedIOException.class);
    }

    private static void awaitQueued(ModelServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!(server.state() instanceof ModelState.Ready ready && ready.queue().depth() == 1)) {
            assertThat(System.nanoTime()).as("the request reached the queue").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
