package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedStatementsTest {
    private final Set<PreparedStatement> executed = Collections.newSetFromMap(new IdentityHashMap<>());
    private Handle handle;

    @BeforeEach
    void open() throws SQLException {
        handle = Jdbi.open(DriverManager.getConnection("jdbc:sqlite::memory:")).setStatementBuilder(new CachedStatements());
        handle.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext context) {
                executed.add(statement);
            }
        });
        handle.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
        executed.clear();
    }

    @AfterEach
    void close() {
        handle.close();
    }

    @Test
    void a_statement_with_named_parameters_is_prepared_once_and_reused_open() {
        for (int i = 0; i < 5; i++) {
            handle.createUpdate("INSERT INTO t (k, v) VALUES (:k, :v)").bind("k", "key" + i).bind("v", i).execute();
        }

        assertThat(executed).hasSize(1);
        assertThat(executed).allSatisfy(statement -> assertThat(isClosed(statement)).isFalse());
    }

    @Test
    void a_reused_query_answers_with_this_time_s_parameters() {
        handle.createUpdate("INSERT INTO t (k, v) VALUES ('a', 1), ('b', 2)").execute();

        int a = handle.createQuery("SELECT v FROM t WHERE k = :k").bind("k", "a").mapTo(Integer.class).one();
        int b = handle.createQuery("SELECT v FROM t WHERE k = :k").bind("k", "b").mapTo(Integer.class).one();

        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(2);
        assertThat(executed).as("the INSERT and the one SELECT, each prepared once").hasSize(2);
    }

    @Test
    void a_statement_pushed_out_of_the_cache_is_closed_and_prepared_again_when_next_used() {
        String first = "SELECT :x + 0";
        handle.createQuery(first).bind("x", 1).mapTo(Integer.class).one();
        PreparedStatement evicted = executed.iterator().next();
        for (int i = 1; i <= CachedStatements.CAPACITY; i++) {
            handle.createQuery("SELECT :x + " + i).bind("x", 1).mapTo(Integer.class).one();
        }

        assertThat(isClosed(evicted)).isTrue();
        assertThat(handle.createQuery(first).bind("x", 7).mapTo(Integer.class).one()).isEqualTo(7);
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
