package dev.lepton.core.carbon;

import java.time.Instant;
import java.util.List;

/** Expected intensity ahead, as the deferral decision sees it. */
public interface Forecast {
    /**
     * The forecast hourly intensities in {@code region} for the hours that overlap [{@code from}, {@code to}),
     * as known at {@code now}, in order; hours without a forecast are left out.
     */
    List<HourlyIntensity> hourly(String region, Instant now, Instant from, Instant to);
}
