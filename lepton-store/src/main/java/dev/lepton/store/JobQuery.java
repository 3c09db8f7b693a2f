package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.JobPhase;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs {@link JobRepository#list} returns: those of {@code project} (empty: every project)
 * in one of {@code phases} (empty: any phase) with a seq after {@code afterSeq} (the cursor of the
 * previous page), at most {@code limit} of them, oldest first.
 */
public record JobQuery(Optional<String> project, Set<JobPhase> phases, int limit, Optional<Long> afterSeq) {
    public JobQuery {
        requireNonNull(project, "project is null");
        phases = Set.copyOf(phases);
        requireNonNull(afterSeq, "afterSeq is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
    }

    /** The first page of all jobs in all projects. */
    public static JobQuery all(int limit) {
        return new JobQuery(Optional.empty(), Set.of(), limit, Optional.empty());
    }

    public JobQuery inProject(String name) {
        return new JobQuery(Optional.of(name), phases, limit, afterSeq);
    }

    public JobQuery inPhases(JobPhase first, JobPhase... rest) {
        return new JobQuery(project, EnumSet.of(first, rest), limit, afterSeq);
    }

    /** The page after the one whose last job had {@code seq}. */
    public JobQuery after(long seq) {
        return new JobQuery(project, phases, limit, Optional.of(seq));
    }
}
