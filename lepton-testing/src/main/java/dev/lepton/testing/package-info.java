/**
 * Hand-written fakes and fluent builders for tests of the core and the server: a settable clock,
 * an in-memory executor, and builders of jobs, nodes and cluster snapshots. No mocking library.
 */
package dev.lepton.testing;
