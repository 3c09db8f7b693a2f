/**
 * What workers use: the latest samples of running workers, kept in memory and served by the API
 * and {@code /metrics}, never written as job state; the usage ledger they reach at a coarse
 * interval; and the usage history summed from it ({@code GET /api/v1/usage}).
 */
package dev.lepton.server.usage;
