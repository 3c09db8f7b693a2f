package dev.lepton.server.scheduler;

import dev.lepton.core.job.Job;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Lets request threads wait for a job to end; the loop completes them when it stores a terminal job. */
public final class JobWatchers {
    private final Map<String, List<CompletableFuture<Job>>> waiting = new ConcurrentHashMap<>();

    /** Register first, then read the job: an end that happens in between is not missed. */
    public CompletableFuture<Job> whenEnded(String qualifiedName) {
        CompletableFuture<Job> future = new CompletableFuture<>();
        waiting.computeIfAbsent(qualifiedName, k -> new CopyOnWriteArrayList<>()).add(future);
        return future;
    }

    public void forget(String qualifiedName, CompletableFuture<Job> future) {
        waiting.computeIfPresent(qualifiedName, (k, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        });
    }

    void changed(Job job) {
        if (job.phase().isTerminal()) {
            List<CompletableFuture<Job>> futures = waiting.remove(job.qualifiedName());
            if (futures != null) {
                futures.forEach(f -> f.complete(job));
            }
        }
    }
}
