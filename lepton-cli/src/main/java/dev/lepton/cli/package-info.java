/**
 * The {@code lepton} command line: the root command with its global options, how the CLI finds
 * its server and token, and how failures become one-line messages and exit codes.
 */
package dev.lepton.cli;
