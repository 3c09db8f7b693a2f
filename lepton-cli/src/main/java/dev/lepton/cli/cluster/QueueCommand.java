package dev.lepton.cli.cluster;

import picocli.CommandLine.Command;

/** {@code lepton queue}: a group only. */
@Command(name = "queue", description = "Inspect and delete the queues jobs wait in.")
public final class QueueCommand {}
