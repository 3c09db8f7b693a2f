package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.api.v1.ApiBatching;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiReplica;
import dev.lepton.client.LeptonClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A model deployed through the CLI and served by the built jar's replicas (real processes in their sandboxes) under continuous
 * load through the gateway: a new revision rolls out with no failed request, a replica killed with SIGKILL is replaced and costs
 * at most the requests it held, and a server restart re-adopts the replicas, which keep serving.
 */
class DeploymentsJarIT {
    private static final int CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The server's home beside the jar, as a home under one's own directory sits beside a checkout there: a replica's sandbox
     * must still show it the jar (it did not when bwrap made their shared parent for the home's trees first, for root alone).
     */
    @TempDir(factory = BesideTheJar.class)
    Path home;

    static final class BesideTheJar implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
            return Files.createTempDirectory(ServerProcess.JAR.toAbsolutePath().getParent(), "it-home-");
        }
    }

    @Test
    void a_model_deployment_rolls_out_survives_a_killed_replica_and_a_server_restart_under_load() throws Exception {
        try (ServerProcess server = new ServerProcess(home).start()) {
            var created = server.cli("deploy", "create", "iris", "--model", ServeModelCommandTest.TRIBUO.toString(), "--replicas", "2",
                    "--cpu", "500m", "--memory", "512MiB", "--max-batch-size", "4", "--max-queue-delay", "2ms");
            assertThat(created.exitCode()).as(created.output()).isZero();
            assertThat(created.output()).contains("deployment iris created (revision 1): endpoint /v2/models/iris");
            LeptonClient client = server.client();
            awaitReady(client, 2, 1);

            Load load = new Load(server.url(), server.token());
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() > 50);

                // A new revision under load: surge one, stop an old one only once a new one is ready.
                ApiDeployment current = client.deployment("default", "iris");
                ApiDeploymentSpec s = current.spec();
                client.applyDeployment("default", new ApiDeployment(current.kind(), current.apiVersion(), current.metadata(),
                        new ApiDeploymentSpec(s.model(), s.modelFile(), s.command(), s.code(), s.image(), s.queue(), s.priority(), s.resources(),
                                s.replicas(), s.scaling(), new ApiBatching(8, "2ms"), s.access(), s.readinessProbe(), s.livenessProbe()), null));
                awaitReady(client, 2, 2);
                long okAfterRollout = load.ok.get();
                assertThat(load.failed.get()).as("failed requests during the rollout: %s", load.failures).isZero();
                assertThat(load.wrong.get()).isZero();

                // kill -9 one replica: its requests in flight may fail; none after, and it is replaced.
                ApiReplica victim = client.deployment("default", "iris").status().replicas().getFirst();
                long pid = client.job("default", victim.job()).status().workers().getFirst().pid();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> load.ok.get() > okAfterRollout + 100
                        && client.deployment("default", "iris").status().ready() == 2);
                assertThat(load.failed.get()).as("at most the requests the killed replica held: %s", load.failures).isLessThanOrEqualTo(CLIENTS);

                // A restart: the replicas are re-adopted (the same jobs) and serve again.
                Set<String> before = Set.copyOf(client.deployment("default", "iris").status().replicas().stream().map(ApiReplica::job).toList());
                server.close();
                server.start();
                awaitReady(server.client(), 2, 2);
                assertThat(server.client().deployment("default", "iris").status().replicas()).extracting(ApiReplica::job)
                        .containsExactlyInAnyOrderElementsOf(before);
                long failedBefore = load.failed.get();
                long okBefore = load.ok.get();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() > okBefore + 50);
                assertThat(load.failed.get()).as("gateway failures after the restart: %s", load.failures).isEqualTo(failedBefore);
                assertThat(load.wrong.get()).isZero();
            } finally {
                load.stop();
            }
            assertThat(server.cli("deploy", "delete", "iris").exitCode()).isZero();
        }
    }

    private static void awaitReady(LeptonClient client, int replicas, long revision) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var status = client.deployment("default", "iris").status();
            return status.ready() == replicas && status.replicas().size() == replicas
                    && status.replicas().stream().allMatch(r -> r.ready() && r.revision() == revision);
        });
    }

    /** {@link #CLIENTS} clients asking for the reference inference back to back; the gateway down (a restart) is neither ok nor failed. */
    private static final class Load {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final Set<String> failures = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

        Load(String url, String token) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v2/models/iris/infer")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(ServeModelCommandTest.REQUEST)).build();
            for (int i = 0; i < CLIENTS; i++) {
                clients.execute(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() != 200) {
                                failed.incrementAndGet();
                                failures.add(answer.statusCode() + " " + answer.body());
                                continue;
                            }
                            JsonNode data = JSON.readTree(answer.body()).get("outputs").get(0).get("data");
                            boolean right = true;
                            for (int k = 0; k < ServeModelCommandTest.REFERENCE.length; k++) {
                                right &= Math.abs(data.get(k).asDouble() - ServeModelCommandTest.REFERENCE[k]) < 1e-5;
                            }
                            (right ? ok : wrong).incrementAndGet();
                        } catch (ConnectException e) {
                            sleep();
                        } catch (java.io.IOException e) {
                            if (running.get()) {
                                failed.incrementAndGet();
                                failures.add(e.toString());
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
