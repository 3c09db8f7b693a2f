package dev.lepton.store;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns what a unit of work threw into what its caller sees: a {@link LeptonException} passes
 * unchanged; a SQL failure becomes one with a code (a duplicate key is a conflict, a lost
 * PostgreSQL connection is "try again", anything else is a bug).
 */
final class SqlFailures {
    private final Dialect dialect;

    SqlFailures(Dialect dialect) {
        this.dialect = dialect;
    }

    RuntimeException translate(Exception failure) {
        if (failure instanceof LeptonException lepton) {
            return lepton;
        }
        Optional<SQLException> sql = sqlCause(failure);
        if (sql.isPresent()) {
            return translateSql(sql.get(), failure);
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new LeptonException(ErrorCode.INTERNAL, "store work failed: " + failure, failure);
    }

    private LeptonException translateSql(SQLException sql, Throwable failure) {
        if (dialect.isUniqueViolation(sql)) {
            return new LeptonException(ErrorCode.ALREADY_EXISTS, "already exists: " + sql.getMessage(), failure);
        }
        if (dialect.isConnectionFailure(sql)) {
            return new LeptonException(ErrorCode.UNAVAILABLE, "database unavailable: " + sql.getMessage(), failure);
        }
        return new LeptonException(ErrorCode.INTERNAL, "database error: " + sql.getMessage(), failure);
    }

    boolean isConnectionFailure(Throwable failure) {
        return sqlCause(failure).map(dialect::isConnectionFailure).orElse(false);
    }

    private static Optional<SQLException> sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
