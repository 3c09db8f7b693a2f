package dev.lepton.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slurm's {@code %N}: at most N tasks of an array hold resources; the rest wait in order and say why. */
class ArraySlotsTest {
    @Test
    void only_as_many_queued_tasks_as_the_parallelism_leaves_room_for_are_offered_first_in_queue_order() {
        List<Job> tasks = Tasks.array("arr", "0-5", 2);

        Map<String, String> held = ArraySlots.held(List.of(), tasks, job -> true);

        assertThat(held).containsOnlyKeys("uid-arr-2", "uid-arr-3", "uid-arr-4", "uid-arr-5");
        assertThat(held.get("uid-arr-2")).isEqualTo("waiting for a slot in array arr: at most 2 of its tasks run at once");
    }

    @Test
    void tasks_that_hold_resources_scheduled_or_running_count_against_the_parallelism_and_ended_ones_do_not() {
        List<Job> tasks = new ArrayList<>(Tasks.array("arr", "0-5", 3));
        List<Job> holding = List.of(Tasks.in(tasks.get(0), JobPhase.RUNNING), Tasks.in(tasks.get(1), JobPhase.SCHEDULED));
        List<Job> queued = tasks.subList(3, 6);

        assertThat(ArraySlots.held(holding, queued, job -> true)).containsOnlyKeys("uid-arr-4", "uid-arr-5");
    }

    @Test
    void a_task_that_waits_for_something_else_takes_no_slot_and_other_jobs_and_arrays_are_not_held() {
        List<Job> queued = new ArrayList<>(Tasks.array("arr", "0-2", 1));
        queued.addAll(Tasks.array("other", "0-1", 1));
        queued.add(Tasks.job("plain", 99));

        Map<String, String> held = ArraySlots.held(List.of(), queued, job -> !job.name().equals("arr-0"));

        assertThat(held).containsOnlyKeys("uid-arr-2", "uid-other-1");
    }

    @Test
    void arrays_of_the_same_name_in_two_projects_are_two_arrays() {
        Job here = Tasks.array("arr", "0", 1).getFirst();
        Job elsewhere = new Job("vision", here.name(), "uid-elsewhere", "bob", 2, here.createdAt(), 1, here.spec(), here.status());

        assertThat(ArraySlots.held(List.of(Tasks.in(here, JobPhase.RUNNING)), List.of(elsewhere), job -> true)).isEmpty();
    }
}
