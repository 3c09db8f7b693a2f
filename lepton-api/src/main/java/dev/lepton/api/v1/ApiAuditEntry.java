package dev.lepton.api.v1;

import java.time.Instant;

/** One audited request: who ({@code actor}) asked for what ({@code action}) on which object, and whether it was allowed. */
public record ApiAuditEntry(long seq, Instant at, String actor, String action, String target, boolean allowed, String detail) {}
