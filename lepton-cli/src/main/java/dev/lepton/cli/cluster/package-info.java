/** {@code lepton node …} and {@code lepton queue …}: what the cluster offers and what waits for it. */
package dev.lepton.cli.cluster;
