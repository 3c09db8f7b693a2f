package dev.lepton.server.retention;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptCleanup;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.server.jobs.JobDeletion;
import dev.lepton.store.JobQuery;
import dev.lepton.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic task of retention, on its own thread ({@code lepton-retention}), never the
 * scheduler's: every {@code sweepInterval} it purges jobs that ended longer than {@code endedJobs}
 * ago (through {@link JobDeletion}, page by page), idempotency keys older than {@code
 * idempotencyKeys}, and attempt files whose job no longer exists; every {@code logCheckInterval} it
 * cuts running workers' logs over {@code maxLogBytes} to their tail.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final Set<JobPhase> ENDED = EnumSet.copyOf(Arrays.stream(JobPhase.values()).filter(JobPhase::isTerminal).toList());
    private static final int PAGE = 500;

    private final RetentionConfig config;
    private final Store store;
    private final JobDeletion deletion;
    private final Optional<AttemptCleanup> files;
    private final InstantSource clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "lepton-retention");
        thread.setDaemon(true);
        return thread;
    });

    public Retention(RetentionConfig config, Store store, JobDeletion deletion, Optional<AttemptCleanup> files, InstantSource clock) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.deletion = requireNonNull(deletion, "deletion is null");
        this.files = requireNonNull(files, "files is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What one sweep purged. */
    public record Sweep(int jobs, int idempotencyKeys, int orphanedJobFiles) {}

    public void start() {
        long sweep = config.sweepInterval().toMillis();
        long check = config.logCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> quietly("sweep", this::sweep), sweep, sweep, TimeUnit.MILLISECONDS);
        if (files.isPresent()) {
            timer.scheduleWithFixedDelay(() -> quietly("log cap", this::capLogs), check, check, TimeUnit.MILLISECONDS);
        }
    }

    /** Cuts running workers' logs over the cap to their tail, now, on the caller's thread. */
    public void capLogs() {
        files.ifPresent(f -> f.capLogs(config.maxLogBytes()));
    }

    /** One sweep, now, on the caller's thread. */
    public Sweep sweep() {
        Instant now = clock.instant();
        int jobs = config.endedJobs().map(keep -> purgeJobsEndedBefore(now.minus(keep))).orElse(0);
        int keys = store.write(tx -> tx.idempotency().purgeBefore(now.minus(config.idempotencyKeys())));
        int orphans = removeOrphanedFiles();
        if (jobs + keys + orphans > 0) {
            log.atInfo().setMessage("retention sweep").addKeyValue("jobs", jobs).addKeyValue("idempotencyKeys", keys)
                    .addKeyValue("orphanedJobFiles", orphans).log();
        }
        return new Sweep(jobs, keys, orphans);
    }

    private int purgeJobsEndedBefore(Instant cutoff) {
        int purged = 0;
        Optional<Long> after = Optional.empty();
        while (true) {
            JobQuery query = new JobQuery(Optional.empty(), ENDED, PAGE, after);
            List<Job> page = store.read(tx -> tx.jobs().list(query));
            if (page.isEmpty()) {
                return purged;
            }
            List<Job> expired = page.stream().filter(job -> endedAt(job).isBefore(cutoff)).toList();
            purged += deletion.purge(expired, "that ended before " + cutoff);
            after = Optional.of(page.getLast().seq());
        }
    }

    /** When the job ended; one that never started ended when it was created, as far as retention goes. */
    private static Instant endedAt(Job job) {
        return job.status().finishedAt().orElse(job.createdAt());
    }

    /** Attempt files of jobs the store no longer has: the store was purged, then the files' removal failed or never ran. */
    private int removeOrphanedFiles() {
        if (files.isEmpty()) {
            return 0;
        }
        Set<String> onDisk = files.get().jobUids();
        List<String> orphans = store.read(tx -> onDisk.stream().filter(uid -> tx.jobs().findByUid(uid).isEmpty()).toList());
        orphans.forEach(deletion::removeFiles);
        return orphans.size();
    }

    private static void quietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.atWarn().setMessage("retention task failed; it runs again at its next interval").addKeyValue("task", what)
                    .addKeyValue("error", e.toString()).setCause(e).log();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
