/**
 * Persistence of Lepton's state in SQLite or PostgreSQL: one portable schema, repositories bound to
 * a transaction ({@link dev.lepton.store.Tx}), and a single writer that group-commits concurrent writes.
 */
package dev.lepton.store;
