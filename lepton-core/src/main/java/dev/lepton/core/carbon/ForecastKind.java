package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the hours ahead are foreseen from measured intensities: the server's {@code --carbon-forecast}, the simulator's {@code --forecast}. */
public enum ForecastKind {
    /** The measured value itself: the oracle bound, for what-if studies on a past series ({@link Forecasts#perfect}). */
    PERFECT("perfect"),
    /** The value measured 24 h earlier ({@link Forecasts#persistence(CarbonIntensitySource)}). */
    PERSISTENCE("persistence"),
    /** The mean of the same hour over the last seven days measured ({@link Forecasts#persistence(CarbonIntensitySource, int)}). */
    WEEKLY("weekly");

    private final String label;

    ForecastKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The forecast of this kind over {@code measured}. */
    public Forecast over(CarbonIntensitySource measured) {
        return switch (this) {
            case PERFECT -> Forecasts.perfect(measured);
            case PERSISTENCE -> Forecasts.persistence(measured);
            case WEEKLY -> Forecasts.persistence(measured, 7);
        };
    }

    /**
     * The kind a label names ({@code perfect}, {@code persistence} or {@code weekly}, any case).
     *
     * @throws IllegalArgumentException naming {@code option}, the value and the choices
     */
    public static ForecastKind of(String option, String label) {
        requireNonNull(label, "label is null");
        return Arrays.stream(values()).filter(k -> k.label.equals(label.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(option + ": " + Arrays.stream(values()).map(ForecastKind::label)
                        .collect(Collectors.joining(", ")) + " (got '" + label + "')"));
    }
}
