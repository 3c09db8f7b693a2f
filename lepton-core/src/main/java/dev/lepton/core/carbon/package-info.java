/**
 * Grid carbon intensity (gCO2e/kWh) by region and hour, from a static map, an Electricity Maps CSV export
 * or the Electricity Maps API (at the edge); forecasts of it; and the carbon-aware deferral decision that
 * picks when a job with slack starts. Pure: files and HTTP are read at the edge and handed in as text or values.
 */
package dev.lepton.core.carbon;
