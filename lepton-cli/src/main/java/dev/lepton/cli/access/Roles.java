package dev.lepton.cli.access;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Roles per project as one cell: {@code default=admin,ml=viewer}; {@code *} means every project. */
final class Roles {
    private Roles() {}

    /** As {@link #text}, or {@code none}. */
    static String textOrNone(Map<String, String> roles) {
        String text = text(roles);
        return text == null ? "none" : text;
    }

    private static final List<String> ORDER = List.of("viewer", "editor", "admin");

    /** {@code every project (viewer), vision (admin)}: where one has a role, for people; {@code none} when nowhere. */
    static String projects(Map<String, String> roles) {
        if (roles == null || roles.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(roles).entrySet().stream()
                .map(e -> (e.getKey().equals("*") ? "every project" : e.getKey()) + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    /** The role that holds in {@code project}: its own, or the one in every project ({@code *}) when that is higher. */
    static Optional<String> effective(Map<String, String> roles, String project) {
        if (roles == null) {
            return Optional.empty();
        }
        return Stream.of(roles.get(project), roles.get("*")).filter(Objects::nonNull).max(Comparator.comparingInt(ORDER::indexOf));
    }

    /** A project as people read it: {@code *} is every project. */
    static String project(String project) {
        return project.equals("*") ? "every project (*)" : "project " + project;
    }

    static String text(Map<String, String> roles) {
        if (roles == null || roles.isEmpty()) {
            return null;
        }
        return new TreeMap<>(roles).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
