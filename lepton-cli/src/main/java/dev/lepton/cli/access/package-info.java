/** {@code lepton token …}, {@code lepton user …} and {@code lepton whoami}: who the CLI speaks as. */
package dev.lepton.cli.access;
