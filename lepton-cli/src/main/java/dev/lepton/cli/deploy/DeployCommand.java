package dev.lepton.cli.deploy;

import picocli.CommandLine.Command;

/** {@code lepton deploy}: a group only; without a subcommand picocli reports what is missing. */
@Command(name = "deploy", description = "Serve models and commands as replicas behind one endpoint.")
public final class DeployCommand {}
