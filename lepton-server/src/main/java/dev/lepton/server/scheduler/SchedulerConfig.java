package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.server.limits.TenantLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the scheduler loop.
 *
 * @param stopGrace time between SIGTERM and SIGKILL when workers are stopped (default 10s)
 * @param policy the scheduling policy by name (default {@code priority}: priority then first submitted,
 *     higher priority may preempt lower)
 * @param carbonIntensity the grid's carbon intensity by node region, for the {@code carbon} scorer (read hour by hour;
 *     default none: every region counts alike)
 * @param limits jobs per user and per project, queued or running ({@link dev.lepton.server.limits.JobCounts}, checked at
 *     submission) and running at once (held back in their queue by the loop); default none
 * @param carbonForecast the forecast a job with {@code spec.schedule} is deferred by ({@code lepton server --carbon-forecast});
 *     default {@link #NO_FORECAST}: such jobs are queued at once
 */
public record SchedulerConfig(Duration stopGrace, String policy, CarbonIntensitySource carbonIntensity,
                              TenantLimits limits, Forecast carbonForecast) {
    /** Forecasts nothing: no job is deferred. */
    public static final Forecast NO_FORECAST = (region, now, from, to) -> List.of();
    public static final SchedulerConfig DEFAULTS = new SchedulerConfig(Duration.ofSeconds(10), "priority");

    public SchedulerConfig {
        requireNonNull(carbonIntensity, "carbonIntensity is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(carbonForecast, "carbonForecast is null");
    }

    public SchedulerConfig(Duration stopGrace, String policy) {
        this(stopGrace, policy, new StaticIntensity(Map.of()), TenantLimits.NONE, NO_FORECAST);
    }

    public SchedulerConfig withLimits(TenantLimits value) {
        return new SchedulerConfig(stopGrace, policy, carbonIntensity, value, carbonForecast);
    }

    public SchedulerConfig withCarbonForecast(Forecast value) {
        return new SchedulerConfig(stopGrace, policy, carbonIntensity, limits, value);
    }
}
