package dev.lepton.cli.job;

import picocli.CommandLine.Command;

/** {@code lepton job}: a group only; without a subcommand picocli reports what is missing. */
@Command(name = "job", description = "Run and inspect jobs.")
public final class JobCommand {}
