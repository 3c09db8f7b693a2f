package dev.lepton.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that links one audit row to the one before it: SHA-256, hex-encoded, over this
 * encoding of the row, in which no two rows encode alike:
 *
 * <pre>
 *   "lepton-audit-v1"                     (ASCII, a version tag)
 *   seq, at (epoch milliseconds)          (8 bytes each, big-endian)
 *   actor, action, target                 (each: 4-byte big-endian length, then its UTF-8 bytes)
 *   allowed                               (1 byte: 1 or 0)
 *   detail, previous row's hash           (each as actor)
 * </pre>
 *
 * The first row's previous hash is {@link #GENESIS}. Changing this encoding breaks every chain
 * already written: a new one needs a new tag and a verifier that knows both.
 */
final class AuditHash {
    /** What the first row links to: 64 zeros, no row's hash. */
    static final String GENESIS = "0".repeat(64);

    private static final byte[] TAG = "lepton-audit-v1".getBytes(StandardCharsets.US_ASCII);

    private AuditHash() {}

    static String of(long seq, long atMillis, String actor, String action, String target, boolean allowed, String detail, String previousHash) {
        MessageDigest sha256 = sha256();
        sha256.update(TAG);
        sha256.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(seq).putLong(atMillis).array());
        field(sha256, actor);
        field(sha256, action);
        field(sha256, target);
        sha256.update(allowed ? (byte) 1 : (byte) 0);
        field(sha256, detail);
        field(sha256, previousHash);
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void field(MessageDigest sha256, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
