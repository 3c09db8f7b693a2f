package dev.lepton.cli.access;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Roles per project as one cell: {@code default=admin,ml=viewer}; {@code *} means every project. */
final class Roles {
    private Roles() {}

    static String text(Map<String, String> roles) {
        if (roles == null || roles.isEmpty()) {
            return null;
        }
        return new TreeMap<>(roles).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
