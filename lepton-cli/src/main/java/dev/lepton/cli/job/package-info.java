/** {@code lepton job …}: run, list, inspect, follow, wait for and cancel jobs. */
package dev.lepton.cli.job;
