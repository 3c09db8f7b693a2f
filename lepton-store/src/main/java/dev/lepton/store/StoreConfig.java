package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the store keeps its state. {@code url} is a JDBC URL ({@code jdbc:sqlite:…} or
 * {@code jdbc:postgresql://…}); {@code user} and {@code password} may be empty when the URL
 * carries them (PostgreSQL) or none is needed (SQLite). {@code readPoolSize} bounds the
 * connections that serve {@link Store#read}; writes always use one dedicated connection.
 * {@code statementTimeout} bounds one statement on PostgreSQL (a lock held elsewhere, a runaway
 * query), so that the single writer is never stuck behind it; SQLite's waits are bounded by its busy
 * timeout. A caller of {@link Store#write} waits at most twice that for its answer.
 */
public record StoreConfig(String url, String user, String password, int readPoolSize, Duration statementTimeout) {
    /** Enough concurrent readers for a small server; SQLite in WAL mode serves them in parallel. */
    public static final int DEFAULT_READ_POOL_SIZE = 4;
    /** Far above any statement Lepton runs (milliseconds), far below a caller's patience. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    public StoreConfig {
        requireNonNull(url, "url is null");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        Dialect.of(url);
        if (readPoolSize < 1) {
            throw new IllegalArgumentException("readPoolSize must be >= 1, got " + readPoolSize);
        }
        requireNonNull(statementTimeout, "statementTimeout is null");
        if (!statementTimeout.isPositive()) {
            throw new IllegalArgumentException("statementTimeout must be positive, got " + statementTimeout);
        }
    }

    public StoreConfig(String url, String user, String password, int readPoolSize) {
        this(url, user, password, readPoolSize, DEFAULT_STATEMENT_TIMEOUT);
    }

    public StoreConfig withStatementTimeout(Duration value) {
        return new StoreConfig(url, user, password, readPoolSize, value);
    }

    /** How long a caller of {@link Store#write} waits for the writer's answer before giving up on it. */
    Duration writeWait() {
        return statementTimeout.multipliedBy(2);
    }

    /** A SQLite database in {@code file}; its parent directories are created on {@link Store#open}. */
    public static StoreConfig sqlite(Path file) {
        return new StoreConfig("jdbc:sqlite:" + file.toAbsolutePath(), "", "", DEFAULT_READ_POOL_SIZE);
    }

    /** SQLite or PostgreSQL, chosen by the URL's prefix; PostgreSQL URLs may embed {@code user=…&password=…}. */
    public static StoreConfig of(String jdbcUrl) {
        return new StoreConfig(jdbcUrl, "", "", DEFAULT_READ_POOL_SIZE);
    }

    /** The database's name as {@link Store#dialect()} reports it: {@code sqlite} or {@code postgresql}. */
    public String dialect() {
        return Dialect.of(url).id();
    }

    @Override
    public String toString() {
        // Config ends up in logs; a password, given apart or inside the URL, must not.
        String safeUrl = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        return "StoreConfig[url=" + safeUrl + ", user=" + user + ", readPoolSize=" + readPoolSize + ", statementTimeout="
                + statementTimeout + "]";
    }
}
