package dev.lepton.serving.batching;

/** The model's queue takes no more requests: the server is stopping. */
public final class QueueClosedException extends RuntimeException {
    public QueueClosedException(String model) {
        super("model '" + model + "' is shutting down and takes no more requests");
    }
}
