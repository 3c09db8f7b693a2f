package dev.lepton.cli.report;

import picocli.CommandLine.Command;

/** {@code lepton report}: a group only. */
@Command(name = "report", description = "What workloads cost in energy, carbon and money, by job, queue, project, user, node or day.")
public final class ReportCommand {}
