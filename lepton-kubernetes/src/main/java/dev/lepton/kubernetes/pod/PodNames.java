package dev.lepton.kubernetes.pod;

import dev.lepton.core.execution.AttemptId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names and labels an attempt's objects carry, derived from the attempt alone, so that a new
 * executor finds what an earlier one made: pod {@code lepton-<job uid>-<epoch>-<rank>}, headless
 * service {@code lepton-<job uid>-<epoch>}, both DNS labels of at most 63 characters. A job uid
 * that does not fit as it is (too long, or not lowercase) is cut and followed by a hash of the whole.
 */
final class PodNames {
    /** The most a DNS label and a label value may hold. */
    static final int MAX_LENGTH = 63;
    static final String PREFIX = "lepton-";
    /** On pods and services: the job's uid as a label value (selectable; see {@link #labelValue}). */
    static final String JOB_LABEL = "lepton.dev/job-uid";
    static final String EPOCH_LABEL = "lepton.dev/epoch";
    static final String RANK_LABEL = "lepton.dev/rank";
    static final String PROJECT_LABEL = "lepton.dev/project";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "lepton";
    /** On pods: the whole attempt id, {@code uid.epoch.rank}, which a label value may be too short for. */
    static final String ATTEMPT_ANNOTATION = "lepton.dev/attempt";
    /** On a pod made for Lepton's scheduler: the node it is to be bound to ({@link dev.lepton.kubernetes.PodBinding#BINDING}). */
    static final String NODE_ANNOTATION = "lepton.dev/node";
    /** On pods and services: the whole job uid. */
    static final String JOB_ANNOTATION = "lepton.dev/job-uid";
    /** The worker's container in its pod. */
    static final String CONTAINER = "worker";

    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_PART = Pattern.compile("[a-z0-9-]+");
    private static final int HASH_LENGTH = 8;

    private PodNames() {}

    static String pod(AttemptId attempt) {
        String tail = "-" + attempt.epoch() + "-" + attempt.rank();
        return PREFIX + fitted(attempt.jobUid(), MAX_LENGTH - PREFIX.length() - tail.length()) + tail;
    }

    /** The gang's headless service: its name is also each pod's subdomain. */
    static String service(String jobUid, int epoch) {
        String tail = "-" + epoch;
        return PREFIX + fitted(jobUid, MAX_LENGTH - PREFIX.length() - tail.length()) + tail;
    }

    /** The uid as a label value: itself when it is one, else {@code job-} and the uid cut and hashed as in names. */
    static String labelValue(String jobUid) {
        return LABEL_VALUE.matcher(jobUid).matches() ? jobUid : "job-" + fitted(jobUid, MAX_LENGTH - "job-".length());
    }

    /** {@code text} if it is a lowercase DNS part of at most {@code room} characters, else its start, a dash and a hash of it all. */
    private static String fitted(String text, int room) {
        if (text.length() <= room && DNS_PART.matcher(text).matches()) {
            return text;
        }
        String start = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return start.substring(0, Math.min(start.length(), room - HASH_LENGTH - 1)) + "-" + hash(text);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
