package dev.lepton.store;

import org.junit.jupiter.api.Nested;

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
    class NodesAndQueues extends NodeAndQueueContract {
        @Override
        protected TestDatabase newDatabase() {
            return PostgresTestDatabase.create();
        }
    }
}
