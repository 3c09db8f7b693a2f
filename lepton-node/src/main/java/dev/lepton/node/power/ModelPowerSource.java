package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.node.power.ProcStat.CpuTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** The node's CPU power modelled from its utilisation between reads of {@code /proc/stat}; always {@code MODELLED}. */
public final class ModelPowerSource implements PowerSource {
    private final PowerModel model;
    private final ProcStat procStat;
    private final InstantSource clock;
    private CpuTime previous;
    private Instant previousAt;

    public ModelPowerSource(PowerModel model, ProcStat procStat, InstantSource clock) {
        this.model = requireNonNull(model, "model is null");
        this.procStat = requireNonNull(procStat, "procStat is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.previous = procStat.read();
        this.previousAt = clock.instant();
    }

    @Override
    public synchronized List<ComponentReading> read() {
        CpuTime now = procStat.read();
        Instant at = clock.instant();
        Duration interval = Duration.between(previousAt, at);
        double utilisation = now.utilisationSince(previous);
        previous = now;
        previousAt = at;
        return interval.isNegative() ? List.of() : List.of(model.cpu(utilisation, interval));
    }
}
