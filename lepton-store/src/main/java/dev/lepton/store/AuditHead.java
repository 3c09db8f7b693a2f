package dev.lepton.store;

import static java.util.Objects.requireNonNull;

/**
 * The writer's memory of the audit chain's last row, so that recording a row need not read it
 * back. Only the writer thread touches it. It must never be ahead of or behind the transaction:
 * the writer marks it before each work's savepoint and restores the mark when it rolls that work
 * back, and forgets it when a whole batch fails (the next row then reads the head from the table).
 * A reader's transaction gets one that knows nothing, so it always reads.
 */
final class AuditHead {
    /** The last row of the chain: its seq and hash. */
    record Link(long seq, String hash) {
        static final Link START = new Link(0, AuditHash.GENESIS);

        Link {
            requireNonNull(hash, "hash is null");
        }
    }

    private Link last; // null: unknown, read it from the table

    /** The last row as far as this transaction knows, or null if it must be read. */
    Link last() {
        return last;
    }

    void advance(Link link) {
        last = requireNonNull(link, "link is null");
    }

    /** What to restore if the work about to run is rolled back. */
    Link mark() {
        return last;
    }

    void restore(Link mark) {
        last = mark;
    }

    void forget() {
        last = null;
    }
}
