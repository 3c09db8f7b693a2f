package dev.lepton.core.workflow;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An array as submitted: one job per index of {@code indices} (as written; {@code values} is what
 * they mean), at most {@code parallelism} of them holding resources at once.
 */
public record ArrayRequest(String indices, List<Integer> values, int parallelism) {
    public ArrayRequest {
        requireNonNull(indices, "indices is null");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an array has at least one index");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
    }

    /** One task of the array, by its job name and spec. */
    public record Task(String name, JobSpec spec) {}

    /** The array's tasks in index order: {@code name-INDEX}, each the same spec but for its place in the array. */
    public List<Task> tasks(String name, JobSpec spec) {
        List<Task> tasks = new ArrayList<>(values.size());
        for (int index : values) {
            tasks.add(new Task(ArrayTask.taskName(name, index),
                    spec.asTask(new ArrayTask(name, index, values.size(), indices, parallelism))));
        }
        return tasks;
    }

    /** The longest task name: that of the largest index. */
    public String longestTaskName(String name) {
        return ArrayTask.taskName(name, values.getLast());
    }
}
