package dev.lepton.serving.metrics;

import dev.lepton.serving.batching.QueueObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code /metrics} of one model server, every series tagged with the model's name:
 * <ul>
 *   <li>{@code lepton_model_requests_total{outcome}}: inference requests answered, by {@link Outcome};</li>
 *   <li>{@code lepton_model_request_duration_seconds}: an inference request from its body read to its response, a histogram;</li>
 *   <li>{@code lepton_model_queue_duration_seconds}: how long a request waited for its run;</li>
 *   <li>{@code lepton_model_run_duration_seconds}: one run of the model;</li>
 *   <li>{@code lepton_model_batch_requests} and {@code lepton_model_batch_rows}: requests and rows in one run;</li>
 *   <li>{@code lepton_model_queue_requests}: requests waiting now; {@code lepton_model_ready}: 1 once warmed up and serving.</li>
 * </ul>
 */
public final class ServingMetrics implements QueueObserver {
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final double[] BATCH_BUCKETS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128, 256};

    /** How an inference request ended. */
    public enum Outcome {
        /** Answered with outputs. */
        OK("ok"),
        /** Refused as bad input (400). */
        INVALID("invalid"),
        /** The model was not ready, or the server was stopping (503). */
        UNAVAILABLE("unavailable"),
        /** A fault of the server or the runtime (500). */
        ERROR("error");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String model;
    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Timer latency;
    private final Timer queueTime;
    private final Timer runTime;
    private final DistributionSummary batchRequests;
    private final DistributionSummary batchRows;

    public ServingMetrics(String model, BooleanSupplier ready) {
        this.model = model;
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder("lepton.model.requests").description("inference requests answered, by outcome")
                    .tag("model", model).tag("outcome", outcome.label).register(registry));
        }
        latency = timer("lepton.model.request.duration", "an inference request, from its body read to its response written");
        queueTime = timer("lepton.model.queue.duration", "how long a request waited in the model's queue for its run");
        runTime = timer("lepton.model.run.duration", "one run of the model, of one request or a batch");
        batchRequests = DistributionSummary.builder("lepton.model.batch.requests").description("requests merged into one run")
                .tag("model", model).serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        batchRows = DistributionSummary.builder("lepton.model.batch.rows").description("rows (dimension 0) in one run")
                .tag("model", model).serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        // Gauges hold their object weakly by default; these suppliers are lambdas nothing else holds, so they are held strongly.
        Gauge.builder("lepton.model.ready", ready, r -> r.getAsBoolean() ? 1 : 0).description("1 once the model is warmed up and serving")
                .tag("model", model).strongReference(true).register(registry);
    }

    /** Reports the queue's depth from now on. */
    public void watchQueue(IntSupplier depth) {
        Gauge.builder("lepton.model.queue.requests", depth, IntSupplier::getAsInt).description("requests waiting for a run")
                .tag("model", model).strongReference(true).register(registry);
    }

    public void answered(Outcome outcome, Duration took) {
        requests.get(outcome).increment();
        latency.record(took);
    }

    @Override
    public void dequeued(Duration waited) {
        queueTime.record(waited);
    }

    @Override
    public void ran(int requests, long rows, Duration took) {
        runTime.record(took);
        batchRequests.record(requests);
        batchRows.record(rows);
    }

    /** The Prometheus text exposition of every series. */
    public String scrape() {
        return registry.scrape();
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).tag("model", model).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }
}
