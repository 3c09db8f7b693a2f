/**
 * The Pollux OSDI'21 artifact's round-based simulator, re-implemented, with Sia SOSP'23's data and
 * calibration as a second setting: jobs progress in 60 s rounds at a rate given by measured step
 * times (per GPU type for Sia) and gradient statistics ({@code app-profiles/}), under Lepton's own
 * policies decided by the core allocator ({@link dev.lepton.sim.pollux.CorePolicy}) or the Pollux
 * artifact's baselines (Tiresias, Optimus). Model: {@code ../shared/traces/philly-pollux/SIMULATOR-MODEL.md};
 * entry point {@link dev.lepton.sim.pollux.PolluxSimulation}.
 */
package dev.lepton.sim.pollux;
