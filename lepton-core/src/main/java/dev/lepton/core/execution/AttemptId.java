package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

/**
 * One worker of one attempt of a job: job uid, attempt epoch, worker rank. Globally unique,
 * so it also names the worker's process across restarts ({@code LEPTON_ATTEMPT_ID}).
 */
public record AttemptId(String jobUid, int epoch, int rank) {
    public AttemptId {
        requireNonNull(jobUid, "jobUid is null");
        if (!isUid(jobUid)) {
            throw new IllegalArgumentException("job uid must be alphanumeric with dashes: " + jobUid);
        }
        if (epoch < 1 || rank < 0) {
            throw new IllegalArgumentException("epoch must be >= 1 and rank >= 0: " + epoch + ", " + rank);
        }
    }

    public static AttemptId parse(String text) {
        int second = text.lastIndexOf('.');
        int first = text.lastIndexOf('.', second - 1);
        if (first <= 0 || second <= first) {
            throw new IllegalArgumentException("not an attempt id (uid.epoch.rank): " + text);
        }
        return new AttemptId(text.substring(0, first), Integer.parseInt(text.substring(first + 1, second)),
                Integer.parseInt(text.substring(second + 1)));
    }

    /** {@code [A-Za-z0-9-]+}, without a regular expression: every worker's id is checked on every scheduler turn. */
    private static boolean isUid(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return jobUid + "." + epoch + "." + rank;
    }
}
