package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Users, their role in each project, and the hashes of their API tokens. A disabled user keeps
 * their roles and tokens, but no token of theirs authenticates until they are enabled again.
 */
public final class UserRepository {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{" + TokenRecord.ID_LENGTH + "}");

    private final Handle handle;

    UserRepository(Handle handle) {
        this.handle = handle;
    }

    public void createUser(String name, Instant at) {
        requireNonNull(name, "name is null");
        requireNonNull(at, "at is null");
        int inserted = handle.createUpdate("INSERT INTO users (name, created_at) VALUES (:name, :at) ON CONFLICT (name) DO NOTHING")
                .bind("name", name)
                .bind("at", at.toEpochMilli())
                .execute();
        if (inserted == 0) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "user '" + name + "' already exists");
        }
    }

    public boolean exists(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM users WHERE name = :name")
                .bind("name", name)
                .mapTo(Integer.class)
                .one() > 0;
    }

    /** Gives {@code user} {@code role} in {@code project}, replacing the role they had there. */
    public void bindRole(String user, String project, Role role) {
        requireNonNull(project, "project is null");
        requireNonNull(role, "role is null");
        requireUser(user);
        handle.createUpdate("""
                        INSERT INTO role_bindings (user_name, project, role) VALUES (:user, :project, :role)
                        ON CONFLICT (user_name, project) DO UPDATE SET role = excluded.role""")
                .bind("user", user)
                .bind("project", project)
                .bind("role", role.name())
                .execute();
    }

    /** Takes away the user's role in {@code project}; false when they had none there. */
    public boolean removeRole(String user, String project) {
        requireNonNull(project, "project is null");
        requireUser(user);
        return handle.createUpdate("DELETE FROM role_bindings WHERE user_name = :user AND project = :project")
                .bind("user", user)
                .bind("project", project)
                .execute() > 0;
    }

    /** Disables or enables the user; false when they already were. */
    public boolean setDisabled(String user, boolean disabled) {
        requireUser(user);
        return handle.createUpdate("UPDATE users SET disabled = :disabled WHERE name = :user AND disabled <> :disabled")
                .bind("user", user)
                .bind("disabled", disabled)
                .execute() > 0;
    }

    /** Deletes the user with their roles and tokens; false when there was no such user. What they did (jobs, events, audit) stays. */
    public boolean deleteUser(String user) {
        requireNonNull(user, "user is null");
        handle.createUpdate("DELETE FROM api_tokens WHERE user_name = :user").bind("user", user).execute();
        handle.createUpdate("DELETE FROM role_bindings WHERE user_name = :user").bind("user", user).execute();
        return handle.createUpdate("DELETE FROM users WHERE name = :user").bind("user", user).execute() > 0;
    }

    /** The enabled users who hold {@code role} in every project ({@code *}), by name. */
    public List<String> enabledWithRoleEverywhere(Role role) {
        requireNonNull(role, "role is null");
        return handle.createQuery("""
                        SELECT u.name FROM users u JOIN role_bindings b ON b.user_name = u.name
                        WHERE b.project = '*' AND b.role = :role AND NOT u.disabled ORDER BY u.name""")
                .bind("role", role.name())
                .mapTo(String.class)
                .list();
    }

    /** The user's role in each project, by project name. */
    public Map<String, Role> roles(String user) {
        Map<String, Role> roles = new LinkedHashMap<>();
        handle.createQuery("SELECT project, role FROM role_bindings WHERE user_name = :user ORDER BY project")
                .bind("user", user)
                .map((row, context) -> Map.entry(row.getString("project"), Role.valueOf(row.getString("role"))))
                .forEach(entry -> roles.put(entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(roles);
    }

    /** Records a token by its SHA-256 hex digest; the caller hashes, so a token never reaches the store. */
    public void addToken(String user, String tokenHash, Instant at) {
        requireNonNull(at, "at is null");
        if (tokenHash == null || !SHA256_HEX.matcher(tokenHash).matches()) {
            throw new IllegalArgumentException("tokenHash must be a lower-case SHA-256 hex digest (64 characters)");
        }
        requireUser(user);
        handle.createUpdate("INSERT INTO api_tokens (token_hash, user_name, created_at) VALUES (:hash, :user, :at)")
                .bind("hash", tokenHash)
                .bind("user", user)
                .bind("at", at.toEpochMilli())
                .execute();
    }

    /** The enabled user the token belongs to; empty for an unknown token or one of a disabled user. */
    public Optional<String> userForTokenHash(String tokenHash) {
        return handle.createQuery("""
                        SELECT t.user_name FROM api_tokens t JOIN users u ON u.name = t.user_name
                        WHERE t.token_hash = :hash AND NOT u.disabled""")
                .bind("hash", tokenHash)
                .mapTo(String.class)
                .findOne();
    }

    /** Whoever holds the token, enabled or disabled: to tell a disabled user why their token fails. */
    public Optional<String> holderOfTokenHash(String tokenHash) {
        return handle.createQuery("SELECT user_name FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .mapTo(String.class)
                .findOne();
    }

    /** A user's tokens, oldest first, each named by the start of its hash (never the token). */
    public List<TokenRecord> tokens(String user) {
        return handle.createQuery("SELECT token_hash, user_name, created_at FROM api_tokens WHERE user_name = :user ORDER BY created_at, token_hash")
                .bind("user", user)
                .map((row, context) -> token(row))
                .list();
    }

    /** Every user's tokens, by user, oldest first. */
    public List<TokenRecord> allTokens() {
        return handle.createQuery("SELECT token_hash, user_name, created_at FROM api_tokens ORDER BY user_name, created_at, token_hash")
                .map((row, context) -> token(row))
                .list();
    }

    /** The token whose hash starts with {@code id}, whoever holds it. */
    public Optional<TokenRecord> tokenById(String id) {
        if (id == null || !TOKEN_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return handle.createQuery("SELECT token_hash, user_name, created_at FROM api_tokens WHERE substr(token_hash, 1, :length) = :id")
                .bind("length", TokenRecord.ID_LENGTH)
                .bind("id", id)
                .map((row, context) -> token(row))
                .findFirst();
    }

    private static TokenRecord token(ResultSet row) throws SQLException {
        return new TokenRecord(row.getString("token_hash").substring(0, TokenRecord.ID_LENGTH), row.getString("user_name"),
                Instant.ofEpochMilli(row.getLong("created_at")));
    }

    /** Revokes the user's token whose hash starts with {@code id}; false when the user has no such token. */
    public boolean removeToken(String user, String id) {
        if (id == null || !TOKEN_ID.matcher(id).matches()) {
            return false;
        }
        return handle.createUpdate("DELETE FROM api_tokens WHERE user_name = :user AND substr(token_hash, 1, :length) = :id")
                .bind("user", user)
                .bind("length", TokenRecord.ID_LENGTH)
                .bind("id", id)
                .execute() > 0;
    }

    /** Whether the user is disabled; false for one that does not exist. */
    public boolean isDisabled(String user) {
        return handle.createQuery("SELECT COUNT(*) FROM users WHERE name = :name AND disabled")
                .bind("name", user)
                .mapTo(Integer.class)
                .one() > 0;
    }

    /** One user with their roles. */
    public Optional<UserRecord> find(String name) {
        Optional<Row> found = handle.createQuery("SELECT name, created_at, disabled FROM users WHERE name = :name")
                .bind("name", name)
                .map((row, context) -> new Row(row.getString("name"), Instant.ofEpochMilli(row.getLong("created_at")), row.getBoolean("disabled")))
                .findOne();
        return found.map(user -> new UserRecord(user.name(), user.createdAt(), roles(user.name()), user.disabled()));
    }

    /** All users with their roles, by name. */
    public List<UserRecord> list() {
        Map<String, Row> users = new LinkedHashMap<>();
        handle.createQuery("SELECT name, created_at, disabled FROM users ORDER BY name")
                .map((row, context) -> new Row(row.getString("name"), Instant.ofEpochMilli(row.getLong("created_at")), row.getBoolean("disabled")))
                .forEach(user -> users.put(user.name(), user));
        Map<String, Map<String, Role>> roles = new LinkedHashMap<>();
        handle.createQuery("SELECT user_name, project, role FROM role_bindings ORDER BY user_name, project")
                .map((row, context) -> new Binding(row.getString("user_name"), row.getString("project"), Role.valueOf(row.getString("role"))))
                .forEach(b -> roles.computeIfAbsent(b.user(), u -> new LinkedHashMap<>()).put(b.project(), b.role()));
        return users.values().stream()
                .map(user -> new UserRecord(user.name(), user.createdAt(), roles.getOrDefault(user.name(), Map.of()), user.disabled()))
                .toList();
    }

    private void requireUser(String user) {
        requireNonNull(user, "user is null");
        if (!exists(user)) {
            throw LeptonException.notFound("user", user);
        }
    }

    private record Binding(String user, String project, Role role) {}

    private record Row(String name, Instant createdAt, boolean disabled) {}
}
