package dev.lepton.cli.audit;

import picocli.CommandLine.Command;

/** {@code lepton audit}: a group only. */
@Command(name = "audit", description = "Read the audit log and verify that it was not altered (admin in every project).")
public final class AuditCommand {}
