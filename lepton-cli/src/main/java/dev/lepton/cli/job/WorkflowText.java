package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiArrayStatus;
import dev.lepton.api.v1.ApiDependency;
import dev.lepton.api.v1.ApiDependencyStatus;
import dev.lepton.api.v1.ApiJob;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How arrays and dependencies read in human output ({@code job run}, {@code get}, {@code explain}). */
final class WorkflowText {
    private WorkflowText() {}

    /** {@code arr, task 3 of 20 (indices 0-19, at most 4 at once)}, or for the array itself its tasks by phase. */
    static String array(ApiArrayStatus array) {
        String shape = "indices " + array.indices() + (array.parallelism() != null && array.size() != null
                && array.parallelism() < array.size() ? ", at most " + array.parallelism() + " at once" : "");
        if (array.index() != null) {
            return array.name() + ", task " + array.index() + " of " + array.size() + " (" + shape + ")";
        }
        Map<String, Integer> tasks = array.tasks() == null ? Map.of() : array.tasks();
        String phases = tasks.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return array.size() + " tasks (" + shape + ")" + (phases.isEmpty() ? "" : ": " + phases);
    }

    /** {@code prep to succeed: Waiting (Running)}. */
    static String dependency(ApiDependencyStatus d) {
        return d.job() + " to " + verb(d.condition()) + ": " + d.state() + (d.detail() == null ? "" : " (" + d.detail() + ")");
    }

    /** {@code prep to succeed}, when where it stands is not known (a list). */
    static String dependency(ApiDependency d) {
        return d.job() + " to " + verb(d.condition());
    }

    /** One line per dependency: with where it stands when the server said, else as asked. */
    static List<String> after(ApiJob job) {
        if (job.status() != null && job.status().dependencies() != null) {
            return job.status().dependencies().stream().map(WorkflowText::dependency).toList();
        }
        return job.spec() == null || job.spec().after() == null ? List.of()
                : job.spec().after().stream().map(WorkflowText::dependency).toList();
    }

    /** What {@code job run} says of a new array: its task names and how many run at once. */
    static String submittedArray(ApiJob array, boolean dryRun) {
        ApiArrayStatus a = array.status().array();
        return JobText.ref(array) + (dryRun ? " valid (dry run): " : " created: ") + "an array of " + a.size() + " tasks, jobs "
                + a.name() + "-INDEX for indices " + a.indices() + (a.parallelism() != null && a.parallelism() < a.size()
                ? ", at most " + a.parallelism() + " at once" : "");
    }

    private static String verb(String condition) {
        return "finished".equals(condition) ? "finish" : "succeed";
    }
}
