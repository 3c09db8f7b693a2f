package dev.lepton.api.v1;

import java.time.Instant;

/**
 * An API token. {@code id} (the start of its hash) names it for listing and revocation;
 * {@code token} itself is present only in the answer that created it.
 */
public record ApiToken(String id, String user, Instant createdAt, String token) {}
