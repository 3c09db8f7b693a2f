package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

/**
 * One worker of one attempt of a job: job uid, attempt epoch, worker rank. Globally unique,
 * so it also names the worker's process across restarts ({@code LEPTON_ATTEMPT_ID}).
 */
public record AttemptId(String jobUid, int epoch, int rank) {
    public AttemptId {
        requireNonNull(jobUid, "jobUid is null");
        if (!jobUid.matches("[A-Za-z0-9-]+")) {
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

    @Override
    public String toString() {
        return jobUid + "." + epoch + "." + rank;
    }
}
