package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.server.limits.TenantLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One token cannot flood the server: past its rate (and a burst), 429 with Retry-After; cluster admins are not limited. */
class RateLimitTest {
    private static final double PER_SECOND = 2;

    @TempDir
    Path home;
    TestServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = TestServer.start(home, config -> config.withLimits(TenantLimits.DEFAULTS.withRequestsPerSecond(PER_SECOND)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void an_editor_past_the_rate_gets_429_with_retry_after_and_an_admin_does_not() throws Exception {
        String editor = server.admin.createUser(new dev.lepton.api.v1.ApiUserRequest("flood", "default", "editor")).token();
        int burst = (int) (PER_SECOND * 4);

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < burst + 5; i++) {
            answers.add(list(editor));
        }
        List<Integer> adminStatuses = new ArrayList<>();
        for (int i = 0; i < burst + 5; i++) {
            adminStatuses.add(list(server.adminToken()).statusCode());
        }

        assertThat(answers.subList(0, burst)).extracting(HttpResponse::statusCode).containsOnly(200);
        HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("no request past the burst was refused"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 2L));
        assertThat(refused.body()).contains("RATE_LIMITED").contains("at most 2 a second");
        assertThat(adminStatuses).containsOnly(200);
    }

    private HttpResponse<String> list(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/api/v1/jobs")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
