package dev.lepton.server.scheduler;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the loop must wake up by itself: at most one timer per live job (a queued job's retry
 * back-off, a running job's {@code maxDuration}), replaced only when its instant changes, so the
 * set holds no more entries than there are live jobs however often a job is looked at.
 */
final class Timers {
    /** Ordered by instant, then job, so that two jobs may share an instant. */
    private record Timer(Instant at, String job) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : job.compareTo(other.job);
        }
    }

    private final TreeSet<Timer> ordered = new TreeSet<>();
    private final Map<String, Timer> byJob = new HashMap<>();
    /** Jobs whose timer has come since the loop last asked ({@link #takeDue}). */
    private final Set<String> due = new HashSet<>();

    /** The job's one timer is now {@code at}, or none. */
    void set(String job, Optional<Instant> at) {
        Timer previous = byJob.get(job);
        if (previous != null && at.isPresent() && previous.at().equals(at.get())) {
            return;
        }
        if (previous != null) {
            ordered.remove(previous);
            byJob.remove(job);
        }
        at.ifPresent(instant -> {
            Timer timer = new Timer(instant, job);
            ordered.add(timer);
            byJob.put(job, timer);
        });
    }

    /** Milliseconds until the earliest timer still ahead of {@code now}; timers already past are due ({@link #takeDue}). */
    long millisUntilNext(Instant now, long idle) {
        while (!ordered.isEmpty() && !ordered.first().at().isAfter(now)) {
            String job = ordered.pollFirst().job();
            byJob.remove(job);
            due.add(job);
        }
        return ordered.isEmpty() ? idle : Math.max(1, ordered.first().at().toEpochMilli() - now.toEpochMilli());
    }

    /** The jobs whose timer has come since the last call: what a turn looks at, rather than every live job. */
    Set<String> takeDue() {
        if (due.isEmpty()) {
            return Set.of();
        }
        Set<String> taken = Set.copyOf(due);
        due.clear();
        return taken;
    }

    int size() {
        return ordered.size();
    }

    void clear() {
        ordered.clear();
        byJob.clear();
        due.clear();
    }
}
