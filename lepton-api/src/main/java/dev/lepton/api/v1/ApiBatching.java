package dev.lepton.api.v1;

/** The model server's dynamic batching: at most {@code maxBatchSize} rows per run, a request waiting at most {@code maxQueueDelay} ({@code 5ms}) for others. */
public record ApiBatching(Integer maxBatchSize, String maxQueueDelay) {}
