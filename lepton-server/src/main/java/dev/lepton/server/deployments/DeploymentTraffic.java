package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's requests per deployment and revision: a latency histogram each in {@code /metrics}
 * ({@code lepton_deployment_request_seconds{deployment,revision,outcome}}), and counts the controller adds to the store once
 * a pass, so that energy per request survives a restart.
 */
final class DeploymentTraffic {
    /** A deployment's revision. */
    record Key(String deployment, long revision) {}

    /** Requests and failed requests since the last {@link #drain}. */
    record Counts(long requests, long errors) {}

    private final MeterRegistry registry;
    private final Map<Key, LongAdder[]> unsaved = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    DeploymentTraffic(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** One request answered by a replica of {@code revision} with {@code status}, after {@code elapsed}. */
    void record(String deployment, long revision, int status, Duration elapsed) {
        boolean failed = status >= 500;
        String outcome = failed ? "error" : "ok";
        timers.computeIfAbsent(deployment + "\t" + revision + "\t" + outcome, k -> Timer.builder("lepton.deployment.request")
                .description("requests answered through the gateway, by deployment, revision and outcome (error: a 5xx)")
                .tags("deployment", deployment, "revision", Long.toString(revision), "outcome", outcome)
                .publishPercentileHistogram().register(registry)).record(elapsed);
        LongAdder[] counts = unsaved.computeIfAbsent(new Key(deployment, revision), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[0].increment();
        if (failed) {
            counts[1].increment();
        }
    }

    /** The counts since the last call, taken away (what is recorded meanwhile goes to the next). */
    Map<Key, Counts> drain() {
        Map<Key, Counts> taken = new HashMap<>();
        unsaved.forEach((key, counts) -> {
            long requests = counts[0].sumThenReset();
            long errors = counts[1].sumThenReset();
            if (requests > 0) {
                taken.put(key, new Counts(requests, errors));
            }
        });
        return taken;
    }

    /** Counts taken but not saved go back, to be saved with the next. */
    void putBack(Map<Key, Counts> taken) {
        taken.forEach((key, counts) -> {
            LongAdder[] adders = unsaved.computeIfAbsent(key, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
            adders[0].add(counts.requests());
            adders[1].add(counts.errors());
        });
    }
}
