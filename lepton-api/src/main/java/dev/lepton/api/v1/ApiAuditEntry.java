package dev.lepton.api.v1;

import java.time.Instant;

/**
 * One audited request: who ({@code actor}) asked for what ({@code action}) on which object, and
 * whether it was allowed. {@code hash} chains it to the entry before (SHA-256, hex): a head
 * published earlier must still be found here with the same seq and hash.
 */
public record ApiAuditEntry(long seq, Instant at, String actor, String action, String target, boolean allowed, String detail, String hash) {}
