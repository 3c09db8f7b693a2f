package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.event.AuditEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Who asked for what and whether it was allowed. Record a mutation's entry in the same write as
 * the mutation; a denied request is written on its own. The log is a hash chain: each row holds
 * the hash of its fields and of the row before it ({@link AuditHash}), so {@link #verify} finds
 * the first row edited or the first link broken by a deleted row.
 */
public final class AuditLog {
    private static final String COLUMNS = "seq, at, actor, action, target, allowed, detail";
    /** Rows {@link #verify} asks PostgreSQL for at a time, so that a long log streams instead of filling memory. */
    private static final int VERIFY_FETCH_SIZE = 1_000;

    private final Handle handle;
    private final AuditHead head;

    AuditLog(Handle handle, AuditHead head) {
        this.handle = handle;
        this.head = head;
    }

    /**
     * Appends an entry linked to the last one, as the seq after it. Reading the last row and
     * appending after it cannot race: every write runs on the store's one writer thread
     * ({@link GroupCommitWriter}), in its transaction, and the writer remembers the head between
     * writes ({@link AuditHead}).
     */
    public AuditEntry record(Instant at, String actor, String action, String target, boolean allowed, String detail) {
        AuditEntry unsaved = new AuditEntry(0, Instant.ofEpochMilli(requireNonNull(at, "at is null").toEpochMilli()), actor, action, target, allowed, detail);
        AuditHead.Link previous = head.last() != null ? head.last() : readHead();
        // The seq is part of the hash, so the writer gives it rather than the table: the one writer
        // appends after the head it knows, and one statement stores the row with its hash.
        long seq = previous.seq() + 1;
        String hash = AuditHash.of(seq, unsaved.at().toEpochMilli(), actor, action, target, allowed, detail, previous.hash());
        handle.createUpdate("""
                        INSERT INTO audit_log (seq, at, actor, action, target, allowed, detail, prev_hash, hash)
                        VALUES (:seq, :at, :actor, :action, :target, :allowed, :detail, :prevHash, :hash)""")
                .bind("seq", seq)
                .bind("at", unsaved.at().toEpochMilli())
                .bind("actor", actor)
                .bind("action", action)
                .bind("target", target)
                .bind("allowed", allowed)
                .bind("detail", detail)
                .bind("prevHash", previous.hash())
                .bind("hash", hash)
                .execute();
        head.advance(new AuditHead.Link(seq, hash));
        return new AuditEntry(seq, unsaved.at(), actor, action, target, allowed, detail);
    }

    /** Entries after {@code afterSeq}, oldest first. */
    public List<AuditEntry> list(long afterSeq, int limit) {
        return list(AuditQuery.all(EventLog.positive(limit)).after(afterSeq));
    }

    /** The entries {@code query} selects, oldest first. */
    public List<AuditEntry> list(AuditQuery query) {
        return select(query, COLUMNS).map(AuditLog::entry).list();
    }

    /** The entries {@code query} selects with their hashes (null for a row not chained yet), oldest first. */
    public List<ChainedEntry> listChained(AuditQuery query) {
        return select(query, COLUMNS + ", hash").map((row, context) -> new ChainedEntry(entry(row, context), row.getString("hash"))).list();
    }

    /** An audit entry and the hash that chains it; compare a published head with the hash of the same seq here. */
    public record ChainedEntry(AuditEntry entry, String hash) {
        public ChainedEntry {
            requireNonNull(entry, "entry is null");
        }
    }

    private Query select(AuditQuery query, String columns) {
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM audit_log WHERE seq > :afterSeq");
        query.actor().ifPresent(a -> sql.append(" AND actor = :actor"));
        query.action().ifPresent(a -> sql.append(" AND action = :action"));
        query.since().ifPresent(s -> sql.append(" AND at >= :since"));
        query.until().ifPresent(u -> sql.append(" AND at < :until"));
        query.project().ifPresent(p -> sql.append(" AND (target = :projectTarget OR target LIKE :projectPattern ESCAPE '\\')"));
        Query statement = handle.createQuery(sql.append(" ORDER BY seq LIMIT :limit").toString())
                .bind("afterSeq", query.afterSeq())
                .bind("limit", query.limit());
        query.actor().ifPresent(a -> statement.bind("actor", a));
        query.action().ifPresent(a -> statement.bind("action", a));
        query.since().ifPresent(s -> statement.bind("since", s.toEpochMilli()));
        query.until().ifPresent(u -> statement.bind("until", u.toEpochMilli()));
        query.project().ifPresent(p -> statement.bind("projectTarget", "project/" + p).bind("projectPattern", "%/" + likeLiteral(p) + "/%"));
        return statement;
    }

    public long count() {
        return handle.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one();
    }

    /**
     * Walks the whole chain in seq order, streaming, and answers the first row that does not
     * verify: one whose link names another hash than the row before it (a row between was deleted,
     * or the one before rewritten with a fresh hash), one without a hash, or one whose fields no
     * longer hash to its hash (edited). A chain cut short at its end still verifies: compare
     * {@link AuditVerdict.Verified#headHash} with a copy kept elsewhere to see that.
     */
    public AuditVerdict verify() {
        try (Stream<ChainRow> rows = handle.createQuery("SELECT " + COLUMNS + ", prev_hash, hash FROM audit_log ORDER BY seq")
                .setFetchSize(VERIFY_FETCH_SIZE).map(AuditLog::chainRow).stream()) {
            AuditHead.Link previous = AuditHead.Link.START;
            long checked = 0;
            for (Iterator<ChainRow> it = rows.iterator(); it.hasNext(); ) {
                ChainRow row = it.next();
                Optional<String> fault = row.fault(previous);
                if (fault.isPresent()) {
                    return new AuditVerdict.Broken(row.entry().seq(), fault.get());
                }
                previous = new AuditHead.Link(row.entry().seq(), row.hash());
                checked++;
            }
            return new AuditVerdict.Verified(checked, previous.seq(), previous.hash());
        }
    }

    /**
     * Where chaining must start if the log ends in rows without a hash (written before
     * {@code V6__audit_hash_chain}): the last row that has one, or the chain's start; empty when
     * there is nothing to chain. Reads the whole table only in that case, once.
     */
    Optional<AuditHead.Link> unchainedTailStart() {
        Optional<ChainLink> last = handle.createQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").map(AuditLog::link).findOne();
        if (last.isEmpty() || last.get().hash() != null) {
            return Optional.empty();
        }
        return Optional.of(handle.createQuery("SELECT seq, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1")
                .map(AuditLog::link).findOne().map(l -> new AuditHead.Link(l.seq(), l.hash())).orElse(AuditHead.Link.START));
    }

    /** Chains up to {@code limit} rows after {@code from}, in seq order; answers the last one chained, or empty if none were left. */
    Optional<AuditHead.Link> chainAfter(AuditHead.Link from, int limit) {
        List<AuditEntry> rows = list(AuditQuery.all(limit).after(from.seq()));
        AuditHead.Link previous = from;
        for (AuditEntry row : rows) {
            String hash = AuditHash.of(row.seq(), row.at().toEpochMilli(), row.actor(), row.action(), row.target(), row.allowed(),
                    row.detail(), previous.hash());
            handle.createUpdate("UPDATE audit_log SET prev_hash = :prevHash, hash = :hash WHERE seq = :seq")
                    .bind("prevHash", previous.hash()).bind("hash", hash).bind("seq", row.seq()).execute();
            previous = new AuditHead.Link(row.seq(), hash);
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        head.advance(previous);
        return Optional.of(previous);
    }

    /** The chain's last row, read with one indexed query; the chain's start when the log is empty. */
    private AuditHead.Link readHead() {
        return handle.createQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").map(AuditLog::link).findOne()
                // A row without a hash (only possible if one was erased since open) links as "": verify names that row.
                .map(l -> new AuditHead.Link(l.seq(), l.hash() == null ? "" : l.hash()))
                .orElse(AuditHead.Link.START);
    }

    /** {@code text} matched literally by {@code LIKE … ESCAPE '\'}. */
    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static AuditEntry entry(ResultSet row, StatementContext context) throws SQLException {
        return new AuditEntry(
                row.getLong("seq"),
                Instant.ofEpochMilli(row.getLong("at")),
                row.getString("actor"),
                row.getString("action"),
                row.getString("target"),
                row.getBoolean("allowed"),
                row.getString("detail"));
    }

    private static ChainLink link(ResultSet row, StatementContext context) throws SQLException {
        return new ChainLink(row.getLong("seq"), row.getString("hash"));
    }

    private static ChainRow chainRow(ResultSet row, StatementContext context) throws SQLException {
        return new ChainRow(entry(row, context), row.getString("prev_hash"), row.getString("hash"));
    }

    /** A row's seq and hash as stored; the hash may be null. */
    private record ChainLink(long seq, String hash) {}

    /** A row as {@link #verify} checks it; {@code prevHash} and {@code hash} may be null. */
    private record ChainRow(AuditEntry entry, String prevHash, String hash) {
        Optional<String> fault(AuditHead.Link previous) {
            if (hash == null || prevHash == null) {
                return Optional.of("it has no hash: it was written outside the store, or its hash was erased");
            }
            if (!prevHash.equals(previous.hash())) {
                return Optional.of(previous.seq() == 0
                        ? "its previous-hash link does not lead to the chain's start: the rows before it were deleted, or its link was altered"
                        : "its previous-hash link does not match row " + previous.seq() + ", the row before it: a row between them was deleted"
                                + missing(previous.seq()) + ", or one of the two was altered");
            }
            AuditEntry e = entry;
            if (!hash.equals(AuditHash.of(e.seq(), e.at().toEpochMilli(), e.actor(), e.action(), e.target(), e.allowed(), e.detail(), prevHash))) {
                return Optional.of("hash mismatch: its fields do not hash to its stored hash, so it was altered after it was written");
            }
            return Optional.empty();
        }

        /** The seqs absent between the row before and this one; PostgreSQL may skip seqs of rolled-back writes, so a gap alone proves nothing. */
        private String missing(long previousSeq) {
            long first = previousSeq + 1;
            long last = entry.seq() - 1;
            return first > last ? "" : first == last ? " (no row has seq " + first + ")" : " (no rows have seq " + first + " to " + last + ")";
        }
    }
}
