package dev.lepton.core.workflow;

import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.Job;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An array's {@code parallelism}, as Slurm's {@code --array=…%N} throttle: its tasks that hold
 * resources (scheduled or running) count against it, and only as many queued tasks as leave room,
 * first in queue order, are offered to placement; the rest wait, saying so. Tasks held back this
 * way hold back nothing else.
 */
public final class ArraySlots {
    /** How the status of a task waiting for a slot in its array begins. */
    public static final String WAITING_FOR_SLOT = "waiting for a slot in array ";

    private ArraySlots() {}

    /**
     * The queued tasks that must wait this turn, by uid, with the reason to show. {@code queued} is
     * in queue order; only those {@code offered} count (the others wait for something else: a retry's
     * back-off, a cluster that cannot hold them).
     */
    public static Map<String, String> held(Collection<Job> holding, Iterable<Job> queued, Predicate<Job> offered) {
        Map<String, Integer> used = new HashMap<>();
        for (Job job : holding) {
            job.spec().array().ifPresent(task -> used.merge(task.key(job.project()), 1, Integer::sum));
        }
        Map<String, String> held = new LinkedHashMap<>();
        for (Job job : queued) {
            Optional<ArrayTask> task = job.spec().array();
            if (task.isEmpty() || !offered.test(job)) {
                continue;
            }
            String key = task.get().key(job.project());
            int inUse = used.getOrDefault(key, 0);
            if (inUse < task.get().parallelism()) {
                used.put(key, inUse + 1);
            } else {
                held.put(job.uid(), reason(task.get()));
            }
        }
        return held;
    }

    /** Stays the same while the task waits, so that waiting writes nothing more. */
    static String reason(ArrayTask task) {
        return WAITING_FOR_SLOT + task.array() + ": at most " + task.parallelism() + " of its tasks run at once";
    }
}
