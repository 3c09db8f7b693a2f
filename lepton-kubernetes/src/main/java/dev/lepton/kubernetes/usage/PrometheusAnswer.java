package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What Prometheus answered to an instant query ({@link PrometheusApi#query}): an instant vector, or why there is
 * none (the server is unreachable, answered late, answered {@code "status":"error"}, or answered something that is
 * not the HTTP API's JSON).
 */
public sealed interface PrometheusAnswer {
    /** One sample of an instant vector: its labels (without {@code __name__} after an aggregation) and its value. */
    record Series(Map<String, String> labels, double value) {
        public Series {
            labels = Map.copyOf(requireNonNull(labels, "labels is null"));
        }

        /** The label's value; blank where the series has no such label (as PromQL reads a missing label). */
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** {@code "resultType":"vector"}: every series with a finite value. */
    record Vector(List<Series> series) implements PrometheusAnswer {
        public Vector {
            series = List.copyOf(requireNonNull(series, "series is null"));
        }
    }

    /** No vector: {@code reason} says why in one line ({@code bad_data: parse error …}, {@code connection refused}, {@code no answer within 2 s}). */
    record Failed(String reason) implements PrometheusAnswer {
        public Failed {
            requireNonNull(reason, "reason is null");
        }
    }
}
