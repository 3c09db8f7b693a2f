package dev.lepton.cli.cluster;

import picocli.CommandLine.Command;

/** {@code lepton queue}: a group only. */
@Command(name = "queue", description = "Inspect and delete the queues jobs wait in.", subcommands = {QueueListCommand.class, QueueDeleteCommand.class})
public final class QueueCommand {}
