package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contracts on SQLite, each test on a new file. */
class SqliteStoreTest {

    @Nested
    class Jobs extends JobRepositoryContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class GroupCommit extends GroupCommitContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }

        @Test
        void the_database_file_is_created_with_its_directory_in_wal_mode() throws IOException {
            Path file = Path.of(database.config().url().substring("jdbc:sqlite:".length()));

            byte[] header = Files.readAllBytes(file);
            // Bytes 18 and 19 of a SQLite file are its write and read format versions: 2 means WAL.
            assertThat(header[18]).isEqualTo((byte) 2);
            assertThat(header[19]).isEqualTo((byte) 2);
        }
    }

    @Nested
    class Users extends UserRepositoryContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class Logs extends LogsContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class AuditChain extends AuditChainContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class NodesAndQueues extends NodeAndQueueContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class AttemptUsageLedger extends UsageContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class Energy extends EnergyLedgerContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }

    @Nested
    class Deployments extends DeploymentContract {
        @Override
        protected TestDatabase newDatabase() {
            return SqliteTestDatabase.create();
        }
    }
}
