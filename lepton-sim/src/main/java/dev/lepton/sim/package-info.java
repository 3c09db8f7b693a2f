/**
 * Trace-driven simulation on a virtual clock: traces and cluster files in, per-job results and a
 * summary out. It drives the same scheduling code as the server.
 */
package dev.lepton.sim;
