package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each component's idle power comes from, for attribution:
 *
 * <ul>
 *   <li>a modelled reading: the idle end of the range it was modelled with;
 *   <li>a measured reading, when the operator gave a {@link NodePowerProfile} for its kind: the
 *       profile's idle (the CPU figure is for all packages together, so each of N measured packages
 *       gets a 1/N share of it);
 *   <li>otherwise (measured, no profile; and DRAM, which no profile covers): the lowest power this
 *       component has been read at since the baseline was made, as Kepler does. It starts high (the
 *       first reading is all idle) and only falls; a node that is never idle keeps it too high, which
 *       moves energy from attempts' active share to their idle share, never out of the total.
 * </ul>
 *
 * Holds the running minima, so one sampler owns one baseline.
 */
public final class IdleBaseline {
    private record Component(ComponentKind kind, int index) {}

    private final PowerModel model;
    private final Map<Component, Double> lowest = new HashMap<>();

    public IdleBaseline(PowerModel model) {
        this.model = requireNonNull(model, "model is null");
    }

    /** The model the baseline takes a modelled reading's idle power from. */
    public PowerModel model() {
        return model;
    }

    /** Each reading with its idle power; call once per interval with all of the interval's readings. */
    public List<ComponentPower> apply(List<ComponentReading> readings) {
        long measuredPackages = readings.stream()
                .filter(r -> r.kind() == ComponentKind.CPU_PACKAGE && r.provenance() == Provenance.MEASURED).count();
        List<ComponentPower> powers = new ArrayList<>(readings.size());
        for (ComponentReading reading : readings) {
            powers.add(new ComponentPower(reading, idle(reading, measuredPackages)));
        }
        return powers;
    }

    private double idle(ComponentReading reading, long measuredPackages) {
        Optional<PowerModel.ModelledComponent> modelled = switch (reading.kind()) {
            case CPU_PACKAGE -> model.component(ComponentKind.CPU_PACKAGE, 0);
            case GPU -> model.component(ComponentKind.GPU, reading.index());
            case DRAM -> Optional.empty();
        };
        if (reading.provenance() == Provenance.MODELLED && modelled.isPresent()) {
            return modelled.get().range().idleWatts();
        }
        Optional<PowerModel.ModelledComponent> profile = modelled.filter(m -> m.source().equals(ComponentReading.MODEL_PROFILE));
        if (profile.isPresent()) {
            double idle = profile.get().range().idleWatts();
            return reading.kind() == ComponentKind.CPU_PACKAGE ? idle / Math.max(1, measuredPackages) : idle;
        }
        return lowest.merge(new Component(reading.kind(), reading.index()), reading.watts(), Math::min);
    }
}
