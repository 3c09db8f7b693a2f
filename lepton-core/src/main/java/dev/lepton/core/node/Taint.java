package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

/** A mark that keeps work off a node unless the work tolerates it ({@code key=value}, as in Kubernetes' NoSchedule). */
public record Taint(String key, String value) {
    public Taint {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    /** The taint (or toleration) {@code text} spells as {@code key=value}. */
    public static Taint parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("write key=value");
        }
        return new Taint(text.substring(0, eq), text.substring(eq + 1));
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
