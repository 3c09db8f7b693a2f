package dev.lepton.server.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lepton.core.carbon.CarbonDeferral;
import dev.lepton.core.carbon.DeferralDecision;
import dev.lepton.core.carbon.EmissionFactor;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.carbon.Schedule;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Electricity Maps client against a loopback HTTP server that plays recorded answers in the API's
 * shape ({@code electricitymaps/*.json}): what it asks, what it caches, and how each failure reads.
 */
class ElectricityMapsApiTest {
    static final String KEY = "s3cret-test-key";
    static final Instant NOW = Instant.parse("2025-06-01T10:20:00Z");

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    /** Per endpoint ("latest", "history", "forecast"): a status and body to answer instead of the recording. */
    private final Map<String, Answer> overrides = new ConcurrentHashMap<>();
    private final FakeClock clock = new FakeClock(NOW);
    private ElectricityMapsApi api;

    record Answer(int status, String body, Map<String, String> headers, Duration delay) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v3/carbon-intensity/", this::answer);
        server.start();
        api = apiWith(ElectricityMapsApi.Config.of(KEY));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    ElectricityMapsApi apiWith(ElectricityMapsApi.Config config) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new ElectricityMapsApi(config.withBaseUri(base), HttpClient.newHttpClient(), clock);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String endpoint = exchange.getRequestURI().getPath().substring("/v3/carbon-intensity/".length());
        requests.add(endpoint + "?" + exchange.getRequestURI().getQuery());
        tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("auth-token")));
        Answer answer = overrides.getOrDefault(endpoint, new Answer(200, recording(endpoint + "-ES.json"), Map.of(), Duration.ZERO));
        try {
            Thread.sleep(answer.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // The client gave up first (the timeout case); nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private static String recording(String name) throws IOException {
        try (InputStream in = ElectricityMapsApiTest.class.getResourceAsStream("/electricitymaps/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_current_hour_comes_from_latest_with_the_key_in_the_auth_token_header_and_is_asked_once() {
        assertThat(api.intensity("ES", NOW)).contains(new Intensity(230, "electricitymaps-api"));
        assertThat(api.intensity("ES", NOW.plusSeconds(600))).contains(new Intensity(230, "electricitymaps-api"));

        assertThat(requests).containsExactly("latest?zone=ES&emissionFactorType=lifecycle");
        assertThat(tokens).containsExactly(KEY);
    }

    @Test
    void earlier_hours_come_from_history_one_request_for_the_day_and_a_null_value_is_no_value() {
        assertThat(api.intensity("ES", Instant.parse("2025-06-01T03:30:00Z")).orElseThrow().gramsPerKwh()).isEqualTo(239);
        assertThat(api.intensity("ES", Instant.parse("2025-05-31T13:00:00Z")).orElseThrow().gramsPerKwh()).isEqualTo(120);
        assertThat(api.intensity("ES", Instant.parse("2025-05-31T14:00:00Z"))).as("null in the recording").isEmpty();
        assertThat(api.hourly("ES", Instant.parse("2025-05-31T12:00:00Z"), Instant.parse("2025-05-31T16:00:00Z")))
                .extracting(HourlyIntensity::gramsPerKwh).containsExactly(150.0, 120.0, 120.0);

        assertThat(requests).containsExactly("history?zone=ES&emissionFactorType=lifecycle");
    }

    @Test
    void hours_older_than_the_history_or_still_ahead_are_empty_without_asking() {
        assertThat(api.intensity("ES", NOW.minus(Duration.ofDays(3)))).isEmpty();
        assertThat(api.intensity("ES", NOW.plus(Duration.ofHours(2)))).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void the_forecast_is_asked_once_an_hour_and_drives_the_deferral() {
        Schedule schedule = new Schedule(Duration.ofHours(1), NOW.plus(Duration.ofHours(24)));

        DeferralDecision decision = CarbonDeferral.decide(NOW, schedule, List.of("ES"), api.forecast());
        CarbonDeferral.decide(NOW.plusSeconds(60), schedule, List.of("ES"), api.forecast());

        assertThat(decision.start()).isEqualTo(Instant.parse("2025-06-01T14:00:00Z"));
        assertThat(decision.reason()).isEqualTo("deferred to 14:00 UTC: 110 gCO2e/kWh forecast against 218 now");
        assertThat(requests).filteredOn(r -> r.startsWith("forecast")).hasSize(1);

        clock.advance(Duration.ofHours(1));
        api.forecast().hourly("ES", clock.instant(), clock.instant(), clock.instant().plus(Duration.ofHours(2)));
        assertThat(requests).filteredOn(r -> r.startsWith("forecast")).hasSize(2);
    }

    @Test
    void the_direct_factor_is_asked_for_by_name() {
        apiWith(ElectricityMapsApi.Config.of(KEY).withFactor(EmissionFactor.DIRECT)).intensity("ES", NOW);
        assertThat(requests).containsExactly("latest?zone=ES&emissionFactorType=direct");
    }

    @Test
    void a_refused_key_is_an_error_naming_the_zone_and_status_never_the_key() {
        overrides.put("latest", new Answer(401, "{\"message\":\"Invalid auth-token\"}", Map.of(), Duration.ZERO));

        assertThatThrownBy(() -> api.intensity("ES", NOW))
                .isInstanceOfSatisfying(ElectricityMapsException.class, e -> {
                    assertThat(e.zone()).isEqualTo("ES");
                    assertThat(e.status()).hasValue(401);
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                })
                .hasMessageContaining("zone ES").hasMessageContaining("HTTP 401").hasMessageContaining("ELECTRICITYMAPS_API_KEY")
                .hasMessageNotContaining(KEY);
        assertThat(ElectricityMapsApi.Config.of(KEY).toString()).doesNotContain(KEY);
        assertThat(api.toString()).doesNotContain(KEY);
    }

    @Test
    void rate_limits_server_errors_unknown_zones_and_garbage_are_errors_not_zeros() {
        overrides.put("history", new Answer(429, "{}", Map.of("Retry-After", "30"), Duration.ZERO));
        assertThatThrownBy(() -> api.intensity("ES", NOW.minus(Duration.ofHours(3))))
                .isInstanceOf(ElectricityMapsException.class).hasMessageContaining("HTTP 429").hasMessageContaining("retry after 30 s");

        overrides.put("history", new Answer(503, "upstream down", Map.of(), Duration.ZERO));
        assertThatThrownBy(() -> api.intensity("ES", NOW.minus(Duration.ofHours(3))))
                .isInstanceOf(ElectricityMapsException.class).hasMessage("Electricity Maps API failed for zone ES: HTTP 503 from "
                        + "/v3/carbon-intensity/history: upstream down");

        overrides.put("latest", new Answer(404, "{\"error\":\"Zone 'XX' does not exist\"}", Map.of(), Duration.ZERO));
        assertThatThrownBy(() -> api.intensity("XX", NOW))
                .isInstanceOfSatisfying(ElectricityMapsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("does not know zone XX");

        overrides.put("forecast", new Answer(200, "{\"zone\":\"ES\",\"forecast\":[{\"carbonIntensity\":\"high\"}]}", Map.of(), Duration.ZERO));
        assertThatThrownBy(() -> api.forecast().hourly("ES", NOW, NOW, NOW.plus(Duration.ofHours(3))))
                .isInstanceOf(ElectricityMapsException.class).hasMessageContaining("without a numeric carbonIntensity");
    }

    @Test
    void a_silent_api_is_a_timeout_naming_the_zone() {
        overrides.put("latest", new Answer(200, "{}", Map.of(), Duration.ofSeconds(3)));
        ElectricityMapsApi impatient = apiWith(ElectricityMapsApi.Config.of(KEY).withTimeout(Duration.ofMillis(200)));

        assertThatThrownBy(() -> impatient.intensity("ES", NOW))
                .isInstanceOfSatisfying(ElectricityMapsException.class, e -> assertThat(e.status()).isEmpty())
                .hasMessage("Electricity Maps API failed for zone ES: no answer within 200 ms from /v3/carbon-intensity/latest");
    }
}
