package dev.lepton.api.v1;

/** {@code kind: Queue}: where jobs wait their turn, with an optional quota. */
public record ApiQueue(String kind, String apiVersion, ObjectMeta metadata, ApiQueueSpec spec, ApiQueueStatus status) {
    public static final String KIND = "Queue";
}
