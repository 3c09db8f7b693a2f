/**
 * Hand-written fakes and fluent builders for tests of the core and the server: a settable clock,
 * an in-memory executor, a stand-in {@code nvidia-smi}, and builders of jobs, nodes and cluster
 * snapshots. No mocking library.
 */
package dev.lepton.testing;
