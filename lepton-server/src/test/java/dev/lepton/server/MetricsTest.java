package dev.lepton.server;

import static dev.lepton.server.QueueQuotaTest.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ObjectMeta;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code /metrics} as Prometheus scrapes it: what each queue waits on, holds and is guaranteed. */
class MetricsTest extends SharedServer {
    static String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.server.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void each_queue_shows_its_waiting_and_running_jobs_its_usage_and_its_nominal_quota() throws Exception {
        server.admin.applyQueue(queue("metered", null, Map.of("cpu", "1"), null), false);
        for (String name : List.of("m-1", "m-2")) {
            server.admin.createJob(ApiJob.of(ObjectMeta.named(name, null), new ApiJobSpec(List.of("sleep", "30"), null, null,
                    new ApiResources("1", "256MiB", null), null, "metered", null, null, null, null, null, null)), false, Optional.empty());
        }

        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape())
                .contains("lepton_queue_jobs{phase=\"running\",queue=\"metered\"} 1.0")
                .contains("lepton_queue_jobs{phase=\"queued\",queue=\"metered\"} 1.0")
                .contains("lepton_queue_usage{queue=\"metered\",resource=\"cpu\"} 1.0")
                .contains("lepton_queue_usage{queue=\"metered\",resource=\"memory\"} 2.68435456E8")
                .contains("lepton_queue_nominal{queue=\"metered\",resource=\"cpu\"} 1.0"));
        server.admin.cancelJob("default", "m-1");
        server.admin.cancelJob("default", "m-2");
    }

    @Test
    void the_store_counts_its_commits_and_the_writes_they_carried() throws Exception {
        double before = counter(scrape(), "lepton_store_writes_total");
        server.admin.createJob(ApiJob.of(ObjectMeta.named("counted", null), new ApiJobSpec(List.of("true"), null, null,
                null, null, null, null, null, null, null, null, null)), false, Optional.empty());

        String after = scrape();
        assertThat(counter(after, "lepton_store_writes_total")).isGreaterThan(before);
        assertThat(counter(after, "lepton_store_commits_total")).isPositive();
    }

    private static double counter(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in /metrics"));
    }

    @Test
    void a_server_listening_beyond_loopback_serves_metrics_to_a_token_only(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        try (TestServer wide = TestServer.start(home, config -> config.withHost("0.0.0.0"))) {
            URI metrics = URI.create(wide.server.url() + "/metrics");
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + wide.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(withToken.body()).contains("lepton_jobs");
        }
    }
}
