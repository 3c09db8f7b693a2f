package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.sim.footprint.RunFootprint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code summary.json} holds: the {@link Summary}, then, for rigid replays, the run's energy, carbon and
 * cost ({@link RunFootprint#fields()}), then, for a deferred run, the same replay without deferral and what
 * deferral changed. {@code accelerators}: each accelerator resource's devices and utilisation, given for a cluster
 * whose node groups name accelerators (empty otherwise, so that a cluster of NVIDIA GPUs reports what it always did).
 */
public record RunReport(Summary summary, Optional<RunFootprint> footprint, Optional<Baseline> baseline, List<AcceleratorUse> accelerators) {
    private static final ObjectMapper FIELDS = new ObjectMapper();

    public RunReport {
        requireNonNull(summary, "summary is null");
        requireNonNull(footprint, "footprint is null");
        requireNonNull(baseline, "baseline is null");
        accelerators = List.copyOf(accelerators);
    }

    public RunReport(Summary summary, Optional<RunFootprint> footprint, Optional<Baseline> baseline) {
        this(summary, footprint, baseline, List.of());
    }

    /** The same trace, cluster and policy replayed with every job queued on arrival. */
    public record Baseline(Summary summary, RunFootprint footprint) {
        public Baseline {
            requireNonNull(summary, "summary is null");
            requireNonNull(footprint, "footprint is null");
        }
    }

    public static RunReport of(Summary summary) {
        return new RunReport(summary, Optional.empty(), Optional.empty());
    }

    /** The jobs' carbon the deferred run avoided against the baseline, in kg; empty without both. */
    public Optional<Double> carbonAvoidedKg() {
        if (baseline.isEmpty() || footprint.isEmpty() || footprint.get().carbonKg().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(baseline.get().footprint().carbonKg().getAsDouble() - footprint.get().carbonKg().getAsDouble());
    }

    @JsonValue
    public Map<String, Object> json() {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new LinkedHashMap<>(FIELDS.convertValue(summary, Map.class));
        if (!accelerators.isEmpty()) {
            json.put("accelerators", accelerators.stream().map(a -> a.fields(summary.makespan())).toList());
        }
        footprint.ifPresent(f -> json.putAll(f.fields()));
        baseline.ifPresent(b -> {
            double before = b.footprint().carbonKg().orElse(0);
            json.put("baseline_avg_jct_s", b.summary().avgJct());
            json.put("baseline_energy_kwh", b.footprint().energyKwh());
            json.put("baseline_carbon_kg", before);
            json.put("baseline_total_carbon_kg", b.footprint().totalCarbonKg().orElse(0));
            b.footprint().totalCostUsd().ifPresent(usd -> json.put("baseline_total_cost_usd", usd));
            carbonAvoidedKg().ifPresent(kg -> {
                json.put("carbon_avoided_kg", kg);
                json.put("carbon_avoided_pct", before == 0 ? 0.0 : 100 * kg / before);
            });
            json.put("avg_jct_change_pct", b.summary().avgJct() == 0 ? 0.0 : 100 * (summary.avgJct() / b.summary().avgJct() - 1));
        });
        return json;
    }
}
