package dev.lepton.core.node;

import java.util.Locale;

/** Where a node sits: in a data centre, or at the edge near the data it serves. */
public enum Tier {
    DATACENTER,
    EDGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
