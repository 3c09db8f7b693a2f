package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Role;
import java.time.Instant;
import java.util.Map;

/** A user, their role in each project they may use, and whether an admin disabled them (their tokens then fail). */
public record UserRecord(String name, Instant createdAt, Map<String, Role> roles, boolean disabled) {
    public UserRecord {
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
        roles = Map.copyOf(roles);
    }
}
