package dev.lepton.store;

import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything that differs between SQLite and PostgreSQL, in one place. The schema is one set of
 * portable migrations; the few words that cannot be portable are Flyway placeholders filled here.
 */
enum Dialect {
    SQLITE("sqlite", "jdbc:sqlite:", "INTEGER PRIMARY KEY AUTOINCREMENT"),
    POSTGRESQL("postgresql", "jdbc:postgresql:", "BIGSERIAL PRIMARY KEY");

    private static final String PG_UNIQUE_VIOLATION = "23505";

    private final String id;
    private final String urlPrefix;
    private final String autoIncrementKey;

    Dialect(String id, String urlPrefix, String autoIncrementKey) {
        this.id = id;
        this.urlPrefix = urlPrefix;
        this.autoIncrementKey = autoIncrementKey;
    }

    static Dialect of(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("url: expected jdbc:sqlite:… or jdbc:postgresql://…, got '" + jdbcUrl + "'");
    }

    String id() {
        return id;
    }

    /** The values of {@code ${…}} placeholders in {@code db/migration}. */
    Map<String, String> migrationPlaceholders() {
        return Map.of("autoIncrementKey", autoIncrementKey);
    }

    boolean isUniqueViolation(SQLException e) {
        return switch (this) {
            case SQLITE -> e instanceof SQLiteException s && isSqliteUnique(s);
            case POSTGRESQL -> PG_UNIQUE_VIOLATION.equals(e.getSQLState());
        };
    }

    /** A lost or refused connection: the database may come back, so callers may retry. */
    boolean isConnectionFailure(SQLException e) {
        return switch (this) {
            case SQLITE -> false;
            case POSTGRESQL -> e.getSQLState() != null && e.getSQLState().startsWith("08");
        };
    }

    private static boolean isSqliteUnique(SQLiteException e) {
        // getErrorCode() holds only the primary code (CONSTRAINT); the extended code tells UNIQUE from CHECK or NOT NULL.
        return e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
    }
}
