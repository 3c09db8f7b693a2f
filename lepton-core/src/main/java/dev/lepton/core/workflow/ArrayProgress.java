package dev.lepton.core.workflow;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How an array stands, from its tasks: {@code Running} while any task holds resources, else
 * {@code Queued} while any waits; once all have ended, {@code Succeeded} if all succeeded, else
 * {@code Failed} if any failed, else {@code Cancelled}. The exit code is the first failed task's.
 */
public record ArrayProgress(ArrayTask array, JobPhase phase, Map<JobPhase, Integer> counts, Optional<Integer> exitCode, String message,
                            Optional<Instant> startedAt, Optional<Instant> finishedAt) {
    /** How many failed tasks a message names. */
    private static final int NAMED = 5;

    public ArrayProgress {
        requireNonNull(array, "array is null");
        requireNonNull(phase, "phase is null");
        counts = Map.copyOf(counts);
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(message, "message is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
    }

    /** The progress of an array from its tasks (at least one; all of one array). */
    public static ArrayProgress of(List<Job> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("an array has at least one task");
        }
        List<Job> byIndex = tasks.stream().sorted(Comparator.comparingInt(ArrayProgress::index)).toList();
        ArrayTask array = byIndex.getFirst().spec().array().orElseThrow(() -> new IllegalArgumentException("not an array task"));
        Map<JobPhase, Integer> counts = new EnumMap<>(JobPhase.class);
        byIndex.forEach(t -> counts.merge(t.phase(), 1, Integer::sum));
        JobPhase phase = phase(counts, byIndex.size());
        List<Job> failed = byIndex.stream().filter(t -> t.phase() == JobPhase.FAILED).toList();
        Optional<Integer> exitCode = phase == JobPhase.SUCCEEDED ? Optional.of(0)
                : failed.stream().flatMap(t -> t.status().exitCode().stream()).findFirst();
        Optional<Instant> started = byIndex.stream().flatMap(t -> t.status().startedAt().stream()).min(Comparator.naturalOrder());
        Optional<Instant> finished = phase.isTerminal()
                ? byIndex.stream().flatMap(t -> t.status().finishedAt().stream()).max(Comparator.naturalOrder()) : Optional.empty();
        return new ArrayProgress(array, phase, counts, exitCode, message(array, counts, byIndex.size(), failed), started, finished);
    }

    private static JobPhase phase(Map<JobPhase, Integer> counts, int size) {
        int ended = counts.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToInt(Map.Entry::getValue).sum();
        if (ended == size) {
            if (counts.getOrDefault(JobPhase.SUCCEEDED, 0) == size) {
                return JobPhase.SUCCEEDED;
            }
            return counts.containsKey(JobPhase.FAILED) ? JobPhase.FAILED : JobPhase.CANCELLED;
        }
        return counts.containsKey(JobPhase.RUNNING) || counts.containsKey(JobPhase.SCHEDULED) ? JobPhase.RUNNING : JobPhase.QUEUED;
    }

    /** {@code 20 tasks: 4 Running, 12 Queued, 4 Succeeded; at most 4 at once}, naming the first failed tasks. */
    private static String message(ArrayTask array, Map<JobPhase, Integer> counts, int size, List<Job> failed) {
        String named = failed.isEmpty() ? "" : " (" + failed.stream().limit(NAMED).map(Job::name).collect(Collectors.joining(", "))
                + (failed.size() > NAMED ? ", …" : "") + ")";
        String byPhase = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().displayName() + (e.getKey() == JobPhase.FAILED ? named : ""))
                .collect(Collectors.joining(", "));
        String cap = array.parallelism() < size ? "; at most " + array.parallelism() + " at once" : "";
        return size + " tasks: " + byPhase + cap;
    }

    private static int index(Job task) {
        return task.spec().array().map(ArrayTask::index).orElse(Integer.MAX_VALUE);
    }
}
