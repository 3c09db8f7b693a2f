package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PodMetrics of the metrics API: the pod's CPU rate in cores, averaged over {@code window} up to
 * {@code timestamp} (the kubelet's scrape), and its containers' working set memory then. Pure.
 */
public record PodSample(String pod, Instant timestamp, Duration window, double cpuCores, long memoryBytes) {
    /** A Go duration as the API writes {@code window}: {@code 15.035s}, {@code 1m0.5s}, {@code 500ms}. */
    private static final Pattern GO_DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s|us|µs|ns)");

    public PodSample {
        requireNonNull(pod, "pod is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(window, "window is null");
        if (!(cpuCores >= 0) || Double.isInfinite(cpuCores) || memoryBytes < 0 || window.isNegative()) {
            throw new IllegalArgumentException("pod " + pod + ": a sample is >= 0 (cpu " + cpuCores + ", memory " + memoryBytes
                    + ", window " + window + ")");
        }
    }

    /** A PodMetrics object as the API server sends it; its containers' figures added up. Refuses one it cannot read. */
    @SuppressWarnings("unchecked")
    public static PodSample of(GenericKubernetesResource metrics) {
        String pod = metrics.getMetadata() == null ? null : metrics.getMetadata().getName();
        if (pod == null) {
            throw new IllegalArgumentException("a PodMetrics without a name");
        }
        Map<String, Object> fields = metrics.getAdditionalProperties();
        double cores = 0;
        long memory = 0;
        Object containers = fields.get("containers");
        for (Object container : containers instanceof List<?> list ? list : List.of()) {
            Map<String, Object> usage = container instanceof Map<?, ?> map && map.get("usage") instanceof Map<?, ?> u
                    ? (Map<String, Object>) u : Map.of();
            cores += amount(pod, usage.get("cpu")).doubleValue();
            memory += amount(pod, usage.get("memory")).longValue();
        }
        return new PodSample(pod, instant(pod, fields.get("timestamp")), goDuration(pod, String.valueOf(fields.get("window"))), cores, memory);
    }

    private static BigDecimal amount(String pod, Object quantity) {
        if (quantity == null) {
            return BigDecimal.ZERO;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity.toString()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("pod " + pod + ": unreadable quantity '" + quantity + "'", e);
        }
    }

    private static Instant instant(String pod, Object text) {
        try {
            return Instant.parse(String.valueOf(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("pod " + pod + ": unreadable timestamp '" + text + "'", e);
        }
    }

    /** {@code 15.035s} and the like; refuses what Go would not have written. */
    static Duration goDuration(String pod, String text) {
        Matcher part = GO_DURATION_PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            double value = Double.parseDouble(part.group(1));
            nanos += value * switch (part.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            end = part.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("pod " + pod + ": unreadable window '" + text + "'");
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
