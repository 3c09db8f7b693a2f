/**
 * The Pollux OSDI'21 artifact's round-based simulator, re-implemented: jobs progress in 60 s rounds
 * at a rate given by measured step times and gradient statistics ({@code app-profiles/}), under the
 * artifact's baselines (Tiresias, Optimus) or Lepton's default. Model:
 * {@code ../shared/traces/philly-pollux/SIMULATOR-MODEL.md}; entry point {@link dev.lepton.sim.pollux.PolluxSimulation}.
 */
package dev.lepton.sim.pollux;
