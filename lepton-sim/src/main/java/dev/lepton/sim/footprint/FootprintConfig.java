package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.EmissionFactor;
import dev.lepton.core.carbon.ForecastKind;
import dev.lepton.core.carbon.IntensityCsv;
import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Quantities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a run's energy, carbon and cost are counted, from {@code lepton simulate}'s flags.
 *
 * @param pue facility energy over IT energy ({@code --pue}, at least 1.0; default 1.0): carbon and the energy
 *     price apply to the GPUs' energy times it
 * @param energyPricePerKwh dollars per kWh drawn from the grid ({@code --energy-price}; default 0)
 * @param carbon the intensity series over the trace's time axis ({@code --carbon-intensity}, {@code --region},
 *     {@code --carbon-start}); empty: no carbon figures
 * @param deferral carbon-aware deferral of every job ({@code --defer}, {@code --forecast}); needs {@code carbon}
 */
public record FootprintConfig(double pue, double energyPricePerKwh, Optional<CarbonAxis> carbon, Optional<Deferral> deferral) {
    public static final double DEFAULT_PUE = 1.0;

    public FootprintConfig {
        requireNonNull(carbon, "carbon is null");
        requireNonNull(deferral, "deferral is null");
        if (!(pue >= 1.0) || Double.isInfinite(pue)) {
            throw new IllegalArgumentException("--pue: must be a number >= 1.0 (facility energy over IT energy), got " + pue);
        }
        if (!(energyPricePerKwh >= 0) || Double.isInfinite(energyPricePerKwh)) {
            throw new IllegalArgumentException("--energy-price: must be a number >= 0 (dollars per kWh), got " + energyPricePerKwh);
        }
        if (deferral.isPresent() && carbon.isEmpty()) {
            throw new IllegalArgumentException("--defer: needs --carbon-intensity, the series the deferral forecasts from");
        }
    }

    /** Energy only: PUE 1, no energy price, no carbon, no deferral. */
    public static FootprintConfig energyOnly() {
        return new FootprintConfig(DEFAULT_PUE, 0, Optional.empty(), Optional.empty());
    }

    /** Every job may wait up to {@code maxDelay} after it arrives for a cleaner start, as {@code forecast} sees it. */
    public record Deferral(Duration maxDelay, ForecastKind forecast) {
        public Deferral {
            requireNonNull(maxDelay, "maxDelay is null");
            requireNonNull(forecast, "forecast is null");
            if (maxDelay.isNegative()) {
                throw new IllegalArgumentException("--defer: must not be negative, got " + maxDelay);
            }
        }

        /** The forecast's name as {@code --forecast} takes it. */
        public String forecastLabel() {
            return forecast.label();
        }
    }

    /** This configuration without deferral: the baseline a deferred run is compared with. */
    public FootprintConfig withoutDeferral() {
        return new FootprintConfig(pue, energyPricePerKwh, carbon, Optional.empty());
    }

    /**
     * From the words of a command line, reading the {@code --carbon-intensity} files (UTF-8, Electricity Maps CSV,
     * life-cycle column). A file that cannot be read or parsed is refused naming the flag, the file and its line.
     */
    public static FootprintConfig read(List<Path> carbonIntensity, Optional<String> region, Optional<String> carbonStart, double pue,
                                       double energyPrice, Optional<String> defer, Optional<String> forecast) {
        List<IntensitySeries> series = carbonIntensity.stream().map(FootprintConfig::series).toList();
        return parse(series, region, carbonStart, pue, energyPrice, defer, forecast);
    }

    private static IntensitySeries series(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return IntensityCsv.parse(name, Files.readString(file, StandardCharsets.UTF_8), EmissionFactor.LIFECYCLE);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--carbon-intensity: " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--carbon-intensity: " + file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (LeptonException e) {
            throw new IllegalArgumentException("--carbon-intensity: " + e.getMessage(), e);
        }
    }

    /**
     * From the words of a command line. {@code series} are the {@code --carbon-intensity} files already read,
     * one zone each. Every refusal is an {@link IllegalArgumentException} whose message starts with the flag.
     */
    public static FootprintConfig parse(List<IntensitySeries> series, Optional<String> region, Optional<String> carbonStart, double pue,
                                        double energyPrice, Optional<String> defer, Optional<String> forecast) {
        Optional<IntensitySeries> chosen = chooseSeries(series, region);
        if (carbonStart.isPresent() && chosen.isEmpty()) {
            throw new IllegalArgumentException("--carbon-start: needs --carbon-intensity");
        }
        Optional<CarbonAxis> axis = chosen.map(s -> new CarbonAxis(s, carbonStart.map(FootprintConfig::instant).orElse(s.start())));
        if (forecast.isPresent() && defer.isEmpty()) {
            throw new IllegalArgumentException("--forecast: only with --defer");
        }
        Optional<Deferral> deferral = defer.map(text -> new Deferral(duration(text), forecast.map(label -> ForecastKind.of("--forecast", label))
                .orElse(ForecastKind.PERFECT)));
        return new FootprintConfig(pue, energyPrice, axis, deferral);
    }

    private static Optional<IntensitySeries> chooseSeries(List<IntensitySeries> series, Optional<String> region) {
        if (series.isEmpty()) {
            region.ifPresent(r -> {
                throw new IllegalArgumentException("--region: needs --carbon-intensity, a series for region '" + r + "'");
            });
            return Optional.empty();
        }
        String zones = series.stream().map(IntensitySeries::zone).collect(Collectors.joining(", "));
        if (series.stream().map(IntensitySeries::zone).distinct().count() < series.size()) {
            throw new IllegalArgumentException("--carbon-intensity: two files for one zone (" + zones + ")");
        }
        if (region.isEmpty()) {
            if (series.size() > 1) {
                throw new IllegalArgumentException("--region: required with several --carbon-intensity files; they cover " + zones);
            }
            return Optional.of(series.getFirst());
        }
        return Optional.of(series.stream().filter(s -> s.zone().equalsIgnoreCase(region.get())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--region: unknown region '" + region.get()
                        + "': no --carbon-intensity file for it; the files cover " + zones)));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--carbon-start: not an ISO-8601 instant such as 2022-06-01T00:00:00Z (got '" + text + "')", e);
        }
    }

    private static Duration duration(String text) {
        try {
            return Quantities.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--defer: " + e.getMessage() + " (got '" + text + "')", e);
        }
    }
}
