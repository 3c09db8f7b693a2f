package dev.lepton.api.v1;

import java.time.Instant;
import java.util.Map;

/**
 * A user and their roles per project ({@code admin}, {@code editor}, {@code viewer}); project
 * {@code *} means every project. {@code token} is present only in the answer that created it;
 * {@code disabled} is true for a user an admin disabled (no token of theirs works until enabled).
 */
public record ApiUser(String name, Map<String, String> roles, Instant createdAt, String token, Boolean disabled) {
    public ApiUser(String name, Map<String, String> roles, Instant createdAt, String token) {
        this(name, roles, createdAt, token, null);
    }
}
