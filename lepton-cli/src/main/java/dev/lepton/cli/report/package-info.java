/** {@code lepton report}: what workloads cost in energy, carbon and money, from the server's energy ledger. */
package dev.lepton.cli.report;
