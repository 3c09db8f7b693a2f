/**
 * What the launcher runs once per build to make the class-data archive that starts CLI commands
 * quickly: the everyday commands against a stand-in server that answers with recorded documents.
 */
package dev.lepton.cli.training;
