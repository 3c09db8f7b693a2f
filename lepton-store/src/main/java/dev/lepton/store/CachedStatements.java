package dev.lepton.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the writer connection's prepared statements for reuse. The writer runs the same few
 * statements thousands of times a second, and preparing each anew (SQLite parses and plans it)
 * was a large share of its time. Only the writer thread uses it; the least recently used
 * statement is closed when more than {@link #CAPACITY} are kept.
 *
 * <p>Jdbi asks for a statement by its parsed SQL ({@code ?} placeholders) but hands it back to
 * {@link #close(Connection, String, Statement)} with the SQL as written ({@code :name}), so a kept
 * statement is recognised by identity, never by its SQL.
 */
final class CachedStatements implements StatementBuilder {
    static final int CAPACITY = 64;
    private static final Logger log = LoggerFactory.getLogger(CachedStatements.class);

    private final StatementBuilder fresh = new DefaultStatementBuilder();
    private final Set<Statement> keptStatements = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, PreparedStatement> kept = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > CAPACITY) {
                keptStatements.remove(eldest.getValue());
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return fresh.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (ctx.isReturningGeneratedKeys() || ctx.getGeneratedKeysColumnNames().length > 0) {
            return fresh.create(conn, sql, ctx);
        }
        PreparedStatement statement = kept.get(sql);
        if (statement == null || statement.isClosed()) {
            if (statement != null) {
                keptStatements.remove(statement);
            }
            statement = conn.prepareStatement(sql);
            keptStatements.add(statement);
            kept.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return fresh.createCall(conn, sql, ctx);
    }

    /** A kept statement stays open for the next use; any other is closed. */
    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
        if (!keptStatements.contains(stmt)) {
            stmt.close();
        }
    }

    @Override
    public void close(Connection conn) {
        kept.values().forEach(CachedStatements::closeQuietly);
        kept.clear();
        keptStatements.clear();
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            log.debug("closing a kept statement failed; the connection is going away", e);
        }
    }
}
