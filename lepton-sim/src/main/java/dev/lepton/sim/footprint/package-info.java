/**
 * The energy, carbon and cost of a simulated run: GPU power from the cluster file or the known-hardware
 * table, carbon from an hourly intensity series laid over the trace's time axis, prices per node-hour and
 * per kWh; and carbon-aware deferral replayed with the server's {@link dev.lepton.core.carbon.CarbonDeferral}.
 */
package dev.lepton.sim.footprint;
