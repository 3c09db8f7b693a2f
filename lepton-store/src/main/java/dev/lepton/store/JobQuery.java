package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.JobPhase;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs {@link JobRepository#list} returns: those of {@code project} (empty: every project)
 * in one of {@code phases} (empty: any phase) whose names start with {@code namePrefix} (empty: any
 * name) with a seq after {@code afterSeq} (the cursor of the previous page), at most {@code limit}
 * of them, oldest first.
 */
public record JobQuery(Optional<String> project, Set<JobPhase> phases, int limit, Optional<Long> afterSeq, Optional<String> namePrefix) {
    public JobQuery {
        requireNonNull(project, "project is null");
        phases = Set.copyOf(phases);
        requireNonNull(afterSeq, "afterSeq is null");
        requireNonNull(namePrefix, "namePrefix is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        // A job's name is lowercase letters, digits and '-', so a prefix of one holds no LIKE wildcard.
        if (namePrefix.filter(prefix -> !prefix.matches("[a-z0-9-]*")).isPresent()) {
            throw new IllegalArgumentException("namePrefix must be lowercase letters, digits and '-', got '" + namePrefix.get() + "'");
        }
    }

    public JobQuery(Optional<String> project, Set<JobPhase> phases, int limit, Optional<Long> afterSeq) {
        this(project, phases, limit, afterSeq, Optional.empty());
    }

    /** The first page of all jobs in all projects. */
    public static JobQuery all(int limit) {
        return new JobQuery(Optional.empty(), Set.of(), limit, Optional.empty());
    }

    public JobQuery inProject(String name) {
        return new JobQuery(Optional.of(name), phases, limit, afterSeq, namePrefix);
    }

    public JobQuery inPhases(JobPhase first, JobPhase... rest) {
        return new JobQuery(project, EnumSet.of(first, rest), limit, afterSeq, namePrefix);
    }

    /** Only the jobs whose names start with {@code prefix}: filtered before any job is decoded. */
    public JobQuery named(String prefix) {
        return new JobQuery(project, phases, limit, afterSeq, Optional.of(prefix));
    }

    /** The page after the one whose last job had {@code seq}. */
    public JobQuery after(long seq) {
        return new JobQuery(project, phases, limit, Optional.of(seq), namePrefix);
    }
}
