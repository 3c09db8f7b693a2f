package dev.lepton.core.node;

import java.util.Locale;

/** Where a node sits: in a data centre, or at the edge near the data it serves. */
public enum Tier {
    DATACENTER,
    EDGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier {@code text} names ({@code datacenter} or {@code edge}, any case). */
    public static Tier parse(String text) {
        for (Tier tier : values()) {
            if (tier.wireName().equalsIgnoreCase(text.strip())) {
                return tier;
            }
        }
        throw new IllegalArgumentException("use datacenter or edge");
    }
}
