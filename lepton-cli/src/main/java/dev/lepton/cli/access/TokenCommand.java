package dev.lepton.cli.access;

import picocli.CommandLine.Command;

/** {@code lepton token}: a group only. */
@Command(name = "token", description = "Show, create, list and revoke API tokens.")
public final class TokenCommand {}
