package dev.lepton.serving.batching;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.Tensor;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One request waiting in a {@link ModelQueue}: its checked inputs, the outputs it asked for (empty:
 * all), its batch key and rows, when it arrived, and where its outputs go.
 */
public record InferenceCall(Map<String, Tensor> inputs, Set<String> outputs, Optional<BatchKey> key, long rows, Instant enqueuedAt,
                            CompletableFuture<Map<String, Tensor>> result) {
    public InferenceCall {
        inputs = Map.copyOf(inputs);
        outputs = Set.copyOf(outputs);
        requireNonNull(key, "key is null");
        requireNonNull(enqueuedAt, "enqueuedAt is null");
        requireNonNull(result, "result is null");
    }

    QueuedRequest view() {
        return new QueuedRequest(key, rows, enqueuedAt);
    }
}
