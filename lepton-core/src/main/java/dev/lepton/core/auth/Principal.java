package dev.lepton.core.auth;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * An authenticated user and their roles by project; the project {@code *} grants its role in
 * every project (the first admin has it).
 */
public record Principal(String user, Map<String, Role> roles) {
    public static final String ALL_PROJECTS = "*";

    public Principal {
        requireNonNull(user, "user is null");
        roles = Map.copyOf(roles);
    }

    public Optional<Role> roleIn(String project) {
        Role own = roles.get(project);
        Role all = roles.get(ALL_PROJECTS);
        if (own == null) {
            return Optional.ofNullable(all);
        }
        return Optional.of(all != null && all.includes(own) ? all : own);
    }

    public boolean may(Role needed, String project) {
        return roleIn(project).map(r -> r.includes(needed)).orElse(false);
    }

    /** Cluster-wide operations (nodes, queues, users) need the role in every project. */
    public boolean mayEverywhere(Role needed) {
        Role all = roles.get(ALL_PROJECTS);
        return all != null && all.includes(needed);
    }
}
