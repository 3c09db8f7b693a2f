package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the store keeps its state. {@code url} is a JDBC URL ({@code jdbc:sqlite:…} or
 * {@code jdbc:postgresql://…}); {@code user} and {@code password} may be empty when the URL
 * carries them (PostgreSQL) or none is needed (SQLite). {@code readPoolSize} bounds the
 * connections that serve {@link Store#read}; writes always use one dedicated connection.
 */
public record StoreConfig(String url, String user, String password, int readPoolSize) {
    /** Enough concurrent readers for a small server; SQLite in WAL mode serves them in parallel. */
    public static final int DEFAULT_READ_POOL_SIZE = 4;

    public StoreConfig {
        requireNonNull(url, "url is null");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        Dialect.of(url);
        if (readPoolSize < 1) {
            throw new IllegalArgumentException("readPoolSize must be >= 1, got " + readPoolSize);
        }
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
        return "StoreConfig[url=" + safeUrl + ", user=" + user + ", readPoolSize=" + readPoolSize + "]";
    }
}
