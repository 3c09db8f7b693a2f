package dev.lepton.core.auth;

import java.util.Locale;

/** A role in a project. Each includes the ones before it: an editor may view, an admin may edit. */
public enum Role {
    VIEWER,
    EDITOR,
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; use admin, editor or viewer");
    }
}
