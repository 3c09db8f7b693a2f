/**
 * Trace loaders: Philly job logs, Sia workloads and Lepton's generic CSV, all read into
 * {@link dev.lepton.sim.trace.TraceJob}s. A malformed file is rejected with its name, line and field.
 */
package dev.lepton.sim.trace;
