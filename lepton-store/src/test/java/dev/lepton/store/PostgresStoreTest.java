package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.LeptonException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contracts on PostgreSQL, each test in a schema of its own. Skipped, with a message
 * that says where it looked, when no PostgreSQL is reachable.
 */
class PostgresStoreTest {

    @Nested
    class Jobs extends JobRepositoryContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class GroupCommit extends GroupCommitContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class Users extends UserRepositoryContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class Logs extends LogsContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class AuditChain extends AuditChainContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class NodesAndQueues extends NodeAndQueueContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class AttemptUsageLedger extends UsageContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    /** PostgreSQL only: a statement stuck behind a lock held elsewhere is cut off, and the writer goes on. */
    @Nested
    class StatementTimeout {
        @Test
        void a_write_stuck_behind_another_sessions_lock_fails_within_the_timeout_and_the_next_write_succeeds() throws Exception {
            try (PostgresTestDatabase database = PostgresTestDatabase.create();
                 Store store = Store.open(database.config().withStatementTimeout(Duration.ofSeconds(1)));
                 Connection other = DriverManager.getConnection(database.config().url())) {
                other.setAutoCommit(false);
                try (Statement lock = other.createStatement()) {
                    lock.execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");
                }

                long started = System.nanoTime();
                assertThatThrownBy(() -> store.write(tx -> tx.jobs().insert(StoreTestJobs.job("ml", "stuck").build())))
                        .isInstanceOf(LeptonException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cut off, not left waiting").isLessThan(Duration.ofSeconds(20));
                other.rollback();

                assertThat(store.write(tx -> tx.jobs().insert(StoreTestJobs.job("ml", "after").build())).name()).isEqualTo("after");
            }
        }
    }

    @Nested
    class Energy extends EnergyLedgerContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }

    @Nested
    class Deployments extends DeploymentContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }
}
