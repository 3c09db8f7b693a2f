package dev.lepton.cli.access;

import picocli.CommandLine.Command;

/** {@code lepton user}: a group only. */
@Command(name = "user", description = "Manage users and their tokens.")
public final class UserCommand {}
