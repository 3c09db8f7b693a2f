package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptCleanup;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.server.http.Caller;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgetting jobs that have ended, on request ({@code DELETE /api/v1/jobs/{name}}) or when they have
 * outlived their retention: the job, its events and the idempotency keys that named it go in one
 * transaction with its audit row, then its attempt files go through the executor. A job that has not
 * ended is refused: the scheduler still works on it (cancel it first), and it is never in the
 * scheduler's view once it has ended, so deleting it from the store is all there is to it.
 */
public final class JobDeletion {
    /** The actor of deletions nobody asked for. */
    public static final String RETENTION_ACTOR = "lepton/retention";
    private static final Logger log = LoggerFactory.getLogger(JobDeletion.class);

    private final Store store;
    private final Optional<AttemptCleanup> files;
    private final InstantSource clock;

    public JobDeletion(Store store, Optional<AttemptCleanup> files, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.files = requireNonNull(files, "files is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Deletes the job if it has ended; answers it as it was. */
    public Job delete(Caller caller, String project, String name) {
        Job job = store.read(tx -> tx.jobs().find(project, name)).orElseThrow(() -> LeptonException.notFound("job", project + "/" + name));
        if (!job.phase().isTerminal()) {
            throw new LeptonException(ErrorCode.FAILED_PRECONDITION, "job " + job.qualifiedName() + " is " + job.phase().displayName()
                    + ": cancel it first (lepton job cancel " + name + "), then delete it once it has ended");
        }
        Instant now = clock.instant();
        store.write(tx -> {
            if (!forget(tx, job)) {
                throw LeptonException.notFound("job", job.qualifiedName());
            }
            return tx.audit().record(now, caller.user(), caller.action(), "job/" + job.qualifiedName(), true, "");
        });
        removeFiles(job.uid());
        return job;
    }

    /** Purges ended jobs in one transaction with one audit row; returns how many were still there to purge. */
    public int purge(List<Job> ended, String why) {
        if (ended.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Job> purged = store.write(tx -> {
            List<Job> gone = ended.stream().filter(job -> forget(tx, job)).toList();
            if (!gone.isEmpty()) {
                tx.audit().record(now, RETENTION_ACTOR, "job.purge", "jobs", true, gone.size() + " job(s) " + why + ": "
                        + gone.stream().limit(20).map(Job::qualifiedName).collect(Collectors.joining(", "))
                        + (gone.size() > 20 ? ", …" : ""));
            }
            return gone;
        });
        purged.forEach(job -> removeFiles(job.uid()));
        return purged.size();
    }

    /** Attempt files whose job is gone (a crash between the store and the files); the next sweep removes them. */
    public void removeFiles(String jobUid) {
        files.ifPresent(f -> {
            try {
                f.remove(jobUid);
            } catch (RuntimeException e) {
                log.atWarn().setMessage("attempt files of a deleted job stay for now; the next retention sweep tries again")
                        .addKeyValue("job", jobUid).addKeyValue("error", e.toString()).log();
            }
        });
    }

    /** Deletes the job's rows if it is still there and has ended; false if another deletion came first. */
    private static boolean forget(Tx tx, Job job) {
        if (tx.jobs().findByUid(job.uid()).isEmpty()) {
            return false;
        }
        tx.jobs().deleteEnded(job.uid());
        tx.events().deleteObject(job.project(), "job/" + job.name());
        tx.idempotency().forgetResult(job.qualifiedName());
        return true;
    }
}
