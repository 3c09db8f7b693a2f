package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How much each pod's counters have grown since they were first seen, from readings of their current values: a
 * counter's first reading is its starting point (what it had counted before, another pod's work or time already
 * modelled, is not the pod's from here on), and a reading below the one before is a counter that started again (its
 * exporter, or the GPU driver, restarted) and counts from zero. A pod's figure is the sum over its counters
 * (series), so it never goes down. Pure arithmetic; owned by the sampling thread.
 */
final class CounterIncreases {
    /** One counter: its last reading and how much it has grown since its first. */
    private record Counter(double last, double increase) {}

    private final Map<String, Map<String, Counter>> pods = new HashMap<>();

    /** Adds one reading of counter {@code series} of {@code pod}, and gives the pod's increase so far. */
    double add(String pod, String series, double value) {
        requireNonNull(pod, "pod is null");
        requireNonNull(series, "series is null");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a counter reading must be finite and >= 0, got " + value + " for " + pod + " " + series);
        }
        Map<String, Counter> counters = pods.computeIfAbsent(pod, p -> new HashMap<>());
        counters.compute(series, (s, before) -> before == null ? new Counter(value, 0)
                : new Counter(value, before.increase() + (value < before.last() ? value : value - before.last())));
        return increase(pod);
    }

    /** The pod's increase so far over all its counters; 0 for a pod never seen. */
    double increase(String pod) {
        return pods.getOrDefault(pod, Map.of()).values().stream().mapToDouble(Counter::increase).sum();
    }

    /** Forgets every pod but {@code kept} (workers that ended): a pod seen again starts again. */
    void retain(Collection<String> kept) {
        pods.keySet().retainAll(kept);
    }
}
