package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every store contract: each test gets a new, empty, migrated database of the
 * subclass's dialect and an open {@link Store} on it.
 */
abstract class StoreContract {
    protected TestDatabase database;
    protected Store store;

    /** A fresh database; the SQLite and PostgreSQL test classes each supply theirs. */
    protected abstract TestDatabase newDatabase();

    @BeforeEach
    final void openStore() {
        database = newDatabase();
        store = Store.open(database.config());
    }

    @AfterEach
    final void closeStore() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** Closes the store and opens it again on the same database, as a restarted server would. */
    protected final void reopen() {
        store.close();
        store = Store.open(database.config());
    }

    protected static AbstractThrowableAssert<?, ? extends Throwable> assertFailsWith(ErrorCode code, ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(LeptonException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((LeptonException) e).code()).isEqualTo(code));
    }
}
