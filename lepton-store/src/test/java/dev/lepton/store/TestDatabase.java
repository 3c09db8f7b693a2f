package dev.lepton.store;

/** A database that exists for one test: {@link #config()} points at it, {@link #close()} removes it. */
interface TestDatabase extends AutoCloseable {
    StoreConfig config();

    @Override
    void close();
}
