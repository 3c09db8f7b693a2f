package dev.lepton.cli.access;

import picocli.CommandLine.Command;

/** {@code lepton token}: a group only. */
@Command(name = "token", description = "Show, create, list and revoke API tokens.",
        subcommands = {TokenShowCommand.class, TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
public final class TokenCommand {}
