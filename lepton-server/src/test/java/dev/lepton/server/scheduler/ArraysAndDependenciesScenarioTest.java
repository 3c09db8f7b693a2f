package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.event.Event;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Dependency.Condition;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.store.Tx;
import dev.lepton.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrays and dependencies through the scheduler loop on simulated time, a real store and fake
 * workers: Slurm's {@code --array=A-B%N} throttle and {@code --dependency=afterok/afterany}.
 */
class ArraysAndDependenciesScenarioTest {
    static final String SLOT = "waiting for a slot in array arr: at most 2 of its tasks run at once";

    @TempDir
    Path dir;
    LoopScenario scenario;
    long seq;

    @BeforeEach
    void open() {
        scenario = new LoopScenario(dir);
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    void startLoop() {
        scenario.start(SchedulerLoopTest.NODE, QuotaTree.of(List.of(QueueSpec.unlimited("default")), List.of()), "priority");
    }

    TestJobs.Builder job(String name) {
        return TestJobs.training().name(name).cpu("1").seq(++seq);
    }

    List<Job> array(String name, int size, int parallelism) {
        List<Job> tasks = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            tasks.add(job(name + "-" + i).arrayTask(name, i, size, parallelism).build());
        }
        return tasks;
    }

    Job stored(String name) {
        return scenario.stored(name);
    }

    void finish(String name, int code) {
        scenario.executor.finish(new AttemptId(stored(name).uid(), stored(name).status().epoch(), 0), code);
    }

    List<String> running() {
        return scenario.names(j -> j.phase() == JobPhase.RUNNING || j.phase() == JobPhase.SCHEDULED);
    }

    /** A job as it is once it has run and ended with {@code code}, as a store holds it after the server stopped. */
    Job ended(Job running, int code) {
        AttemptId attempt = TestJobs.attempt(running, 0);
        return JobTransitions.workerExited(running, attempt, Optional.of(code), Usage.NONE, running.createdAt().plusSeconds(1)).job();
    }

    @Test
    void an_array_runs_at_most_parallelism_tasks_at_once_in_index_order_each_knowing_its_index() {
        array("arr", 6, 2).forEach(scenario::insert);
        startLoop();

        scenario.awaitThat("two tasks run", () -> running().equals(List.of("arr-0", "arr-1")));
        scenario.awaitThat("the rest say why they wait", () -> stored("arr-5").status().message().equals(SLOT));
        assertThat(scenario.executor.running()).as("the node has room for all six").hasSize(2);

        finish("arr-1", 0);
        scenario.awaitThat("the next task takes the freed slot", () -> running().equals(List.of("arr-0", "arr-2")));
        for (String task : List.of("arr-0", "arr-2", "arr-3", "arr-4")) {
            finish(task, 0);
            scenario.awaitThat("a slot frees after " + task, () -> !running().contains(task) && running().size() == Math.min(2, 5 - indexOf(task)));
        }
        finish("arr-5", 0);
        scenario.awaitPhase("arr-5", JobPhase.SUCCEEDED);

        // Index order is the order of the slots (asserted above); two tasks scheduled in one turn are
        // launched on threads of their own, so the executor may hear of them in either order.
        assertThat(scenario.executor.launches()).extracting(l -> l.env().get("LEPTON_ARRAY_INDEX"))
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
        assertThat(scenario.executor.launches().stream().filter(l -> "arr-0".equals(l.env().get("LEPTON_JOB"))).findFirst().orElseThrow().env())
                .containsEntry("LEPTON_ARRAY", "arr").containsEntry("LEPTON_ARRAY_SIZE", "6").containsEntry("LEPTON_ARRAY_INDEX", "0");
    }

    private static int indexOf(String task) {
        return Integer.parseInt(task.substring(task.indexOf('-') + 1));
    }

    @Test
    void an_array_of_ten_thousand_tasks_runs_only_its_parallelism_and_each_end_starts_the_next() {
        List<Job> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            tasks.add(TestJobs.training().name("big-" + i).cpu("100m").memory("1MiB").seq(++seq).arrayTask("big", i, 10_000, 5).build());
        }
        scenario.store.write(tx -> {
            tasks.forEach(tx.jobs()::insert);
            return null;
        });
        startLoop();

        scenario.awaitThat("five tasks run", () -> scenario.executor.running().size() == 5);
        scenario.awaitThat("the last task says why it waits", () -> stored("big-9999").status().message()
                .equals("waiting for a slot in array big: at most 5 of its tasks run at once"));
        finish("big-0", 0);
        scenario.awaitThat("the next one starts", () -> scenario.executor.launches().size() == 6);
        scenario.wake();
        assertThat(scenario.executor.running()).hasSize(5);
        // The first five, scheduled in one turn, are launched on threads of their own: in any order among them.
        assertThat(scenario.executor.launches().subList(0, 5)).extracting(l -> l.env().get("LEPTON_JOB"))
                .containsExactlyInAnyOrder("big-0", "big-1", "big-2", "big-3", "big-4");
        assertThat(scenario.executor.launches().get(5).env().get("LEPTON_JOB")).isEqualTo("big-5");
    }

    @Test
    void tasks_waiting_for_a_slot_hold_back_no_other_job() {
        array("arr", 3, 1).forEach(scenario::insert);
        scenario.insert(job("plain").build());
        startLoop();

        scenario.awaitThat("the plain job runs beside the one task", () -> running().equals(List.of("arr-0", "plain")));
        assertThat(stored("arr-1").status().message()).isEqualTo("waiting for a slot in array arr: at most 1 of its tasks run at once");
    }

    @Test
    void a_job_after_another_waits_until_it_succeeds_then_starts() {
        startLoop();
        Job prep = scenario.submit(job("prep").build());
        scenario.awaitPhase("prep", JobPhase.RUNNING);
        scenario.submit(job("train").after(prep, Condition.SUCCEEDED).build());

        scenario.awaitThat("train says what it waits for", () -> stored("train").status().message().equals("waiting for job prep to succeed"));
        assertThat(stored("train").phase()).isEqualTo(JobPhase.QUEUED);

        finish("prep", 0);
        scenario.awaitPhase("train", JobPhase.RUNNING);
    }

    @Test
    void a_dependency_that_fails_fails_its_dependents_at_once_and_theirs_in_turn_while_finished_ones_start() {
        startLoop();
        Job prep = scenario.submit(job("prep").build());
        scenario.awaitPhase("prep", JobPhase.RUNNING);
        Job train = scenario.submit(job("train").after(prep, Condition.SUCCEEDED).build());
        scenario.submit(job("report").after(train, Condition.SUCCEEDED).build());
        scenario.submit(job("cleanup").after(prep, Condition.FINISHED).build());
        scenario.awaitThat("all three wait", () -> stored("report").status().message().equals("waiting for job train to succeed")
                && stored("cleanup").status().message().equals("waiting for job prep to finish"));

        finish("prep", 3);

        scenario.awaitPhase("train", JobPhase.FAILED);
        scenario.awaitPhase("report", JobPhase.FAILED);
        scenario.awaitPhase("cleanup", JobPhase.RUNNING);
        assertThat(stored("train").status().message())
                .isEqualTo("dependency never satisfied: job prep ended Failed; this job runs only after it succeeds");
        assertThat(stored("report").status().message())
                .isEqualTo("dependency never satisfied: job train ended Failed; this job runs only after it succeeds");
        List<Event> events = scenario.store.read((Tx tx) -> tx.events().list("ml", "job/train", 0, 100));
        assertThat(events).extracting(Event::type)
                .contains("DependencyNeverSatisfied");
        assertThat(scenario.executor.launches()).extracting(l -> l.env().get("LEPTON_JOB")).containsExactly("prep", "cleanup");
    }

    @Test
    void a_job_after_an_array_waits_for_every_task_and_the_array_tasks_after_a_job_wait_together() {
        startLoop();
        Job prep = scenario.submit(job("prep").build());
        List<Job> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(scenario.submit(job("arr-" + i).arrayTask("arr", i, 3, 3).after(prep, Condition.SUCCEEDED).build()));
        }
        scenario.submit(job("merge").afterArray("arr", Condition.SUCCEEDED, tasks).build());
        scenario.awaitPhase("prep", JobPhase.RUNNING);
        scenario.awaitThat("the tasks wait for prep", () -> stored("arr-2").status().message().equals("waiting for job prep to succeed"));

        finish("prep", 0);
        scenario.awaitThat("all three tasks run", () -> running().equals(List.of("arr-0", "arr-1", "arr-2")));
        assertThat(stored("merge").status().message()).isEqualTo("waiting for array arr to succeed");
        finish("arr-0", 0);
        finish("arr-1", 0);
        scenario.awaitPhase("arr-1", JobPhase.SUCCEEDED);
        scenario.wake();
        assertThat(stored("merge").phase()).isEqualTo(JobPhase.QUEUED);

        finish("arr-2", 0);
        scenario.awaitPhase("merge", JobPhase.RUNNING);
    }

    @Test
    void after_a_restart_dependencies_on_jobs_that_ended_before_or_meanwhile_are_judged_from_the_store() {
        Job done = scenario.insert(ended(job("done").runningOn("n1").build(), 0));
        Job broke = scenario.insert(ended(job("broke").runningOn("n1").build(), 1));
        Job lost = scenario.insert(job("lost").runningOn("n1").build());
        scenario.insert(job("next").after(done, Condition.SUCCEEDED).build());
        scenario.insert(job("never").after(broke, Condition.SUCCEEDED).build());
        scenario.insert(job("orphan").after(lost, Condition.SUCCEEDED).build());
        scenario.executor.endedWhileUnwatched(TestJobs.attempt(lost, 0), 2);

        startLoop();

        scenario.awaitPhase("next", JobPhase.RUNNING);
        scenario.awaitPhase("never", JobPhase.FAILED);
        scenario.awaitPhase("orphan", JobPhase.FAILED);
        assertThat(stored("orphan").status().message()).startsWith("dependency never satisfied: job lost ended Failed");
        assertThat(scenario.executor.launches()).extracting(l -> l.env().get("LEPTON_JOB")).containsExactly("next");
    }

    @Test
    void a_dependency_on_a_job_that_was_deleted_can_never_succeed_but_has_finished() {
        Job gone = TestJobs.training().name("gone").seq(99).build();
        scenario.insert(job("strict").after(gone, Condition.SUCCEEDED).build());
        scenario.insert(job("lenient").after(gone, Condition.FINISHED).build());

        startLoop();

        scenario.awaitPhase("strict", JobPhase.FAILED);
        scenario.awaitPhase("lenient", JobPhase.RUNNING);
        assertThat(stored("strict").status().message()).isEqualTo("dependency never satisfied: job gone no longer exists; this job runs only after it succeeds");
        scenario.awaitThat("nothing else runs", () -> scenario.executor.launches().size() == 1);
        scenario.clock.advance(Duration.ofSeconds(1));
    }
}
