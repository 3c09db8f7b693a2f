package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where grid carbon intensity comes from: a static map, a CSV series, the Electricity Maps API.
 * A source answers empty rather than guess: outside its data, or for a region it does not know.
 */
public interface CarbonIntensitySource {
    /** The intensity in {@code region} during the hour that contains {@code at}; empty when the source has none. */
    Optional<Intensity> intensity(String region, Instant at);

    /**
     * The known hourly intensities in {@code region} for the hours that overlap [{@code from}, {@code to}), in
     * order; hours the source has no value for are left out.
     */
    List<HourlyIntensity> hourly(String region, Instant from, Instant to);

    /** The first of {@code sources} that has an answer: a series for the regions it covers, then a static map, say. */
    static CarbonIntensitySource inOrder(List<? extends CarbonIntensitySource> sources) {
        List<CarbonIntensitySource> all = List.copyOf(requireNonNull(sources, "sources is null"));
        return new CarbonIntensitySource() {
            @Override
            public Optional<Intensity> intensity(String region, Instant at) {
                return all.stream().map(s -> s.intensity(region, at)).flatMap(Optional::stream).findFirst();
            }

            @Override
            public List<HourlyIntensity> hourly(String region, Instant from, Instant to) {
                return all.stream().map(s -> s.hourly(region, from, to)).filter(h -> !h.isEmpty()).findFirst().orElse(List.of());
            }
        };
    }
}
