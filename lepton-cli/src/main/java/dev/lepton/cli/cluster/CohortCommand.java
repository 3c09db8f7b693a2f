package dev.lepton.cli.cluster;

import picocli.CommandLine.Command;

/** {@code lepton cohort}: a group only. */
@Command(name = "cohort", description = "Inspect the cohorts in which queues lend each other quota.")
public final class CohortCommand {}
