package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A node's energy over an interval (or a sum of intervals) and where it went: to each attempt, to
 * {@code idle} (idle power no attempt carries, GPUs nobody holds) and to {@code system} (active CPU
 * power from processes that are not attempts). The parts always add up to {@code node}; a split that
 * loses or invents energy is refused here, at construction. {@code provenance} says per component
 * kind whether the figures were measured or modelled (modelled if any reading of that kind was).
 */
public record Attribution(Duration interval, Map<AttemptId, ComponentJoules> attempts, ComponentJoules idle, ComponentJoules system,
        ComponentJoules node, Map<ComponentKind, Provenance> provenance) {
    /** How far the parts may stray from the whole, relative to it: rounding only. */
    static final double TOLERANCE = 1e-9;

    public static final Attribution NONE = new Attribution(Duration.ZERO, Map.of(), ComponentJoules.ZERO, ComponentJoules.ZERO,
            ComponentJoules.ZERO, Map.of());

    public Attribution {
        requireNonNull(interval, "interval is null");
        requireNonNull(idle, "idle is null");
        requireNonNull(system, "system is null");
        requireNonNull(node, "node is null");
        attempts = Map.copyOf(attempts);
        provenance = Map.copyOf(provenance);
        for (ComponentKind kind : ComponentKind.values()) {
            double parts = idle.get(kind) + system.get(kind) + attempts.values().stream().mapToDouble(j -> j.get(kind)).sum();
            if (Math.abs(parts - node.get(kind)) > TOLERANCE * Math.max(1, node.get(kind))) {
                throw new IllegalStateException("energy attribution does not add up for " + kind + ": parts " + parts + " J, node "
                        + node.get(kind) + " J");
            }
        }
    }

    /** The energy attempt {@code id} was given; zero if it did not run. */
    public ComponentJoules of(AttemptId id) {
        return attempts.getOrDefault(id, ComponentJoules.ZERO);
    }

    /** Everything no attempt carries: idle plus system. */
    public ComponentJoules unattributed() {
        return idle.plus(system);
    }

    /** This and {@code later} together: intervals, energies and provenance added up. */
    public Attribution plus(Attribution later) {
        Map<AttemptId, ComponentJoules> sum = new HashMap<>(attempts);
        later.attempts.forEach((id, joules) -> sum.merge(id, joules, ComponentJoules::plus));
        Map<ComponentKind, Provenance> both = new EnumMap<>(ComponentKind.class);
        both.putAll(provenance);
        later.provenance.forEach((kind, p) -> both.merge(kind, p, Provenance::and));
        return new Attribution(interval.plus(later.interval), sum, idle.plus(later.idle), system.plus(later.system), node.plus(later.node),
                both);
    }
}
