package dev.lepton.cli.access;

import picocli.CommandLine.Command;

/** {@code lepton token}: a group only. */
@Command(name = "token", description = "Show the token the CLI uses.", subcommands = TokenShowCommand.class)
public final class TokenCommand {}
