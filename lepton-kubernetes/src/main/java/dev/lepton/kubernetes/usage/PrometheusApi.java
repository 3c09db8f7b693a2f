package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Failed;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Series;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Vector;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of Prometheus' HTTP API for instant queries, {@code GET /api/v1/query?query=…}, with the JDK's HTTP
 * client: each request bounded by {@code timeout} (connection and answer), no retries, never throws for what the
 * server does. Reads the instant-vector answer
 * {@code {"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[<unix time>,"<value>"]}]}}}
 * and the error answer {@code {"status":"error","errorType":"…","error":"…"}} (sent with 400, 422 or 503).
 */
public final class PrometheusApi implements AutoCloseable {
    /** How long a query may take before the model stands in: Prometheus answers a namespace's instant query in milliseconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI query;
    private final Duration timeout;
    private final HttpClient http;

    /** {@code base}: Prometheus' URL, with the path prefix it is served under if any ({@code http://prometheus.monitoring:9090}). */
    public PrometheusApi(URI base, Duration timeout) {
        requireNonNull(base, "base is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be more than 0, got " + timeout);
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.query = base.resolve((path.endsWith("/") ? path : path + "/") + "api/v1/query");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The instant vector {@code promql} evaluates to now, or why there is none. */
    public PrometheusAnswer query(String promql) {
        requireNonNull(promql, "promql is null");
        HttpRequest request = HttpRequest.newBuilder(URI.create(query + "?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return new Failed("no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new Failed("connection refused");
        } catch (IOException e) {
            return new Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted");
        }
        return parse(response.statusCode(), response.body());
    }

    /** The answer {@code body} gives, sent with HTTP status {@code status}. */
    static PrometheusAnswer parse(int status, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("status").isTextual()) {
            return new Failed("HTTP " + status + ", not Prometheus' API JSON" + (body.isBlank() ? "" : ": " + excerpt(body)));
        }
        if (!"success".equals(root.path("status").asText())) {
            return new Failed(root.path("errorType").asText("error") + ": " + root.path("error").asText("(no message)") + " (HTTP " + status + ")");
        }
        JsonNode data = root.path("data");
        if (!"vector".equals(data.path("resultType").asText())) {
            return new Failed("a " + data.path("resultType").asText("missing") + " result, not a vector");
        }
        List<Series> series = new ArrayList<>();
        for (JsonNode sample : data.path("result")) {
            JsonNode value = sample.path("value");
            if (!value.isArray() || value.size() != 2 || !value.get(1).isTextual()) {
                return new Failed("a sample without a [time, \"value\"] pair: " + excerpt(sample.toString()));
            }
            double number;
            try {
                number = Double.parseDouble(value.get(1).asText());
            } catch (NumberFormatException e) {
                return new Failed("a sample value that is no number: " + value.get(1).asText());
            }
            if (Double.isFinite(number)) {
                series.add(new Series(labels(sample.path("metric")), number));
            }
        }
        return new Vector(series);
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new HashMap<>();
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    private static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }

    /** Where the queries go. */
    public URI queryUri() {
        return query;
    }

    @Override
    public void close() {
        http.close();
    }
}
