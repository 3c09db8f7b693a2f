package dev.lepton.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A schema of its own ({@code lepton_test_<random>}) in the PostgreSQL that tests may use:
 * {@code LEPTON_TEST_POSTGRES_URL} if set, else a local server with trust authentication.
 * Concurrent runs never see each other's tables; the schema is dropped afterwards.
 */
final class PostgresTestDatabase implements TestDatabase {
    static final String URL_VARIABLE = "LEPTON_TEST_POSTGRES_URL";
    private static final List<String> LOCAL_URLS = List.of(
            "jdbc:postgresql://localhost:5432/test?user=postgres",
            "jdbc:postgresql://localhost:5432/test?user=root");
    private static final Optional<String> SERVER_URL = findServer();

    private final String serverUrl;
    private final String schema;

    private PostgresTestDatabase(String serverUrl, String schema) {
        this.serverUrl = serverUrl;
        this.schema = schema;
    }

    static boolean reachable() {
        return SERVER_URL.isPresent();
    }

    static String skipMessage() {
        String tried = System.getenv(URL_VARIABLE) != null ? System.getenv(URL_VARIABLE) : String.join(" and ", LOCAL_URLS);
        return "PostgreSQL not reachable at " + tried + "; skipping the PostgreSQL store tests (set " + URL_VARIABLE + " to run them)";
    }

    static PostgresTestDatabase create() {
        // Per test rather than per class, so that the report counts every PostgreSQL test as skipped.
        assumeTrue(reachable(), PostgresTestDatabase::skipMessage);
        String url = SERVER_URL.orElseThrow();
        String schema = "lepton_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute(url, "CREATE SCHEMA " + schema);
        return new PostgresTestDatabase(url, schema);
    }

    @Override
    public StoreConfig config() {
        return StoreConfig.of(serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @Override
    public void close() {
        execute(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
    }

    private static Optional<String> findServer() {
        String configured = System.getenv(URL_VARIABLE);
        List<String> candidates = configured != null && !configured.isBlank() ? List.of(configured) : LOCAL_URLS;
        DriverManager.setLoginTimeout(3);
        for (String url : candidates) {
            try (Connection connection = DriverManager.getConnection(url)) {
                if (connection.isValid(3)) {
                    return Optional.of(url);
                }
            } catch (SQLException e) {
                System.err.println("PostgreSQL at " + url + " refused: " + e.getMessage());
            }
        }
        System.err.println(skipMessage());
        return Optional.empty();
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url, e);
        }
    }
}
