package dev.lepton.cli.access;

import picocli.CommandLine.Command;

/** {@code lepton user}: a group only. */
@Command(name = "user", description = "Create, list and administer users: roles, disabling, deleting.")
public final class UserCommand {}
