package dev.lepton.cli.cluster;

import picocli.CommandLine.Command;

/** {@code lepton node}: a group only. */
@Command(name = "node", description = "Inspect the machines that run workloads; cordon, drain and uncordon them.")
public final class NodeCommand {}
