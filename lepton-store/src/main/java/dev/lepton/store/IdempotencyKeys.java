package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code Idempotency-Key}s each actor has used, and what the first request with the key
 * created (e.g. {@code project/name}). Look up and put in the same write as the creation, so a
 * retried request finds the first one's result instead of creating a second object.
 */
public final class IdempotencyKeys {
    private final Handle handle;

    IdempotencyKeys(Handle handle) {
        this.handle = handle;
    }

    public Optional<String> find(String actor, String key) {
        return handle.createQuery("SELECT result FROM idempotency_keys WHERE actor = :actor AND idem_key = :key")
                .bind("actor", actor)
                .bind("key", key)
                .mapTo(String.class)
                .findOne();
    }

    /** Remembers the key's result. A key is used once: putting it again is ALREADY_EXISTS, never an overwrite. */
    public void put(String actor, String key, String result, Instant at) {
        requireNonNull(actor, "actor is null");
        requireNonNull(key, "key is null");
        requireNonNull(result, "result is null");
        requireNonNull(at, "at is null");
        int inserted = handle.createUpdate("""
                        INSERT INTO idempotency_keys (actor, idem_key, result, created_at) VALUES (:actor, :key, :result, :at)
                        ON CONFLICT (actor, idem_key) DO NOTHING""")
                .bind("actor", actor)
                .bind("key", key)
                .bind("result", result)
                .bind("at", at.toEpochMilli())
                .execute();
        if (inserted == 0) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "idempotency key '" + key + "' of '" + actor + "' was already used");
        }
    }

    /**
     * Forgets the keys whose result is {@code result}, as when what they created is deleted: a retry
     * must not find a new object that took the old one's name. Returns how many.
     */
    public int forgetResult(String result) {
        return handle.createUpdate("DELETE FROM idempotency_keys WHERE result = :result")
                .bind("result", result)
                .execute();
    }

    /** Forgets keys put before {@code cutoff}; returns how many. Retries older than that create anew. */
    public int purgeBefore(Instant cutoff) {
        return handle.createUpdate("DELETE FROM idempotency_keys WHERE created_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute();
    }
}
