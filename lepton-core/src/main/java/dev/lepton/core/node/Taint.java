package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

/** A mark that keeps work off a node unless the work tolerates it ({@code key=value}, as in Kubernetes' NoSchedule). */
public record Taint(String key, String value) {
    public Taint {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
