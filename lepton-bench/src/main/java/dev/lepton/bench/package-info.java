/** Benchmarks that drive a running Lepton server as clients do; results go to docs/benchmarks.md. */
package dev.lepton.bench;
