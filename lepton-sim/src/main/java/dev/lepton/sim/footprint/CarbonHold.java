package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonDeferral;
import dev.lepton.core.carbon.DeferralDecision;
import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.Schedule;
import dev.lepton.sim.engine.Hold;
import dev.lepton.sim.trace.TraceJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Carbon-aware deferral in a replay, decided by the server's own {@link CarbonDeferral}: when a job arrives
 * it is given a schedule of its trace duration as {@code expectedDuration} and a latest start {@code maxDelay}
 * after its arrival, and is held until the start the decision picks (on an hour boundary, or at once).
 * A job of zero duration has nothing to move and is queued at once.
 */
public final class CarbonHold implements Hold {
    private final CarbonAxis axis;
    private final Duration maxDelay;
    private final Forecast forecast;

    public CarbonHold(CarbonAxis axis, FootprintConfig.Deferral deferral) {
        this.axis = requireNonNull(axis, "axis is null");
        this.maxDelay = requireNonNull(deferral, "deferral is null").maxDelay();
        this.forecast = deferral.forecast().over(axis.repeating());
    }

    @Override
    public long releaseAt(TraceJob job, long arrivalMillis) {
        if (job.durationMillis() <= 0 || maxDelay.isZero()) {
            return arrivalMillis;
        }
        return axis.traceMillis(decide(job, arrivalMillis).start());
    }

    /** The decision for {@code job} arriving at {@code arrivalMillis}, as the server would take it. */
    public DeferralDecision decide(TraceJob job, long arrivalMillis) {
        Instant now = axis.instant(arrivalMillis);
        Schedule schedule = new Schedule(Duration.ofMillis(job.durationMillis()), now.plus(maxDelay));
        return CarbonDeferral.decide(now, schedule, List.of(axis.region()), forecast);
    }
}
