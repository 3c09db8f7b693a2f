package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lepton's state in SQLite or PostgreSQL. Writes go through one writer thread that commits them
 * in groups ({@link #write}); reads run in parallel on pooled connections ({@link #read}).
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    /** Audit rows chained per write when the store opens on rows written before the hash chain. */
    private static final int AUDIT_CHAIN_PAGE = 1_000;

    private final Dialect dialect;
    private final JsonCodec json;
    private final SqlFailures failures;
    private final HikariDataSource readerPool;
    private final Jdbi readers;
    private final GroupCommitWriter writer;

    private Store(Dialect dialect, JsonCodec json, SqlFailures failures, HikariDataSource readerPool, GroupCommitWriter writer) {
        this.dialect = dialect;
        this.json = json;
        this.failures = failures;
        this.readerPool = readerPool;
        this.readers = Jdbi.create(readerPool);
        this.writer = writer;
    }

    /** Creates the SQLite file's directory if needed, migrates the schema, and starts the writer. */
    public static Store open(StoreConfig config) {
        requireNonNull(config, "config is null");
        Connections connections = new Connections(config);
        JsonCodec json = new JsonCodec();
        SqlFailures failures = new SqlFailures(connections.dialect());
        HikariDataSource readerPool = null;
        GroupCommitWriter writer = null;
        try {
            connections.prepareLocation();
            connections.migrate();
            readerPool = connections.openReaderPool();
            writer = GroupCommitWriter.start(connections, json, failures);
            Store store = new Store(connections.dialect(), json, failures, readerPool, writer);
            store.chainUnchainedAuditRows();
            log.atInfo().setMessage("store opened").addKeyValue("dialect", connections.dialect().id())
                    .addKeyValue("config", config).log();
            return store;
        } catch (SQLException | RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            if (readerPool != null) {
                readerPool.close();
            }
            if (e instanceof LeptonException lepton) {
                throw lepton;
            }
            throw new LeptonException(ErrorCode.UNAVAILABLE, "cannot open store " + config + ": " + e.getMessage(), e);
        }
    }

    /**
     * Chains the audit rows written before {@code V6__audit_hash_chain} (SQLite cannot hash in SQL),
     * a page per write so that a long log neither fills memory nor holds one huge transaction.
     * Nothing else writes yet, so the chain's tail cannot move meanwhile. Once done, the check (a
     * read) finds nothing to chain, and every later open costs one indexed query and no write.
     */
    private void chainUnchainedAuditRows() {
        Optional<AuditHead.Link> from = read(tx -> tx.audit().unchainedTailStart());
        long through = 0;
        while (from.isPresent()) {
            AuditHead.Link start = from.get();
            from = writer.submit(tx -> tx.audit().chainAfter(start, AUDIT_CHAIN_PAGE));
            through = from.map(AuditHead.Link::seq).orElse(through);
        }
        if (through > 0) {
            log.atInfo().setMessage("audit rows written before the hash chain were chained").addKeyValue("throughSeq", through).log();
        }
    }

    /**
     * Runs {@code work} in the writer's transaction and returns its result once that is durable.
     * Blocks the caller meanwhile (cheap on a virtual thread). Work that throws is rolled back
     * alone and its exception rethrown here: a {@link LeptonException} as it was, a SQL failure as
     * one with a code. Work must be short, must not block on anything but the database, and must
     * not call {@code write} itself (that throws {@link IllegalStateException}).
     */
    public <T> T write(Function<Tx, T> work) {
        requireNonNull(work, "work is null");
        return writer.submit(work);
    }

    /** Runs {@code work} in a read-only transaction that sees one consistent snapshot. */
    public <T> T read(Function<Tx, T> work) {
        requireNonNull(work, "work is null");
        try {
            return readers.inTransaction(handle -> work.apply(new Tx(handle, json)));
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    /** {@code sqlite} or {@code postgresql}. */
    public String dialect() {
        return dialect.id();
    }

    /** Writes waiting for the writer's next batch. */
    int queuedWrites() {
        return writer.queued();
    }

    /** How many writes shared each commit so far. */
    public CommitStats commitStats() {
        return writer.stats();
    }

    /** Refuses new writes, lets queued ones commit, then closes every connection. */
    @Override
    public void close() {
        writer.close();
        readerPool.close();
        log.atInfo().setMessage("store closed").addKeyValue("dialect", dialect.id()).log();
    }
}
