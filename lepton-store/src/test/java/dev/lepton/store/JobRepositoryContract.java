package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What {@link JobRepository} promises on every database. */
abstract class JobRepositoryContract extends StoreContract {

    @Test
    void an_inserted_job_gets_a_seq_and_version_one_and_reads_back_equal() {
        Job stored = store.write(tx -> tx.jobs().insert(job("ml", "train").phase(JobPhase.RUNNING).priority(7).build()));

        assertThat(stored.seq()).isPositive();
        assertThat(stored.resourceVersion()).isEqualTo(1);
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).contains(stored);
        assertThat(store.read((Tx tx) -> tx.jobs().findByUid(stored.uid()))).contains(stored);
    }

    @Test
    void times_are_kept_to_the_millisecond_and_insert_returns_what_find_returns() {
        Instant withNanos = Instant.parse("2030-05-06T07:08:09.123456789Z");
        Job stored = store.write(tx -> tx.jobs().insert(job("ml", "train").createdAt(withNanos).build()));

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2030-05-06T07:08:09.123Z"));
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).contains(stored);
    }

    @Test
    void seqs_follow_submission_order() {
        List<Long> seqs = IntStream.range(0, 5)
                .mapToObj(i -> store.write(tx -> tx.jobs().insert(job("ml", "job-" + i).build())).seq())
                .toList();

        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_taken_name_is_already_exists_and_leaves_one_job() {
        store.write(tx -> tx.jobs().insert(job("ml", "train").build()));

        assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> store.write(tx -> tx.jobs().insert(job("ml", "train").build())))
                .hasMessage("job 'ml/train' already exists");
        assertThat(store.read((Tx tx) -> tx.jobs().count())).isEqualTo(1);
    }

    @Test
    void the_same_name_may_be_used_in_another_project() {
        store.write(tx -> tx.jobs().insert(job("ml", "train").build()));
        store.write(tx -> tx.jobs().insert(job("vision", "train").build()));

        assertThat(store.read((Tx tx) -> tx.jobs().count())).isEqualTo(2);
    }

    @Test
    void a_taken_uid_is_already_exists() {
        store.write(tx -> tx.jobs().insert(job("ml", "a").uid("same-uid").build()));

        assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> store.write(tx -> tx.jobs().insert(job("ml", "b").uid("same-uid").build())));
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "b"))).isEmpty();
    }

    @Test
    void an_update_based_on_the_current_version_succeeds_and_bumps_it() {
        Job stored = store.write(tx -> tx.jobs().insert(job("ml", "train").build()));
        Job running = job("ml", "train").uid(stored.uid()).phase(JobPhase.RUNNING).build();

        Job updated = store.write(tx -> tx.jobs().update(withVersion(stored.withStatus(running.status()), 1)));

        assertThat(updated.resourceVersion()).isEqualTo(2);
        assertThat(updated.seq()).isEqualTo(stored.seq());
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).contains(updated);
        assertThat(updated.phase()).isEqualTo(JobPhase.RUNNING);
    }

    @Test
    void an_update_based_on_a_stale_version_is_a_version_conflict_and_changes_nothing() {
        Job stored = store.write(tx -> tx.jobs().insert(job("ml", "train").build()));
        store.write(tx -> tx.jobs().update(stored.withStatus(queued())));

        assertFailsWith(ErrorCode.VERSION_CONFLICT, () -> store.write(tx -> tx.jobs().update(stored.withStatus(queued()))))
                .hasMessageContaining("job 'ml/train'").hasMessageContaining("resourceVersion is 2");
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train")).orElseThrow().resourceVersion()).isEqualTo(2);
    }

    @Test
    void updating_a_job_that_does_not_exist_is_not_found() {
        Job never = withVersion(job("ml", "ghost").build(), 1);

        assertFailsWith(ErrorCode.NOT_FOUND, () -> store.write(tx -> tx.jobs().update(never)))
                .hasMessage("job 'ml/ghost' not found");
    }

    @Test
    void a_list_pages_through_all_jobs_by_cursor_in_seq_order() {
        List<Job> inserted = IntStream.range(0, 5)
                .mapToObj(i -> store.write(tx -> tx.jobs().insert(job(i % 2 == 0 ? "ml" : "vision", "job-" + i).build())))
                .toList();

        List<Job> first = store.read(tx -> tx.jobs().list(JobQuery.all(2)));
        List<Job> second = store.read(tx -> tx.jobs().list(JobQuery.all(2).after(first.getLast().seq())));
        List<Job> third = store.read(tx -> tx.jobs().list(JobQuery.all(2).after(second.getLast().seq())));
        List<Job> past = store.read(tx -> tx.jobs().list(JobQuery.all(2).after(third.getLast().seq())));

        assertThat(first).containsExactlyElementsOf(inserted.subList(0, 2));
        assertThat(second).containsExactlyElementsOf(inserted.subList(2, 4));
        assertThat(third).containsExactlyElementsOf(inserted.subList(4, 5));
        assertThat(past).isEmpty();
    }

    @Test
    void a_list_filters_by_project_and_phase() {
        store.write(tx -> tx.jobs().insert(job("ml", "pending").build()));
        store.write(tx -> tx.jobs().insert(job("ml", "running").phase(JobPhase.RUNNING).build()));
        store.write(tx -> tx.jobs().insert(job("ml", "failed").phase(JobPhase.FAILED).build()));
        store.write(tx -> tx.jobs().insert(job("vision", "running").phase(JobPhase.RUNNING).build()));

        List<Job> mlRunningOrFailed = store.read(tx -> tx.jobs().list(
                JobQuery.all(10).inProject("ml").inPhases(JobPhase.RUNNING, JobPhase.FAILED)));
        List<Job> running = store.read(tx -> tx.jobs().list(JobQuery.all(10).inPhases(JobPhase.RUNNING)));

        assertThat(mlRunningOrFailed).extracting(Job::name).containsExactly("running", "failed");
        assertThat(running).extracting(Job::qualifiedName).containsExactly("ml/running", "vision/running");
    }

    @Test
    void a_list_filters_by_name_prefix_with_the_other_filters() {
        store.write(tx -> tx.jobs().insert(job("ml", "web-1-abcde").phase(JobPhase.RUNNING).build()));
        store.write(tx -> tx.jobs().insert(job("ml", "web-2-fghij").phase(JobPhase.SUCCEEDED).build()));
        store.write(tx -> tx.jobs().insert(job("ml", "webby").phase(JobPhase.RUNNING).build()));
        store.write(tx -> tx.jobs().insert(job("vision", "web-1-klmno").phase(JobPhase.RUNNING).build()));

        List<Job> web = store.read(tx -> tx.jobs().list(JobQuery.all(10).inProject("ml").named("web-")));
        List<Job> runningWeb = store.read(tx -> tx.jobs().list(JobQuery.all(10).inPhases(JobPhase.RUNNING).named("web-")));

        assertThat(web).extracting(Job::name).containsExactly("web-1-abcde", "web-2-fghij");
        assertThat(runningWeb).extracting(Job::qualifiedName).containsExactly("ml/web-1-abcde", "vision/web-1-klmno");
        assertThatThrownBy(() -> JobQuery.all(1).named("web_%")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("web_%");
    }

    @Test
    void the_phase_filter_follows_updates() {
        Job stored = store.write(tx -> tx.jobs().insert(job("ml", "train").build()));
        store.write(tx -> tx.jobs().update(stored.withStatus(queued())));

        assertThat(store.read((Tx tx) -> tx.jobs().list(JobQuery.all(10).inPhases(JobPhase.PENDING)))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.jobs().list(JobQuery.all(10).inPhases(JobPhase.QUEUED)))).hasSize(1);
    }

    @Test
    void active_holds_every_unfinished_job_by_seq() {
        for (JobPhase phase : JobPhase.values()) {
            store.write(tx -> tx.jobs().insert(job("ml", phase.name().toLowerCase()).phase(phase).build()));
        }

        List<Job> active = store.read(tx -> tx.jobs().active());

        assertThat(active).extracting(Job::phase)
                .containsExactly(JobPhase.PENDING, JobPhase.QUEUED, JobPhase.DEFERRED, JobPhase.SCHEDULED, JobPhase.RUNNING, JobPhase.PREEMPTED);
        assertThat(active).extracting(Job::seq).isSorted();
        assertThat(store.read((Tx tx) -> tx.jobs().count())).isEqualTo(JobPhase.values().length);
    }

    @Test
    void a_job_that_has_ended_is_deleted_by_uid_and_its_name_is_free_again() {
        Job done = store.write((Tx tx) -> tx.jobs().insert(job("ml", "train").phase(JobPhase.SUCCEEDED).build()));

        assertThat(store.write((Tx tx) -> tx.jobs().deleteEnded(done.uid()))).isTrue();

        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).isEmpty();
        assertThat(store.write((Tx tx) -> tx.jobs().insert(job("ml", "train").build())).uid()).isNotEqualTo(done.uid());
    }

    @Test
    void a_job_that_has_not_ended_is_not_deleted_and_an_unknown_one_is_not_found() {
        Job running = store.write((Tx tx) -> tx.jobs().insert(job("ml", "train").phase(JobPhase.RUNNING).build()));

        assertFailsWith(ErrorCode.FAILED_PRECONDITION, () -> store.write((Tx tx) -> tx.jobs().deleteEnded(running.uid())))
                .hasMessage("job 'ml/train' has not ended (Running)");
        assertFailsWith(ErrorCode.NOT_FOUND, () -> store.write((Tx tx) -> tx.jobs().deleteEnded("no-such-uid")));
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).contains(running);
    }

    @Test
    void a_read_cannot_write() {
        assertFailsWith(ErrorCode.INTERNAL, () -> store.read(tx -> tx.jobs().insert(job("ml", "sneaky").build())));
        assertThat(store.read((Tx tx) -> tx.jobs().count())).isZero();
    }

    @Test
    void an_array_task_and_its_dependencies_read_back_equal_and_the_tasks_of_an_array_are_found_by_its_name() {
        Dependency after = Dependency.unresolved("prep", Dependency.Condition.FINISHED).resolved(false, List.of("uid-prep"));
        for (int i = 0; i < 3; i++) {
            Job plain = job("ml", "arr-" + i).build();
            JobSpec task = plain.spec().asTask(new ArrayTask("arr", i, 3, "0-2", 2)).withAfter(List.of(after));
            store.write(tx -> tx.jobs().insert(new Job("ml", plain.name(), plain.uid(), "alice", 0, plain.createdAt(), 0, task, plain.status())));
        }
        store.write(tx -> tx.jobs().insert(job("ml", "arr-x").build()));
        store.write(tx -> tx.jobs().insert(job("vision", "arr-0").build()));
        Job other = job("ml", "arr-1-0").build();
        store.write(tx -> tx.jobs().insert(new Job("ml", other.name(), other.uid(), "alice", 0, other.createdAt(), 0,
                other.spec().asTask(new ArrayTask("arr-1", 0, 1, "0", 1)), other.status())));

        List<Job> tasks = store.read(tx -> tx.jobs().arrayTasks("ml", "arr"));

        assertThat(tasks).extracting(Job::name).containsExactly("arr-0", "arr-1", "arr-2");
        assertThat(tasks.getFirst().spec().array()).contains(new ArrayTask("arr", 0, 3, "0-2", 2));
        assertThat(tasks.getFirst().spec().after()).containsExactly(after);
        assertThat(tasks.getFirst().spec().labels()).containsEntry(ArrayTask.ARRAY_LABEL, "arr").containsEntry(ArrayTask.INDEX_LABEL, "0");
        assertThat(store.read((Tx tx) -> tx.jobs().arrayTasks("ml", "arr-1"))).extracting(Job::name).containsExactly("arr-1-0");
        assertThat(store.read((Tx tx) -> tx.jobs().arrayTasks("ml", "ar"))).isEmpty();
    }

    private static JobStatus queued() {
        return job("x", "y").phase(JobPhase.QUEUED).build().status();
    }

    private static Job withVersion(Job job, long version) {
        return new Job(job.project(), job.name(), job.uid(), job.owner(), job.seq(), job.createdAt(), version, job.spec(), job.status());
    }
}
