/**
 * Grid carbon intensity from outside the process: the Electricity Maps HTTP API as a
 * {@code CarbonIntensitySource} and a {@code Forecast} for the core's carbon-aware deferral.
 */
package dev.lepton.server.carbon;
