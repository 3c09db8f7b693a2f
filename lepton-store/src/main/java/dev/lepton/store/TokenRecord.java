package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user's API token as the store knows it: {@code id} is the start of its SHA-256, enough to
 * name it for revocation and useless to authenticate with.
 */
public record TokenRecord(String id, String user, Instant createdAt) {
    public static final int ID_LENGTH = 12;

    public TokenRecord {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
