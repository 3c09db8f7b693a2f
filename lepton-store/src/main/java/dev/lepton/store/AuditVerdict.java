package dev.lepton.store;

import static java.util.Objects.requireNonNull;

/** What {@link AuditLog#verify} found walking the audit chain: every row verifies, or the first that does not. */
public sealed interface AuditVerdict {
    /**
     * Every one of {@code rows} rows verifies; {@code headSeq} and {@code headHash} are the last
     * (0 and 64 zeros when the log is empty). Publish the head elsewhere to detect a rewritten or
     * truncated chain, which the chain alone cannot show.
     */
    record Verified(long rows, long headSeq, String headHash) implements AuditVerdict {
        public Verified {
            requireNonNull(headHash, "headHash is null");
        }
    }

    /** Row {@code seq} is the first that does not verify, for {@code reason}. */
    record Broken(long seq, String reason) implements AuditVerdict {
        public Broken {
            requireNonNull(reason, "reason is null");
        }
    }
}
