package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrays and dependencies with the built CLI against the built server and real processes, as a user drives them. */
class ArraysCliIT extends SharedServerProcess {
    /**
     * Open to the workers, which run as the project's user where the server is root (the server's home is not theirs),
     * and their {@code --workdir}: a sandboxed worker sees no other host directory.
     */
    @TempDir
    Path shared;

    @Test
    void an_array_runs_every_index_with_at_most_its_parallelism_at_once_and_wait_answers_for_all() throws Exception {
        Path log = Gates.open(shared).resolve("marks.log");
        var run = server.cli("job", "run", "--name", "arr", "--array", "0-7%2", "--workdir", shared.toString(), "--", "sh", "-c",
                "echo start $(date +%s%N) $LEPTON_ARRAY_INDEX >> " + log + "; sleep 0.5; echo end $(date +%s%N) $LEPTON_ARRAY_INDEX >> " + log);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("job/arr created: an array of 8 tasks, jobs arr-INDEX for indices 0-7, at most 2 at once");

        var wait = server.cli("job", "wait", "arr", "--timeout", "120s");

        assertThat(wait.exitCode()).as(wait.output()).isZero();
        assertThat(wait.output()).contains("job/arr Succeeded: 8 tasks: 8 Succeeded; at most 2 at once");
        List<String> marks = Files.readAllLines(log);
        TreeSet<Integer> indices = new TreeSet<>();
        List<long[]> events = new ArrayList<>();
        for (String line : marks) {
            String[] parts = line.split(" ");
            if (parts[0].equals("start")) {
                indices.add(Integer.parseInt(parts[2]));
            }
            events.add(new long[] {Long.parseLong(parts[1]), parts[0].equals("start") ? 1 : -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (long[] event : events) {
            running += (int) event[1];
            peak = Math.max(peak, running);
        }
        assertThat(indices).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(peak).isEqualTo(2);
        assertThat(server.cli("job", "get", "arr-5").output()).contains("Array:     arr, task 5 of 8 (indices 0-7, at most 2 at once)");
        assertThat(server.cli("job", "list").output()).contains("arr-0").contains("arr-7");
    }

    @Test
    void a_failed_dependency_fails_its_dependents_and_a_finished_one_runs() throws Exception {
        server.cli("job", "run", "--name", "prep", "--", "sh", "-c", "sleep 1; exit 3");
        assertThat(server.cli("job", "run", "--name", "train", "--after", "prep", "--", "true").exitCode()).isZero();
        server.cli("job", "run", "--name", "report", "--after", "train:succeeded", "--", "true");
        server.cli("job", "run", "--name", "tidy", "--after", "prep:finished", "--", "true");

        var report = server.cli("job", "wait", "report", "--timeout", "60s");

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.output()).contains("dependency never satisfied: job train ended Failed");
        assertThat(server.cli("job", "wait", "tidy", "--timeout", "60s").exitCode()).isZero();
        assertThat(server.cli("job", "get", "train").output()).contains("After:     prep to succeed: Never (Failed)");
        var ghost = server.cli("job", "run", "--name", "lonely", "--after", "ghost", "--", "true");
        assertThat(ghost.exitCode()).isEqualTo(1);
        assertThat(ghost.output().strip().lines()).hasSize(1);
        assertThat(ghost.output()).contains("spec.after[0].job: no job or array named 'ghost'");
    }

    @Test
    void an_array_file_applied_twice_is_unchanged_and_cancelling_the_array_cancels_its_tasks() throws Exception {
        Path file = home.resolve("array.yaml");
        Files.writeString(file, "kind: Job\nmetadata: {name: slow}\nspec:\n  command: [sleep, '60']\n  array: {indices: '0-2', parallelism: 1}\n");

        var first = server.cli("apply", "-f", file.toString());
        var again = server.cli("apply", "-f", file.toString());
        var cancel = server.cli("job", "cancel", "slow");
        var wait = server.cli("job", "wait", "slow", "--timeout", "60s");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("job/slow unchanged");
        assertThat(cancel.exitCode()).as(cancel.output()).isZero();
        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(wait.output()).contains("job/slow Cancelled: 3 tasks: 3 Cancelled");
    }
}
