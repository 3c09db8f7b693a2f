/**
 * What running workers use: the latest samples, kept in memory and served by the API and
 * {@code /metrics}, never written as job state.
 */
package dev.lepton.server.usage;
