/**
 * What running workers use: the latest samples, kept in memory and served by the API and
 * {@code /metrics}, never written as job state; the usage ledger they reach at a coarse interval.
 */
package dev.lepton.server.usage;
