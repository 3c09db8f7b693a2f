package dev.lepton.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Dependency.Condition;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.workflow.DependencyState.State;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Slurm's afterok ({@code succeeded}) and afterany ({@code finished}), on jobs and on whole arrays. */
class DependenciesTest {
    private final Map<String, JobPhase> phases = new HashMap<>();

    private DependencyState state(Dependency dependency) {
        return Dependencies.state(dependency, uid -> Optional.ofNullable(phases.get(uid)));
    }

    private static Dependency onJob(String name, Condition condition) {
        return Dependency.unresolved(name, condition).resolved(false, List.of("uid-" + name));
    }

    private static Dependency onArray(String name, Condition condition, String... uids) {
        return Dependency.unresolved(name, condition).resolved(true, List.of(uids));
    }

    @Test
    void succeeded_is_met_only_by_success_and_can_never_be_met_once_the_job_failed_was_cancelled_or_is_gone() {
        Dependency prep = onJob("prep", Condition.SUCCEEDED);

        phases.put("uid-prep", JobPhase.RUNNING);
        assertThat(state(prep)).isEqualTo(new DependencyState(prep, State.WAITING, "Running"));
        phases.put("uid-prep", JobPhase.SUCCEEDED);
        assertThat(state(prep).state()).isEqualTo(State.MET);
        phases.put("uid-prep", JobPhase.FAILED);
        assertThat(state(prep)).isEqualTo(new DependencyState(prep, State.NEVER, "Failed"));
        phases.put("uid-prep", JobPhase.CANCELLED);
        assertThat(state(prep).state()).isEqualTo(State.NEVER);
        phases.remove("uid-prep");
        assertThat(state(prep)).isEqualTo(new DependencyState(prep, State.NEVER, "deleted"));
    }

    @Test
    void finished_is_met_by_any_end() {
        Dependency prep = onJob("prep", Condition.FINISHED);

        phases.put("uid-prep", JobPhase.QUEUED);
        assertThat(state(prep).state()).isEqualTo(State.WAITING);
        for (JobPhase end : List.of(JobPhase.SUCCEEDED, JobPhase.FAILED, JobPhase.CANCELLED)) {
            phases.put("uid-prep", end);
            assertThat(state(prep).state()).as(end.displayName()).isEqualTo(State.MET);
        }
        phases.remove("uid-prep");
        assertThat(state(prep).state()).as("a deleted job has ended").isEqualTo(State.MET);
    }

    @Test
    void an_array_is_waited_for_task_by_task_and_one_failed_task_dooms_a_succeeded_dependency() {
        Dependency all = onArray("arr", Condition.SUCCEEDED, "a0", "a1", "a2");
        phases.putAll(Map.of("a0", JobPhase.SUCCEEDED, "a1", JobPhase.RUNNING, "a2", JobPhase.QUEUED));

        assertThat(state(all)).isEqualTo(new DependencyState(all, State.WAITING, "3 tasks: 1 Queued, 1 Running, 1 Succeeded"));
        phases.put("a2", JobPhase.FAILED);
        assertThat(state(all).state()).as("before the running task ends").isEqualTo(State.NEVER);
        assertThat(state(onArray("arr", Condition.FINISHED, "a0", "a1", "a2")).state()).isEqualTo(State.WAITING);
        phases.put("a1", JobPhase.SUCCEEDED);
        assertThat(state(onArray("arr", Condition.FINISHED, "a0", "a1", "a2")).state()).isEqualTo(State.MET);
    }

    @Test
    void readiness_waits_for_every_dependency_naming_each_and_fails_on_the_first_that_can_never_be_met() {
        phases.putAll(Map.of("uid-a", JobPhase.RUNNING, "uid-b", JobPhase.QUEUED, "uid-c", JobPhase.SUCCEEDED));
        Dependency a = onJob("a", Condition.SUCCEEDED);
        Dependency b = onJob("b", Condition.FINISHED);
        Dependency c = onJob("c", Condition.SUCCEEDED);

        assertThat(Dependencies.readiness(Dependencies.states(List.of(a, b, c), uid -> Optional.ofNullable(phases.get(uid)))))
                .isEqualTo(new Readiness.Waiting("waiting for job a to succeed and job b to finish"));
        phases.put("uid-a", JobPhase.FAILED);
        assertThat(Dependencies.readiness(Dependencies.states(List.of(a, b, c), uid -> Optional.ofNullable(phases.get(uid)))))
                .isEqualTo(new Readiness.Never("dependency never satisfied: job a ended Failed; this job runs only after it succeeds"));
        phases.putAll(Map.of("uid-a", JobPhase.SUCCEEDED, "uid-b", JobPhase.CANCELLED));
        assertThat(Dependencies.readiness(Dependencies.states(List.of(a, b, c), uid -> Optional.ofNullable(phases.get(uid)))))
                .isEqualTo(new Readiness.Ready());
        assertThat(Dependencies.readiness(List.of())).isEqualTo(new Readiness.Ready());
    }

    @Test
    void the_reasons_say_what_to_wait_for_and_why_it_can_never_happen() {
        phases.putAll(Map.of("a0", JobPhase.SUCCEEDED, "a1", JobPhase.CANCELLED));
        Dependency arr = onArray("arr", Condition.SUCCEEDED, "a0", "a1", "a2");

        Readiness never = Dependencies.readiness(List.of(state(arr)));

        assertThat(never).isEqualTo(new Readiness.Never("dependency never satisfied: array arr has tasks that did not succeed "
                + "(3 tasks: 1 Succeeded, 1 Cancelled, 1 deleted); this job runs only after all its tasks succeed"));
        assertThat(Dependencies.isWaitingMessage("waiting for array arr to finish")).isTrue();
        assertThat(Dependencies.isWaitingMessage("waiting for job prep to succeed")).isTrue();
        assertThat(Dependencies.isWaitingMessage("waiting for quota: queue a is at its nominal cpu quota")).isFalse();
    }
}
