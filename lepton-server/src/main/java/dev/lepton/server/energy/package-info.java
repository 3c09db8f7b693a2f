/**
 * Every workload's energy, carbon and cost: the node's power each sampling interval, attributed to
 * the workers that ran ({@code core.energy}), turned into gCO2e by the grid's intensity
 * ({@code core.carbon}) and into dollars by the node's price, and kept in the energy ledger.
 */
package dev.lepton.server.energy;
