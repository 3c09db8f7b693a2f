package dev.lepton.core.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The indices of an array, written as Slurm's {@code --array} writes them: {@code 0-99},
 * {@code 1,3,5-7}, {@code 0-99:10} (every tenth), and their mixtures. Indices are whole numbers
 * from 0 to {@link #MAX_INDEX}; one written twice is one task; an array has at most
 * {@link #MAX_TASKS} tasks.
 */
public final class ArrayIndices {
    public static final int MAX_TASKS = 10_000;
    public static final int MAX_INDEX = 999_999;
    private static final String FORMS = "write N, A-B or A-B:STEP, separated by commas";

    private ArrayIndices() {}

    /** The indices, ascending and distinct; a fault is an {@link IllegalArgumentException} saying which part is wrong. */
    public static List<Integer> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("lists no index; " + FORMS + ", e.g. 0-99 or 1,3,5-7");
        }
        TreeSet<Integer> indices = new TreeSet<>();
        long written = 0;
        for (String raw : text.split(",", -1)) {
            Range range = range(raw.strip());
            written += range.count();
            if (written > MAX_TASKS) {
                throw new IllegalArgumentException("makes more than " + MAX_TASKS + " tasks, the most an array may have");
            }
            for (int i = range.first(); i <= range.last(); i += range.step()) {
                indices.add(i);
            }
        }
        return List.copyOf(new ArrayList<>(indices));
    }

    private record Range(int first, int last, int step) {
        long count() {
            return (last - first) / step + 1;
        }
    }

    private static Range range(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("has an empty part; " + FORMS);
        }
        String[] byStep = part.split(":", -1);
        if (byStep.length > 2) {
            throw new IllegalArgumentException("'" + part + "' is not an index or a range; " + FORMS);
        }
        String[] ends = byStep[0].split("-", -1);
        if (ends.length > 2) {
            throw new IllegalArgumentException("'" + part + "' is not an index or a range; " + FORMS);
        }
        int first = number(ends[0], part);
        int last = ends.length == 2 ? number(ends[1], part) : first;
        if (ends.length == 1 && byStep.length == 2) {
            throw new IllegalArgumentException("'" + part + "' has a step but no range; write A-B:STEP");
        }
        int step = byStep.length == 2 ? number(byStep[1], part) : 1;
        if (last < first) {
            throw new IllegalArgumentException("range '" + part + "' ends before it starts");
        }
        if (step < 1) {
            throw new IllegalArgumentException("step of '" + part + "' must be at least 1");
        }
        return new Range(first, last, step);
    }

    private static int number(String digits, String part) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + part + "' is not an index or a range; " + FORMS);
        }
        int value = Integer.parseInt(digits);
        if (value > MAX_INDEX) {
            throw new IllegalArgumentException("index " + value + " is over the largest, " + MAX_INDEX);
        }
        return value;
    }
}
