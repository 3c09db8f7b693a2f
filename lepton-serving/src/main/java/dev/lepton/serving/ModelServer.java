package dev.lepton.serving;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.ModelLoadException;
import dev.lepton.core.inference.ModelRuntime;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import dev.lepton.core.inference.TensorSpec;
import dev.lepton.serving.batching.ModelQueue;
import dev.lepton.serving.http.InferenceRoutes;
import dev.lepton.serving.metrics.ServingMetrics;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model served over the Open Inference Protocol. Start order: HTTP listens at once (live, not
 * ready), a loader thread loads the model, warms it up with one run of zeros (every dynamic
 * dimension 1), then starts its queue and only then is the model ready. Stop order: not ready, the
 * queue stops waiting for batches to fill, HTTP stops taking requests and lets those in flight
 * finish (up to the drain timeout), then the queue and the model close.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelServer.class);

    private final ServingConfig config;
    private final ModelRuntime runtime;
    private final InstantSource clock;
    private final AtomicReference<ModelState> state = new AtomicReference<>(new ModelState.Loading());
    private final CompletableFuture<ModelState> settled = new CompletableFuture<>();
    private final ServingMetrics metrics;
    private final Javalin http;
    private volatile Optional<WarmUp> warmUp = Optional.empty();

    /** How the warm-up run went: its time, or why the model refused zeros (it serves anyway). */
    public record WarmUp(Duration took, Optional<String> failure) {
        public WarmUp {
            requireNonNull(took, "took is null");
            requireNonNull(failure, "failure is null");
        }
    }

    private ModelServer(ServingConfig config, ModelRuntime runtime, InstantSource clock, InferenceRoutes.ServerInfo info) {
        this.config = config;
        this.runtime = runtime;
        this.clock = clock;
        this.metrics = new ServingMetrics(config.name(), () -> state.get().phase() == ModelPhase.READY);
        InferenceRoutes routes = new InferenceRoutes(config.name(), config.version(), runtime.platform(), info, state::get, metrics, clock);
        this.http = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxRequestBytes();
            javalin.startup.showJavalinBanner = false;
            javalin.jetty.host = config.host();
            javalin.jetty.port = config.port();
            javalin.jetty.modifyServer(server -> {
                // On stop, Jetty refuses new requests and waits for those in flight, up to the drain timeout.
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(config.drainTimeout().toMillis());
            });
            routes.register(javalin.routes);
        });
    }

    /**
     * Starts listening and starts loading the model in the background; {@link #awaitSettled} tells
     * when it is ready or failed.
     */
    public static ModelServer start(ServingConfig config, ModelRuntime runtime, InstantSource clock, InferenceRoutes.ServerInfo info) {
        ModelServer server = new ModelServer(requireNonNull(config, "config is null"), requireNonNull(runtime, "runtime is null"),
                requireNonNull(clock, "clock is null"), requireNonNull(info, "info is null"));
        server.http.start();
        Thread.ofPlatform().name("model-loader-" + config.name()).daemon().start(server::loadAndWarmUp);
        return server;
    }

    public int port() {
        return http.port();
    }

    /** Where to reach this server: its host, or the loopback address when it listens on every interface. */
    public URI url() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    public ModelState state() {
        return state.get();
    }

    public Optional<WarmUp> warmUp() {
        return warmUp;
    }

    /** Waits until the model is ready or has failed to load, and says which. */
    public ModelState awaitSettled(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return settled.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("settling cannot fail", e);
        }
    }

    /** One line for the operator: where, which model, its inputs and the batching in force. */
    public String summary() {
        String inputs = state.get().signature().map(ModelSignature::inputs).orElse(List.of()).stream()
                .map(spec -> spec.name() + " " + spec.datatype() + spec.shape()).collect(Collectors.joining(", "));
        boolean batchable = state.get().signature().map(ModelSignature::batchable).orElse(false);
        String batching = !config.batching().batching() ? "off"
                : batchable ? "up to " + config.batching().maxBatchSize() + " rows, waiting up to " + config.batching().maxQueueDelay().toMillis() + " ms"
                : "off (the model has an input or output without a dynamic first dimension)";
        return "Serving model '" + config.name() + "' (version " + config.version() + ") on " + url() + "/v2/models/" + config.name()
                + " (listening on " + config.host() + ":" + port() + "); inputs: " + inputs + "; batching: " + batching
                + warmUp.map(w -> "; warm-up: " + w.failure().map(f -> "the model refused zeros (" + f + ")").orElse(w.took().toMillis() + " ms"))
                        .orElse("");
    }

    private void loadAndWarmUp() {
        LoadedModel model;
        try {
            model = runtime.load(config.model().toString());
        } catch (ModelLoadException e) {
            fail(e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.atError().addKeyValue("model", config.name()).setCause(e).log("loading the model failed unexpectedly");
            fail("loading failed: " + e);
            return;
        }
        if (!move(ModelPhase.LOADING, new ModelState.WarmingUp(model))) {
            model.close(); // stopped while loading
            return;
        }
        warmUp = Optional.of(warmUp(model));
        ModelQueue queue = new ModelQueue(config.name(), model, config.batching(), clock, metrics);
        metrics.watchQueue(queue::depth);
        if (!move(ModelPhase.WARMING_UP, new ModelState.Ready(model, queue))) {
            queue.close(Duration.ZERO);
            model.close();
            return;
        }
        log.atInfo().addKeyValue("model", config.name()).addKeyValue("port", port()).log("model ready");
        settled.complete(state.get());
    }

    /** One run on zeros, every dynamic dimension 1, so that the first request does not pay for the runtime's first-run setup. */
    private WarmUp warmUp(LoadedModel model) {
        Map<String, Tensor> zeros = new HashMap<>();
        for (TensorSpec input : model.signature().inputs()) {
            zeros.put(input.name(), Tensor.zeros(input.datatype(), input.concreteShape(1)));
        }
        Instant started = clock.instant();
        try {
            model.run(zeros, Set.of());
            return new WarmUp(Duration.between(started, clock.instant()), Optional.empty());
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("model", config.name()).addKeyValue("reason", e.getMessage())
                    .log("the warm-up run on zeros failed; the model serves anyway");
            return new WarmUp(Duration.between(started, clock.instant()), Optional.of(e.getMessage()));
        }
    }

    private void fail(String reason) {
        log.atError().addKeyValue("model", config.name()).addKeyValue("reason", reason).log("the model cannot be served");
        move(ModelPhase.LOADING, new ModelState.Failed(reason));
        settled.complete(state.get());
    }

    /** Moves from phase {@code from} to {@code next} if the model is still in {@code from}; the table must allow the move. */
    private boolean move(ModelPhase from, ModelState next) {
        if (!from.canMoveTo(next.phase())) {
            throw new IllegalStateException("no move from " + from + " to " + next.phase());
        }
        ModelState current = state.get();
        return current.phase() == from && state.compareAndSet(current, next);
    }

    /** Drains and stops: answers what is in flight (up to the drain timeout), then releases the model. */
    @Override
    public synchronized void close() {
        stopTakingRequests();
        http.stop();
        if (state.get() instanceof ModelState.Draining draining) {
            draining.queue().close(config.drainTimeout());
            draining.model().close();
            state.set(new ModelState.Stopped());
        }
        runtime.close();
        settled.complete(state.get());
        log.atInfo().addKeyValue("model", config.name()).log("stopped");
    }

    /** A ready model drains; one still loading or warming up stops, and its loader closes what it loaded. */
    private void stopTakingRequests() {
        while (true) {
            ModelState current = state.get();
            ModelState next = switch (current) {
                case ModelState.Ready ready -> new ModelState.Draining(ready.model(), ready.queue());
                case ModelState.Loading loading -> new ModelState.Stopped();
                case ModelState.WarmingUp warming -> new ModelState.Stopped();
                case ModelState.Failed failed -> new ModelState.Stopped();
                case ModelState.Draining draining -> null;
                case ModelState.Stopped stopped -> null;
            };
            if (next == null) {
                return;
            }
            if (move(current.phase(), next)) {
                if (next instanceof ModelState.Draining draining) {
                    log.atInfo().addKeyValue("model", config.name()).log("draining");
                    draining.queue().flush();
                }
                return;
            }
        }
    }
}
