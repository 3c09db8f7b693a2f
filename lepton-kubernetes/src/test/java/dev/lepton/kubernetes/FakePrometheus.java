package dev.lepton.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A Prometheus over real HTTP on a free loopback port, answering {@code GET /api/v1/query} as the HTTP API does: for a
 * query that names a metric it was given an answer for, that answer (a file of {@code src/test/resources/prometheus/},
 * or a vector written here in the same format); for any other, an empty vector. It records every query, and can be
 * made slow (to time a client out).
 */
public final class FakePrometheus implements AutoCloseable {
    /** The metrics Lepton asks for, as they appear in its queries. */
    public static final String KEPLER = "kepler_container_";
    public static final String KEPLER_POD = "kepler_pod_cpu_joules_total";
    public static final String DCGM = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";
    /** When every answer was evaluated: 2026-12-05T10:00:00Z. */
    public static final double EVALUATED_AT = 1_796_464_800.0;
    private static final String EMPTY = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Supplier<Answer>> answers = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile Duration delay = Duration.ZERO;

    public FakePrometheus() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers queries naming {@code metric} with the file {@code prometheus/NAME} (200, or the status an error file is sent with). */
    public FakePrometheus answer(String metric, String file) {
        String body = resource(file);
        int status = body.contains("\"status\":\"error\"") ? (body.contains("\"bad_data\"") ? 400 : 503) : 200;
        answers.put(metric, () -> new Answer(status, body));
        return this;
    }

    /** Answers queries naming {@code metric} with {@code body}, sent with {@code status}. */
    public FakePrometheus answer(String metric, int status, String body) {
        answers.put(metric, () -> new Answer(status, body));
        return this;
    }

    /** Answers queries naming {@code metric} with one series per pod, {@code labels} as {@code sum by (LABEL)} leaves them. */
    public FakePrometheus counters(String metric, String label, Map<String, Double> values) {
        return counters(metric, label, () -> values);
    }

    /** The same, with the values {@code values} gives when a query comes (counters that grow as time goes). */
    public FakePrometheus counters(String metric, String label, Supplier<Map<String, Double>> values) {
        answers.put(metric, () -> {
            List<Map.Entry<String, Double>> now = List.copyOf(values.get().entrySet());
            return new Answer(200, vector(now.stream().map(e -> Map.of(label, e.getKey())).toList(), now.stream().map(Map.Entry::getValue).toList()));
        });
        return this;
    }

    /** Answers every query after {@code wait}. */
    public void slow(Duration wait) {
        delay = wait;
    }

    /** Every query asked so far, decoded. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    /** An instant vector in the HTTP API's format: series {@code i} has {@code labels.get(i)} and {@code values.get(i)}. */
    public static String vector(List<Map<String, String>> labels, List<Double> values) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String metric = labels.get(i).entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(l -> "\"" + l.getKey() + "\":\"" + l.getValue() + "\"").collect(Collectors.joining(","));
            // As Prometheus writes a value: plain decimal digits, never an exponent.
            result.add(String.format(Locale.ROOT, "{\"metric\":{%s},\"value\":[%.3f,\"%s\"]}", metric, EVALUATED_AT,
                    BigDecimal.valueOf(values.get(i)).toPlainString()));
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", result) + "]}}";
    }

    /** A file of {@code src/test/resources/prometheus/}. */
    public static String resource(String file) {
        try (InputStream in = FakePrometheus.class.getResourceAsStream("/prometheus/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource prometheus/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawQuery();
            String query = raw == null || !raw.startsWith("query=") ? "" : URLDecoder.decode(raw.substring("query=".length()), StandardCharsets.UTF_8);
            Answer answer;
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().endsWith("/api/v1/query") || query.isEmpty()) {
                answer = new Answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": "
                        + "unknown position: parse error: no expression found in input\"}");
            } else {
                queries.add(query);
                answer = answers.entrySet().stream().filter(e -> query.contains(e.getKey())).map(e -> e.getValue().get()).findFirst()
                        .orElse(new Answer(200, EMPTY));
            }
            if (delay.isPositive()) {
                Thread.sleep(delay);
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (it timed out): nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
