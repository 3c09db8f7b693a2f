package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One fixed intensity per region at every hour: the server's {@code --carbon-intensity REGION=GRAMS}.
 * A region not in the map has no answer (the caller decides what an unknown region counts as).
 */
public record StaticIntensity(Map<String, Double> gramsPerKwhByRegion) implements CarbonIntensitySource {
    public static final String ORIGIN = "static";

    public StaticIntensity {
        gramsPerKwhByRegion = Map.copyOf(requireNonNull(gramsPerKwhByRegion, "gramsPerKwhByRegion is null"));
        gramsPerKwhByRegion.forEach((region, grams) -> new Intensity(grams, ORIGIN));
    }

    @Override
    public Optional<Intensity> intensity(String region, Instant at) {
        return Optional.ofNullable(gramsPerKwhByRegion.get(region)).map(grams -> new Intensity(grams, ORIGIN));
    }

    @Override
    public List<HourlyIntensity> hourly(String region, Instant from, Instant to) {
        Double grams = gramsPerKwhByRegion.get(region);
        List<HourlyIntensity> hours = new ArrayList<>();
        if (grams != null) {
            for (Instant hour = HourlyIntensity.hourOf(from); hour.isBefore(to); hour = hour.plus(HourlyIntensity.HOUR)) {
                hours.add(new HourlyIntensity(hour, grams));
            }
        }
        return hours;
    }
}
