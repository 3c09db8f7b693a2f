package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A replay's energy, carbon and cost: one {@link JobFootprint} per completed job and the cluster's idle
 * GPUs; totals are jobs plus idle.
 *
 * @param seriesRepeated the run went past the intensity series' end, where the series starts over
 * @param power each node group's GPU power and where it came from
 */
public record RunFootprint(List<JobFootprint> jobs, Idle idle, FootprintConfig config, boolean priced, boolean seriesRepeated,
                           List<GpuPower> power) {
    public RunFootprint {
        jobs = List.copyOf(jobs);
        requireNonNull(idle, "idle is null");
        requireNonNull(config, "config is null");
        power = List.copyOf(power);
    }

    /** The GPUs nobody held, over the makespan. */
    public record Idle(double makespanSeconds, double energyKwh, double carbonKg, double costUsd) {}

    public double energyKwh() {
        return jobs.stream().mapToDouble(JobFootprint::energyKwh).sum();
    }

    /** The jobs' carbon; empty without a series. */
    public OptionalDouble carbonKg() {
        return config.carbon().isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(jobs.stream().mapToDouble(j -> j.carbonKg().orElse(0)).sum());
    }

    /** The jobs' cost; empty when nothing is priced. */
    public OptionalDouble costUsd() {
        return priced ? OptionalDouble.of(jobs.stream().mapToDouble(j -> j.costUsd().orElse(0)).sum()) : OptionalDouble.empty();
    }

    public double totalEnergyKwh() {
        return energyKwh() + idle.energyKwh();
    }

    public OptionalDouble totalCarbonKg() {
        return carbonKg().isPresent() ? OptionalDouble.of(carbonKg().getAsDouble() + idle.carbonKg()) : OptionalDouble.empty();
    }

    public OptionalDouble totalCostUsd() {
        return costUsd().isPresent() ? OptionalDouble.of(costUsd().getAsDouble() + idle.costUsd()) : OptionalDouble.empty();
    }

    /** The jobs' carbon had each run at once on arrival, uninterrupted; empty without a series. */
    public OptionalDouble carbonIfRunAtArrivalKg() {
        return config.carbon().isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(jobs.stream().mapToDouble(j -> j.carbonIfRunAtArrivalKg().orElse(0)).sum());
    }

    /** The jobs' carbon had each run at once on release, uninterrupted: the saving deferral planned. */
    public OptionalDouble carbonIfRunAtReleaseKg() {
        return config.carbon().isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(jobs.stream().mapToDouble(j -> j.carbonIfRunAtReleaseKg().orElse(0)).sum());
    }

    /** Jobs that deferral held back. */
    public long jobsHeld() {
        return jobs.stream().filter(j -> j.heldSeconds() > 0).count();
    }

    /** The average hold of the jobs that were held; 0 when none was. */
    public double avgHeldSeconds() {
        return jobs.stream().filter(j -> j.heldSeconds() > 0).mapToDouble(JobFootprint::heldSeconds).average().orElse(0);
    }

    /** The figures as {@code summary.json} gives them beside the JCTs, in a fixed order. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("energy_kwh", energyKwh());
        f.put("idle_energy_kwh", idle.energyKwh());
        f.put("total_energy_kwh", totalEnergyKwh());
        carbonKg().ifPresent(kg -> {
            f.put("carbon_kg", kg);
            f.put("idle_carbon_kg", idle.carbonKg());
            f.put("total_carbon_kg", totalCarbonKg().getAsDouble());
        });
        costUsd().ifPresent(usd -> {
            f.put("cost_usd", usd);
            f.put("idle_cost_usd", idle.costUsd());
            f.put("total_cost_usd", totalCostUsd().getAsDouble());
        });
        f.put("gpu_utilization_assumed", 1.0);
        f.put("pue", config.pue());
        if (config.energyPricePerKwh() > 0) {
            f.put("energy_price_usd_per_kwh", config.energyPricePerKwh());
        }
        boolean named = power.stream().anyMatch(p -> !p.accelerator().equals(Accelerators.NVIDIA_GPU));
        f.put("gpu_power", power.stream().map(p -> powerFields(p, named)).toList());
        config.carbon().ifPresent(axis -> {
            f.put("carbon_region", axis.region());
            f.put("carbon_series", axis.origin());
            f.put("carbon_start", axis.start().toString());
            f.put("carbon_series_repeated", seriesRepeated);
        });
        config.deferral().ifPresent(d -> {
            f.put("defer_max_delay_s", d.maxDelay().toSeconds());
            f.put("forecast", d.forecastLabel());
            f.put("jobs_deferred", jobsHeld());
            f.put("avg_deferral_s", avgHeldSeconds());
            f.put("carbon_if_run_at_arrival_kg", carbonIfRunAtArrivalKg().getAsDouble());
            f.put("carbon_if_run_at_release_kg", carbonIfRunAtReleaseKg().getAsDouble());
        });
        return f;
    }

    /** One group's power; its accelerator is named where the cluster's groups name accelerators other than NVIDIA's GPU. */
    private static Map<String, Object> powerFields(GpuPower p, boolean named) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (named) {
            f.put("accelerator", p.accelerator());
        }
        f.put("gpu_model", p.gpuModel());
        f.put("idle_w", p.range().idleWatts());
        f.put("max_w", p.range().maxWatts());
        f.put("source", p.source());
        return f;
    }
}
