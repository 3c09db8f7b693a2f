package dev.lepton.client;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which audit entries {@link LeptonClient#audit} asks for: by {@code actor}, about {@code project},
 * of {@code action}, at or after {@code since} and before {@code until} (ISO-8601 instants, as
 * typed: the server checks them); each empty for any.
 */
public record AuditFilter(Optional<String> actor, Optional<String> project, Optional<String> action, Optional<String> since,
                          Optional<String> until) {
    public AuditFilter {
        requireNonNull(actor, "actor is null");
        requireNonNull(project, "project is null");
        requireNonNull(action, "action is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
    }

    public static AuditFilter none() {
        return new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
