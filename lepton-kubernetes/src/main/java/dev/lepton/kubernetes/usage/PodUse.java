package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a worker's pod has used by the metrics API's samples so far: CPU time added up from the rates (each
 * rate over the time since the sample before it; the first over its own window), the most memory seen, and
 * the latest rate. An estimate: the API gives rates, not the container's CPU counter. Pure.
 */
public record PodUse(Optional<Instant> sampledAt, double cpuSeconds, long peakMemoryBytes, double cpuCores) {
    public static final PodUse NONE = new PodUse(Optional.empty(), 0, 0, 0);

    public PodUse {
        requireNonNull(sampledAt, "sampledAt is null");
    }

    /** With {@code sample} added; the same use for a sample it has had already (the same scrape) or an older one. */
    public PodUse plus(PodSample sample) {
        if (sampledAt.isPresent() && !sample.timestamp().isAfter(sampledAt.get())) {
            return this;
        }
        Duration covered = sampledAt.map(at -> Duration.between(at, sample.timestamp())).orElse(sample.window());
        return new PodUse(Optional.of(sample.timestamp()), cpuSeconds + sample.cpuCores() * covered.toNanos() / 1e9,
                Math.max(peakMemoryBytes, sample.memoryBytes()), sample.cpuCores());
    }

    public boolean sampled() {
        return sampledAt.isPresent();
    }

    public Usage usage() {
        return new Usage(cpuSeconds, peakMemoryBytes);
    }
}
