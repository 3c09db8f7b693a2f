package dev.lepton.server.scheduler;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The changes of one step of a scheduler turn, stored together in one transaction. A job changed
 * twice in a step is written once, in its latest state. Nothing leaves the loop before the
 * commit: workers are stopped, waiters woken and cancels answered only after it.
 */
final class Batch {
    /** An event row to write with the change. */
    private record Note(Job job, String type, String message) {}

    /** A cancel to audit in the same transaction and answer after it. */
    record Audit(String actor, String action, CompletableFuture<Job> reply) {}

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<Note> notes = new ArrayList<>();
    private final List<AttemptId> stops = new ArrayList<>();
    private final Map<String, List<Audit>> audits = new LinkedHashMap<>();
    /** Rows of the usage ledger to write in the same transaction (a worker started or ended). */
    private final List<Consumer<Tx>> ledger = new ArrayList<>();

    boolean isEmpty() {
        return jobs.isEmpty() && ledger.isEmpty();
    }

    void ledger(Consumer<Tx> write) {
        ledger.add(write);
    }

    void add(Decision decision, String type, String message, Optional<Audit> audit) {
        Job job = decision.job();
        jobs.put(job.uid(), job);
        if (!type.isEmpty()) {
            notes.add(new Note(job, type, message));
        }
        stops.addAll(decision.toStop());
        audit.ifPresent(a -> audits.computeIfAbsent(job.uid(), k -> new ArrayList<>()).add(a));
    }

    /** Workers to stop after the commit that belong to no job the batch changes (an attempt that ended while launching). */
    void stop(List<AttemptId> attempts) {
        stops.addAll(attempts);
    }

    /** Stores every change with its events and audit rows; returns the jobs as stored (new versions). */
    List<Job> commit(Store store, Instant now) {
        return store.write(tx -> {
            List<Job> stored = new ArrayList<>(jobs.size());
            for (Job job : jobs.values()) {
                Job saved = tx.jobs().update(job);
                stored.add(saved);
                for (Audit a : audits.getOrDefault(job.uid(), List.of())) {
                    tx.audit().record(now, a.actor(), a.action(), "job/" + saved.qualifiedName(), true, "");
                }
            }
            ledger.forEach(write -> write.accept(tx));
            for (Note note : notes) {
                tx.events().append(note.job().project(), "job/" + note.job().name(), note.type(), note.message(), now);
            }
            return stored;
        });
    }

    List<AttemptId> stops() {
        return List.copyOf(stops);
    }

    /** Answers the cancels of this batch with the jobs as stored. */
    void reply(List<Job> stored) {
        for (Job job : stored) {
            audits.getOrDefault(job.uid(), List.of()).forEach(a -> a.reply().complete(job));
        }
    }
}
