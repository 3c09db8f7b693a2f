package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiEstimate;
import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.DeferralDecision;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.energy.RunEstimate;
import dev.lepton.core.job.Job;
import dev.lepton.core.resource.Quantities;
import dev.lepton.server.energy.EnergyMeter;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.server.scheduler.StartPlan;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a dry run expects a job to cost, now and at the start the scheduler would choose: the loop's
 * {@link SchedulerLoop#plan} says when and on which node, the node's meter how much ({@link RunEstimate}).
 * Where no forecast covers a start, the grid's intensity at that moment stands in, else the world average.
 */
public final class DryRunEstimate {
    private final SchedulerLoop loop;
    private final EnergyMeter meter;
    private final CarbonIntensitySource intensity;

    public DryRunEstimate(SchedulerLoop loop, EnergyMeter meter, CarbonIntensitySource intensity) {
        this.loop = requireNonNull(loop, "loop is null");
        this.meter = requireNonNull(meter, "meter is null");
        this.intensity = requireNonNull(intensity, "intensity is null");
    }

    /** Empty for a job no node could hold, or whose node this server does not meter. */
    Optional<ApiEstimate> of(Job job) {
        Optional<StartPlan> planned = loop.plan(job);
        if (planned.isEmpty()) {
            return Optional.empty();
        }
        StartPlan plan = planned.get();
        return meter.estimates(plan.node()).map(estimate -> {
            DeferralDecision decision = plan.decision();
            ApiEstimate.Run now = run(job, plan, estimate, decision.decidedAt(), decision.nowGramsPerKwh());
            ApiEstimate.Run chosen = decision.deferred() ? run(job, plan, estimate, decision.start(), decision.expectedGramsPerKwh()) : now;
            return new ApiEstimate(plan.node().name(), decision.region(), Quantities.formatDuration(plan.duration()), plan.basis(), now, chosen,
                    decision.reason(), Provenance.MODELLED.name().toLowerCase(Locale.ROOT));
        });
    }

    private ApiEstimate.Run run(Job job, StartPlan plan, RunEstimate estimate, Instant start, OptionalDouble forecast) {
        Optional<Intensity> known = forecast.isPresent() ? Optional.empty() : intensity.intensity(plan.node().region(), start);
        double grams = forecast.orElseGet(() -> known.map(Intensity::gramsPerKwh).orElse(EnergyMeter.WORLD_AVERAGE_INTENSITY));
        String source = forecast.isPresent() ? "forecast" : known.isPresent() ? "now" : "world average";
        Footprint f = estimate.of(job.spec().resources(), job.spec().workers(), plan.duration(), grams);
        return new ApiEstimate.Run(start, grams, source, f.kwh(), f.co2eGrams(), f.dollars());
    }
}
