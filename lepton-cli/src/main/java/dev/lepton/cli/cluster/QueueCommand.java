package dev.lepton.cli.cluster;

import picocli.CommandLine.Command;

/** {@code lepton queue}: a group only. */
@Command(name = "queue", description = "Inspect the queues jobs wait in.", subcommands = QueueListCommand.class)
public final class QueueCommand {}
