package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

/**
 * A grid carbon intensity and where it came from ({@code static}, {@code electricitymaps-csv:FILE},
 * {@code electricitymaps-api}), so a ledger line can say which figure it used.
 *
 * @param gramsPerKwh gCO2e per kWh, finite and at least 0
 * @param origin the source that gave it
 */
public record Intensity(double gramsPerKwh, String origin) {
    public Intensity {
        requireNonNull(origin, "origin is null");
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException("carbon intensity must be a finite number of gCO2e/kWh >= 0, got " + gramsPerKwh);
        }
        if (origin.isBlank()) {
            throw new IllegalArgumentException("origin is blank");
        }
    }
}
