package dev.lepton.store;

/**
 * How well writes are being grouped: {@code writes} units of work went out in {@code commits}
 * commits (one fsync each); {@code largestBatch} is the most that shared one commit.
 */
public record CommitStats(long commits, long writes, int largestBatch) {
    public CommitStats {
        if (commits < 0 || writes < 0 || largestBatch < 0) {
            throw new IllegalArgumentException("commit stats must be >= 0");
        }
    }

    /** Writes per commit; 1.0 means no grouping happened. */
    public double writesPerCommit() {
        return commits == 0 ? 0 : (double) writes / commits;
    }
}
