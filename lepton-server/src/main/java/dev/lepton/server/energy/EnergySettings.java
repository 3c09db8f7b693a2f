package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.ForecastKind;

import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodePowerProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the server measures and prices energy; {@link #DEFAULTS} holds every default.
 *
 * @param nodePower this node's power range per CPU and GPU where nothing measures it
 *     ({@code --node-power cpu=IDLE..MAX,gpu=IDLE..MAX}, watts; default: the bundled hardware table)
 * @param idlePolicy whether idle power is shared by allocation or left unattributed ({@code --idle-power})
 * @param pue the data centre's power usage effectiveness, multiplying every kWh's carbon ({@code --pue}, default 1.0)
 * @param energyPricePerKwh what a kWh costs on top of the node's price per hour ({@code --energy-price}, default 0)
 * @param intensityFiles hourly carbon intensity series by region, Electricity Maps CSV exports
 *     ({@code --carbon-intensity-file REGION=FILE}); a region without one uses {@code --carbon-intensity}
 * @param intensityZones regions whose intensity comes from the Electricity Maps API, with the zone
 *     each stands for ({@code --carbon-intensity-api REGION=ZONE}; the key from
 *     {@code ELECTRICITYMAPS_API_KEY}); asked before files and static values
 * @param forecast how a job with {@code spec.schedule} foresees the intensity of the hours ahead, where no forecast file
 *     gives them ({@code --carbon-forecast}, default {@link ForecastKind#WEEKLY}: a server does not know the future)
 * @param forecastFiles hourly forecast series by region, in the same CSV formats ({@code --carbon-forecast-file REGION=FILE})
 */
public record EnergySettings(NodePowerProfile nodePower, IdlePolicy idlePolicy, double pue, double energyPricePerKwh,
                             Map<String, Path> intensityFiles, Map<String, String> intensityZones, ForecastKind forecast,
                             Map<String, Path> forecastFiles) {
    public static final EnergySettings DEFAULTS = new EnergySettings(NodePowerProfile.NONE, IdlePolicy.DEFAULT, 1.0, 0, Map.of());

    /** Settings that foresee by the weekly mean, from no forecast file. */
    public EnergySettings(NodePowerProfile nodePower, IdlePolicy idlePolicy, double pue, double energyPricePerKwh, Map<String, Path> intensityFiles) {
        this(nodePower, idlePolicy, pue, energyPricePerKwh, intensityFiles, Map.of(), ForecastKind.WEEKLY, Map.of());
    }

    public EnergySettings {
        requireNonNull(nodePower, "nodePower is null");
        requireNonNull(idlePolicy, "idlePolicy is null");
        intensityFiles = Map.copyOf(intensityFiles);
        intensityZones = Map.copyOf(intensityZones);
        requireNonNull(forecast, "forecast is null");
        forecastFiles = Map.copyOf(forecastFiles);
        if (!(pue >= 1) || Double.isInfinite(pue)) {
            throw new IllegalArgumentException("--pue: must be 1 or more (facility power over IT power), got " + pue);
        }
        if (!(energyPricePerKwh >= 0) || Double.isInfinite(energyPricePerKwh)) {
            throw new IllegalArgumentException("--energy-price: must be dollars per kWh, 0 or more, got " + energyPricePerKwh);
        }
    }
}
