package dev.lepton.serving.http;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.InputRejectedException;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import dev.lepton.core.inference.TensorSpec;
import dev.lepton.serving.ModelPhase;
import dev.lepton.serving.ModelState;
import dev.lepton.serving.batching.ModelQueue;
import dev.lepton.serving.batching.QueueClosedException;
import dev.lepton.serving.metrics.ServingMetrics;
import dev.lepton.serving.metrics.ServingMetrics.Outcome;
import dev.lepton.serving.protocol.CheckedRequest;
import dev.lepton.serving.protocol.EncodedResponse;
import dev.lepton.serving.protocol.InvalidRequestException;
import dev.lepton.serving.protocol.RequestReader;
import dev.lepton.serving.protocol.ResponseWriter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol's endpoints for the one model this server holds: health, server and model metadata,
 * model readiness and inference, each also under {@code /versions/{version}}, and {@code /metrics}.
 */
public final class InferenceRoutes {
    private static final Logger log = LoggerFactory.getLogger(InferenceRoutes.class);

    /** What this server is, as {@code GET /v2} says. */
    public record ServerInfo(String name, String version, List<String> extensions) {
        public ServerInfo {
            requireNonNull(name, "name is null");
            requireNonNull(version, "version is null");
            extensions = List.copyOf(extensions);
        }
    }

    private final String model;
    private final String version;
    private final String platform;
    private final ServerInfo server;
    private final Supplier<ModelState> state;
    private final ServingMetrics metrics;
    private final InstantSource clock;

    public InferenceRoutes(String model, String version, String platform, ServerInfo server, Supplier<ModelState> state, ServingMetrics metrics,
                           InstantSource clock) {
        this.model = requireNonNull(model, "model is null");
        this.version = requireNonNull(version, "version is null");
        this.platform = requireNonNull(platform, "platform is null");
        this.server = requireNonNull(server, "server is null");
        this.state = requireNonNull(state, "state is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2/health/live", ctx -> Json.send(ctx, 200, Map.of("live", true)));
        routes.get("/v2/health/ready", ctx -> {
            boolean ready = state.get().phase() == ModelPhase.READY;
            Json.send(ctx, ready ? 200 : 503, Map.of("ready", ready));
        });
        routes.get("/v2", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", server.name());
            body.put("version", server.version());
            body.put("extensions", server.extensions());
            Json.send(ctx, 200, body);
        });
        for (String prefix : List.of("/v2/models/{model}", "/v2/models/{model}/versions/{version}")) {
            routes.get(prefix, this::metadata);
            routes.get(prefix + "/ready", this::modelReady);
            routes.post(prefix + "/infer", this::infer);
        }
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        Json.registerErrors(routes);
    }

    private void metadata(Context ctx) {
        checkModel(ctx);
        ModelState current = state.get();
        ModelSignature signature = current.signature().orElseThrow(() -> unavailable(current));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model);
        body.put("versions", List.of(version));
        body.put("platform", platform);
        body.put("inputs", signature.inputs().stream().map(InferenceRoutes::describe).toList());
        body.put("outputs", signature.outputs().stream().map(InferenceRoutes::describe).toList());
        Json.send(ctx, 200, body);
    }

    private void modelReady(Context ctx) {
        checkModel(ctx);
        boolean ready = state.get().phase() == ModelPhase.READY;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model);
        body.put("ready", ready);
        Json.send(ctx, ready ? 200 : 503, body);
    }

    private void infer(Context ctx) {
        Instant started = clock.instant();
        Outcome outcome = Outcome.ERROR;
        try {
            checkModel(ctx);
            if (!(state.get() instanceof ModelState.Ready ready)) {
                throw unavailable(state.get());
            }
            CheckedRequest request;
            CompletableFuture<Map<String, Tensor>> result;
            try (ModelQueue.Arrival arrival = ready.queue().announce()) {
                request = CheckedRequest.of(model, ready.model().signature(),
                        RequestReader.read(ctx.bodyAsBytes(), Optional.ofNullable(ctx.header(RequestReader.HEADER_LENGTH))));
                result = arrival.submit(request.inputs(), request.run());
            }
            Map<String, Tensor> outputs = await(result);
            EncodedResponse response = ResponseWriter.write(model, version, request, outputs);
            response.jsonLength().ifPresent(length -> ctx.header(RequestReader.HEADER_LENGTH, Integer.toString(length)));
            ctx.status(200).contentType(response.contentType()).result(response.body());
            outcome = Outcome.OK;
        } catch (InvalidRequestException | InputRejectedException e) {
            outcome = Outcome.INVALID;
            Json.error(ctx, 400, e.getMessage());
        } catch (Unavailable | QueueClosedException e) {
            outcome = Outcome.UNAVAILABLE;
            Json.error(ctx, 503, e.getMessage());
        } catch (UnknownModel e) {
            outcome = Outcome.INVALID;
            Json.error(ctx, 404, e.getMessage());
        } catch (HttpResponseException e) {
            // Javalin's own refusals, such as a body over the size limit (413): answered by the error handlers.
            outcome = e.getStatus() < 500 ? Outcome.INVALID : Outcome.ERROR;
            throw e;
        } finally {
            metrics.answered(outcome, Duration.between(started, clock.instant()));
        }
    }

    private static Map<String, Tensor> await(CompletableFuture<Map<String, Tensor>> result) {
        try {
            return result.get();
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("the request was interrupted while its model ran");
        }
    }

    private static Map<String, Object> describe(TensorSpec spec) {
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", spec.name());
        tensor.put("datatype", spec.datatype().name());
        tensor.put("shape", spec.shape());
        return tensor;
    }

    /** 404 unless the path names this server's model (and its version, if it names one). */
    private void checkModel(Context ctx) {
        String asked = ctx.pathParam("model");
        if (!asked.equals(model)) {
            throw new UnknownModel("model '" + asked + "' is not served here; this server serves '" + model + "'");
        }
        String askedVersion = ctx.pathParamMap().get("version");
        if (askedVersion != null && !askedVersion.equals(version)) {
            throw new UnknownModel("model '" + model + "' has no version '" + askedVersion + "'; it serves version '" + version + "'");
        }
    }

    private Unavailable unavailable(ModelState current) {
        return new Unavailable(switch (current) {
            case ModelState.Loading loading -> "model '" + model + "' is loading";
            case ModelState.WarmingUp warming -> "model '" + model + "' is warming up";
            case ModelState.Failed failed -> "model '" + model + "' failed to load: " + failed.reason();
            case ModelState.Draining draining -> "model '" + model + "' is shutting down";
            case ModelState.Stopped stopped -> "model '" + model + "' is stopped";
            case ModelState.Ready ready -> "model '" + model + "' is ready";
        });
    }

    /** 503: the model cannot answer now, but may later (or another replica may). */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** 404: no such model or version here. */
    static final class UnknownModel extends RuntimeException {
        UnknownModel(String message) {
            super(message);
        }
    }
}
