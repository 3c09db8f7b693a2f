package dev.lepton.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the store's connections: the single writer connection, the reader pool, and the one-off
 * connection Flyway migrates with. SQLite needs its pragmas on every connection, because they are
 * per connection (only {@code journal_mode=WAL} persists in the file).
 */
final class Connections {
    /** How long a SQLite connection waits for a lock (another process, a checkpoint) before SQLITE_BUSY. */
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    private final StoreConfig config;
    private final Dialect dialect;

    Connections(StoreConfig config) {
        this.config = config;
        this.dialect = Dialect.of(config.url());
    }

    Dialect dialect() {
        return dialect;
    }

    /** How long a writer's caller waits for its answer. */
    java.time.Duration writeWait() {
        return config.writeWait();
    }

    /** Creates the SQLite file's directory; PostgreSQL needs nothing on this machine. */
    void prepareLocation() {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        Path parent = sqliteFile().toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, "cannot create store directory '" + parent + "': " + e.getMessage(), e);
        }
    }

    void migrate() {
        Flyway.configure()
                .dataSource(config.url(), nullIfEmpty(config.user()), nullIfEmpty(config.password()))
                .locations("classpath:db/migration")
                .placeholders(dialect.migrationPlaceholders())
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** The connection only the writer thread uses; it commits explicitly, once per batch. */
    Connection openWriter() throws SQLException {
        Connection connection = switch (dialect) {
            case SQLITE -> sqliteConfig(false).createConnection(config.url());
            case POSTGRESQL -> DriverManager.getConnection(config.url(), credentials());
        };
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(statementTimeout());
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * Readers share a small pool. A pooled reader keeps SQLite's page cache and parsed schema warm
     * and bounds how many reads run at once; WAL lets them all read beside the writer.
     */
    HikariDataSource openReaderPool() {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("lepton-store-readers");
        hikari.setMaximumPoolSize(config.readPoolSize());
        // Hikari sets the flag on every connection it hands out; SQLite's must match its open mode.
        hikari.setReadOnly(true);
        switch (dialect) {
            case SQLITE -> hikari.setDataSource(sqliteReaderDataSource());
            case POSTGRESQL -> {
                hikari.setJdbcUrl(config.url());
                hikari.setUsername(nullIfEmpty(config.user()));
                hikari.setPassword(nullIfEmpty(config.password()));
                // A read sees one snapshot for all its statements, as SQLite's read transactions do.
                hikari.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
                hikari.setConnectionInitSql(statementTimeout());
            }
        }
        return new HikariDataSource(hikari);
    }

    /** PostgreSQL's bound on one statement of this session (a session setting, so it lasts the connection's life). */
    private String statementTimeout() {
        return "SET statement_timeout = " + config.statementTimeout().toMillis();
    }

    private SQLiteDataSource sqliteReaderDataSource() {
        SQLiteDataSource dataSource = new SQLiteDataSource(sqliteConfig(true));
        dataSource.setUrl(config.url());
        return dataSource;
    }

    private static SQLiteConfig sqliteConfig(boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        if (readOnly) {
            // journal_mode is persistent and set by the writer; a read-only connection may not set it.
            sqlite.setReadOnly(true);
        } else {
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: the WAL is fsynced on every commit, so an acknowledged write survives power loss.
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        }
        return sqlite;
    }

    private Properties credentials() {
        Properties properties = new Properties();
        if (!config.user().isEmpty()) {
            properties.setProperty("user", config.user());
        }
        if (!config.password().isEmpty()) {
            properties.setProperty("password", config.password());
        }
        return properties;
    }

    private Path sqliteFile() {
        String path = config.url().substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        return Path.of(query < 0 ? path : path.substring(0, query));
    }

    private static String nullIfEmpty(String text) {
        return text.isEmpty() ? null : text;
    }
}
