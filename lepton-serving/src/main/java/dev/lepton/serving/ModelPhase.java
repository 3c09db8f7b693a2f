package dev.lepton.serving;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the served model is in its life, and the one table of the moves between phases. A model is
 * ready only after its warm-up; a model that fails to load never is; a draining model answers what
 * is in flight and takes nothing new.
 */
public enum ModelPhase {
    LOADING,
    WARMING_UP,
    READY,
    FAILED,
    DRAINING,
    STOPPED;

    private static final Map<ModelPhase, Set<ModelPhase>> NEXT = new EnumMap<>(Map.of(
            LOADING, EnumSet.of(WARMING_UP, FAILED, STOPPED),
            WARMING_UP, EnumSet.of(READY, STOPPED),
            READY, EnumSet.of(DRAINING),
            FAILED, EnumSet.of(STOPPED),
            DRAINING, EnumSet.of(STOPPED),
            STOPPED, EnumSet.noneOf(ModelPhase.class)));

    public boolean canMoveTo(ModelPhase next) {
        return NEXT.get(this).contains(next);
    }

    /** The phases this one may move to. */
    public Set<ModelPhase> next() {
        return Set.copyOf(NEXT.get(this));
    }
}
