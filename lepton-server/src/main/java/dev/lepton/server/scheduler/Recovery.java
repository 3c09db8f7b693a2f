package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.WorkerState;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On start, settles every job that was live when the server stopped: queued jobs return to the
 * queue, deferred ones wait for their chosen start; workers still running are re-adopted (found by their attempt id); workers that ended
 * meanwhile report the exit they recorded, or are lost. A launch that never started is undone.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final Store store;
    private final Executor executor;
    private final InstantSource clock;

    Recovery(Store store, Executor executor, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Settles every live job; hands each still-live one to {@code keep}, and exits to report to {@code later}. */
    void recover(Consumer<Job> keep, Consumer<LoopEvent> later) {
        List<Job> active = store.read(tx -> tx.jobs().active());
        Set<AttemptId> unfinished = new HashSet<>();
        active.forEach(job -> unfinished.addAll(JobTransitions.running(job)));
        Map<AttemptId, ProcessRef> found = unfinished.isEmpty() ? Map.of() : executor.recover(unfinished);
        int adopted = 0;
        for (Job job : active) {
            Job settled = settle(job, found, later);
            keep.accept(settled);
            adopted += (int) JobTransitions.running(settled).stream().filter(found::containsKey).count();
        }
        log.info("recovered {} live jobs, re-adopted {} running workers", active.size(), adopted);
    }

    private Job settle(Job job, Map<AttemptId, ProcessRef> found, Consumer<LoopEvent> later) {
        Instant now = clock.instant();
        return switch (job.phase()) {
            case PENDING -> save(JobTransitions.admit(job), "Queued", "admitted after restart");
            case PREEMPTED -> save(JobTransitions.admit(job), "Queued", "requeued after restart");
            case SCHEDULED, RUNNING -> readopt(job, found, later, now);
            // A deferred job keeps its chosen start (its notBefore), and the loop's timer for it.
            case QUEUED, DEFERRED, SUCCEEDED, FAILED, CANCELLED -> job;
        };
    }

    private Job readopt(Job job, Map<AttemptId, ProcessRef> found, Consumer<LoopEvent> later, Instant now) {
        List<AttemptId> attempts = JobTransitions.running(job);
        boolean neverStarted = job.status().workers().stream()
                .allMatch(w -> w.state() == WorkerState.LAUNCHING || w.state().isFinished());
        boolean nothingFound = attempts.stream().noneMatch(found::containsKey);
        boolean nothingLeft = attempts.stream().allMatch(a -> executor.leftover(a).isEmpty());
        if (neverStarted && nothingFound && nothingLeft && !attempts.isEmpty()) {
            return save(JobTransitions.requeueInterrupted(job), "Requeued", "launch interrupted by a server restart");
        }
        Job current = job;
        List<String> adopted = new ArrayList<>();
        for (AttemptId attempt : attempts) {
            ProcessRef process = found.get(attempt);
            if (process != null) {
                adopted.add("worker " + attempt.rank() + " (" + process.handle() + ")");
                if (worker(current, attempt).state() == WorkerState.LAUNCHING) {
                    current = JobTransitions.workerStarted(current, process, now);
                }
            } else {
                WorkerExit exit = executor.leftover(attempt).orElse(new WorkerExit(attempt, Optional.empty(), Usage.NONE));
                later.accept(new LoopEvent.Exited(exit));
            }
        }
        if (adopted.isEmpty()) {
            return current;
        }
        // The job's history says that the server restarted under it and which workers it found running.
        String message = "the server restarted; re-adopted " + String.join(", ", adopted);
        return current == job ? note(job, "Readopted", message) : save(current, "Readopted", message);
    }

    private Job note(Job job, String type, String message) {
        Instant now = clock.instant();
        store.write(tx -> tx.events().append(job.project(), "job/" + job.name(), type, message, now));
        return job;
    }

    private static WorkerStatus worker(Job job, AttemptId attempt) {
        return job.status().workers().stream().filter(w -> w.rank() == attempt.rank()).findFirst().orElseThrow();
    }

    private Job save(Job job, String type, String message) {
        Instant now = clock.instant();
        return store.write(tx -> {
            Job saved = tx.jobs().update(job);
            tx.events().append(saved.project(), "job/" + saved.name(), type, message, now);
            return saved;
        });
    }
}
