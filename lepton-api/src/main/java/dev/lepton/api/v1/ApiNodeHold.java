package dev.lepton.api.v1;

/**
 * The body of {@code POST /api/v1/nodes/{name}/cordon} and {@code …/drain}, optional: why, for the event and the
 * audit log; for a drain, {@code letFinish} leaves what runs there to end by itself instead of moving it.
 */
public record ApiNodeHold(String reason, Boolean letFinish) {
    public ApiNodeHold(String reason) {
        this(reason, null);
    }
}
