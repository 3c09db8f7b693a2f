package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

/**
 * A job's place in an array: task {@code index} of the {@code size} tasks of array {@code array}
 * (named {@code array-index}), submitted as {@code indices} with at most {@code parallelism} of
 * them holding resources at once. Every task of an array carries the same array fields.
 */
public record ArrayTask(String array, int index, int size, String indices, int parallelism) {
    /** The label that ties a task to its array, as Kubernetes' {@code job-name} label ties pods to their job. */
    public static final String ARRAY_LABEL = "lepton.dev/array";
    /** The label that carries a task's index, as Kubernetes' {@code job-completion-index}. */
    public static final String INDEX_LABEL = "lepton.dev/array-index";

    public ArrayTask {
        requireNonNull(array, "array is null");
        requireNonNull(indices, "indices is null");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (size < 1 || parallelism < 1) {
            throw new IllegalArgumentException("size and parallelism must be >= 1, got " + size + " and " + parallelism);
        }
    }

    /** The task's job name: {@code arr-3}. */
    public static String taskName(String array, int index) {
        return array + "-" + index;
    }

    /** Tasks of one array share this key: the project and the array's name. */
    public String key(String project) {
        return project + "/" + array;
    }
}
