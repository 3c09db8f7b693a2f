package dev.lepton.server.carbon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.EmissionFactor;
import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.failure.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Electricity Maps API v3 as a carbon intensity source: {@code /v3/carbon-intensity/latest} for the
 * current hour, {@code /history} for the 24 hours before it, {@code /forecast} for the hours ahead, each
 * with the {@code auth-token} header. Measured hours are cached for {@link Config#keep()} (an hour's value
 * does not change); the latest and forecast answers are asked again at most once per
 * {@link Config#refreshEvery()}. Hours older than the history covers answer empty (the commercial
 * {@code /past} endpoint is not used). Every failure is an {@link ElectricityMapsException} naming the
 * zone and the status, never a zero. The key is sent, never logged or printed.
 */
public final class ElectricityMapsApi implements CarbonIntensitySource {
    /** The environment variable the caller reads the key from. */
    public static final String API_KEY_VARIABLE = "ELECTRICITYMAPS_API_KEY";
    public static final String ORIGIN = "electricitymaps-api";
    private static final Logger log = LoggerFactory.getLogger(ElectricityMapsApi.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration HISTORY = Duration.ofHours(24);

    /**
     * @param baseUri the API root, {@code https://api.electricitymaps.com/} by default
     * @param apiKey the {@code auth-token}, from {@value #API_KEY_VARIABLE}
     * @param factor life-cycle (the API's default) or direct emissions
     * @param timeout the longest wait for one answer (default 10 s)
     * @param refreshEvery how often the latest value and the forecast are asked again (default 5 min)
     * @param keep how long measured hours stay cached (default 48 h)
     */
    public record Config(URI baseUri, String apiKey, EmissionFactor factor, Duration timeout, Duration refreshEvery, Duration keep) {
        public static final URI DEFAULT_BASE_URI = URI.create("https://api.electricitymaps.com/");

        public Config {
            requireNonNull(baseUri, "baseUri is null");
            requireNonNull(apiKey, "apiKey is null");
            requireNonNull(factor, "factor is null");
            requireNonNull(timeout, "timeout is null");
            requireNonNull(refreshEvery, "refreshEvery is null");
            requireNonNull(keep, "keep is null");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("the Electricity Maps API key is blank; set " + API_KEY_VARIABLE);
            }
            if (!baseUri.getPath().endsWith("/")) {
                baseUri = URI.create(baseUri + "/");
            }
        }

        /** The defaults with {@code apiKey}: life-cycle emissions, 10 s timeout, refreshed every 5 minutes, hours kept 48 h. */
        public static Config of(String apiKey) {
            return new Config(DEFAULT_BASE_URI, apiKey, EmissionFactor.LIFECYCLE, Duration.ofSeconds(10), Duration.ofMinutes(5),
                    Duration.ofHours(48));
        }

        public Config withBaseUri(URI value) {
            return new Config(value, apiKey, factor, timeout, refreshEvery, keep);
        }

        public Config withFactor(EmissionFactor value) {
            return new Config(baseUri, apiKey, value, timeout, refreshEvery, keep);
        }

        public Config withTimeout(Duration value) {
            return new Config(baseUri, apiKey, factor, value, refreshEvery, keep);
        }

        /** Never the key: configs get logged. */
        @Override
        public String toString() {
            return "ElectricityMapsApi.Config[baseUri=" + baseUri + ", apiKey=(" + apiKey.length() + " characters), factor=" + factor
                    + ", timeout=" + timeout + ", refreshEvery=" + refreshEvery + ", keep=" + keep + "]";
        }
    }

    private final Config config;
    private final HttpClient http;
    private final InstantSource clock;
    private final Map<String, Map<Instant, Double>> measuredByZone = new ConcurrentHashMap<>();
    private final Map<String, Instant> askedAt = new ConcurrentHashMap<>();
    private final Map<String, List<HourlyIntensity>> forecastByZone = new ConcurrentHashMap<>();

    public ElectricityMapsApi(Config config, HttpClient http, InstantSource clock) {
        this.config = requireNonNull(config, "config is null");
        this.http = requireNonNull(http, "http is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<Intensity> intensity(String zone, Instant at) {
        Instant hour = HourlyIntensity.hourOf(at);
        Instant current = HourlyIntensity.hourOf(clock.instant());
        if (!cached(zone, hour) && !hour.isAfter(current) && !hour.isBefore(current.minus(HISTORY))) {
            if (hour.equals(current)) {
                refresh(zone, "latest", this::readLatest);
            } else {
                refresh(zone, "history", this::readHistory);
            }
        }
        return Optional.ofNullable(measured(zone).get(hour)).map(grams -> new Intensity(grams, ORIGIN));
    }

    @Override
    public List<HourlyIntensity> hourly(String zone, Instant from, Instant to) {
        Instant current = HourlyIntensity.hourOf(clock.instant());
        if (to.isAfter(current.minus(HISTORY)) && !from.isAfter(current)) {
            refresh(zone, "history", this::readHistory);
        }
        return measured(zone).entrySet().stream()
                .filter(e -> e.getKey().isBefore(to) && e.getKey().plus(HourlyIntensity.HOUR).isAfter(from))
                .map(e -> new HourlyIntensity(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(HourlyIntensity::hour))
                .toList();
    }

    /**
     * The API's forecast as the deferral's {@link Forecast}: the forecast hours in the range, with the
     * measured value for an hour the forecast does not cover (the current one, typically). The API
     * forecasts from the time it is asked, so {@code now} should be the clock's present.
     */
    public Forecast forecast() {
        return (zone, now, from, to) -> {
            refresh(zone, "forecast", this::readForecast);
            Map<Instant, Double> byHour = new TreeMap<>();
            hourly(zone, from, to).forEach(h -> byHour.put(h.hour(), h.gramsPerKwh()));
            forecastByZone.getOrDefault(zone, List.of()).stream()
                    .filter(h -> h.hour().isBefore(to) && h.hour().plus(HourlyIntensity.HOUR).isAfter(from))
                    .forEach(h -> byHour.put(h.hour(), h.gramsPerKwh()));
            return byHour.entrySet().stream().map(e -> new HourlyIntensity(e.getKey(), e.getValue())).toList();
        };
    }

    private boolean cached(String zone, Instant hour) {
        return measured(zone).containsKey(hour);
    }

    private Map<Instant, Double> measured(String zone) {
        return measuredByZone.computeIfAbsent(zone, z -> new ConcurrentHashMap<>());
    }

    /** Asks {@code endpoint} for {@code zone} unless it was asked less than {@code refreshEvery} ago, in this hour. */
    private void refresh(String zone, String endpoint, Reader reader) {
        Instant now = clock.instant();
        String key = endpoint + " " + zone;
        Instant last = askedAt.get(key);
        if (last != null && HourlyIntensity.hourOf(last).equals(HourlyIntensity.hourOf(now))
                && Duration.between(last, now).compareTo(config.refreshEvery()) < 0) {
            return;
        }
        JsonNode body = get(zone, endpoint);
        reader.read(zone, endpoint, body);
        askedAt.put(key, now);
        Instant oldest = HourlyIntensity.hourOf(now).minus(config.keep());
        measured(zone).keySet().removeIf(hour -> hour.isBefore(oldest));
    }

    private void readLatest(String zone, String endpoint, JsonNode body) {
        point(zone, endpoint, body).ifPresent(h -> measured(zone).put(h.hour(), h.gramsPerKwh()));
    }

    private void readHistory(String zone, String endpoint, JsonNode body) {
        for (JsonNode entry : array(zone, endpoint, body, "history")) {
            point(zone, endpoint, entry).ifPresent(h -> measured(zone).put(h.hour(), h.gramsPerKwh()));
        }
    }

    private void readForecast(String zone, String endpoint, JsonNode body) {
        List<HourlyIntensity> hours = new ArrayList<>();
        for (JsonNode entry : array(zone, endpoint, body, "forecast")) {
            point(zone, endpoint, entry).ifPresent(hours::add);
        }
        forecastByZone.put(zone, List.copyOf(hours));
    }

    /** One {@code {"carbonIntensity": 302, "datetime": "2019-05-21T00:00:00.000Z", ...}}; a null intensity is no value. */
    private static Optional<HourlyIntensity> point(String zone, String endpoint, JsonNode entry) {
        JsonNode grams = entry.path("carbonIntensity");
        JsonNode datetime = entry.path("datetime");
        if (grams.isNull()) {
            return Optional.empty();
        }
        if (!grams.isNumber() || !datetime.isTextual()) {
            throw unreadable(zone, endpoint, "an entry without a numeric carbonIntensity and a datetime: " + abbreviated(entry.toString()), null);
        }
        try {
            return Optional.of(new HourlyIntensity(HourlyIntensity.hourOf(Instant.parse(datetime.asText())), grams.asDouble()));
        } catch (RuntimeException e) {
            throw unreadable(zone, endpoint, "an entry with datetime " + datetime.asText() + " and carbonIntensity " + grams, e);
        }
    }

    private static Iterable<JsonNode> array(String zone, String endpoint, JsonNode body, String field) {
        JsonNode array = body.path(field);
        if (!array.isArray()) {
            throw unreadable(zone, endpoint, "no '" + field + "' array", null);
        }
        return array;
    }

    private JsonNode get(String zone, String endpoint) {
        String path = "v3/carbon-intensity/" + endpoint;
        URI uri = config.baseUri().resolve(path + "?zone=" + URLEncoder.encode(zone, StandardCharsets.UTF_8)
                + "&emissionFactorType=" + config.factor().name().toLowerCase(Locale.ROOT));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).header("auth-token", config.apiKey())
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw failed(zone, OptionalInt.empty(), "no answer within " + config.timeout().toMillis() + " ms from /" + path, e);
        } catch (IOException e) {
            throw failed(zone, OptionalInt.empty(), "could not reach /" + path + " at " + config.baseUri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(zone, OptionalInt.empty(), "interrupted while asking /" + path, e);
        }
        int status = response.statusCode();
        log.atDebug().addKeyValue("zone", zone).addKeyValue("endpoint", endpoint).addKeyValue("status", status)
                .log("asked Electricity Maps");
        if (status != 200) {
            throw refused(zone, path, status, response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw unreadable(zone, endpoint, "not JSON: " + abbreviated(response.body()), e);
        }
    }

    private static ElectricityMapsException refused(String zone, String path, int status, HttpResponse<String> response) {
        OptionalInt code = OptionalInt.of(status);
        String body = abbreviated(response.body());
        return switch (status) {
            case 401, 403 -> new ElectricityMapsException(ErrorCode.UNAVAILABLE, zone, code, "Electricity Maps API refused the auth-token "
                    + "(HTTP " + status + ") for zone " + zone + " on /" + path + "; check " + API_KEY_VARIABLE + " and the plan's zones: " + body, null);
            case 429 -> new ElectricityMapsException(ErrorCode.UNAVAILABLE, zone, code, "Electricity Maps API rate-limited the request "
                    + "(HTTP 429) for zone " + zone + " on /" + path + response.headers().firstValue("Retry-After").map(s -> "; retry after " + s + " s")
                    .orElse(""), null);
            case 400, 404 -> new ElectricityMapsException(ErrorCode.INVALID_ARGUMENT, zone, code, "Electricity Maps API does not know zone "
                    + zone + " (HTTP " + status + ") on /" + path + ": " + body, null);
            default -> failed(zone, code, "HTTP " + status + " from /" + path + ": " + body, null);
        };
    }

    private static ElectricityMapsException failed(String zone, OptionalInt status, String why, Throwable cause) {
        return new ElectricityMapsException(ErrorCode.UNAVAILABLE, zone, status, "Electricity Maps API failed for zone " + zone + ": " + why, cause);
    }

    private static ElectricityMapsException unreadable(String zone, String endpoint, String why, Throwable cause) {
        return new ElectricityMapsException(ErrorCode.UNAVAILABLE, zone, OptionalInt.of(200), "Electricity Maps API answered /v3/carbon-intensity/"
                + endpoint + " for zone " + zone + " with " + why, cause);
    }

    private static String abbreviated(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    @FunctionalInterface
    private interface Reader {
        void read(String zone, String endpoint, JsonNode body);
    }

    @Override
    public String toString() {
        return "ElectricityMapsApi[" + config + "]";
    }
}
