package dev.lepton.serving.batching;

import java.time.Duration;

/** What a {@link ModelQueue} reports as it works: the metrics listen. */
public interface QueueObserver {
    /** A request left the queue for a run after waiting {@code waited}. */
    void dequeued(Duration waited);

    /** One run of the model took {@code requests} requests holding {@code rows} rows, in {@code took}. */
    void ran(int requests, long rows, Duration took);

    QueueObserver NONE = new QueueObserver() {
        @Override
        public void dequeued(Duration waited) {}

        @Override
        public void ran(int requests, long rows, Duration took) {}
    };
}
