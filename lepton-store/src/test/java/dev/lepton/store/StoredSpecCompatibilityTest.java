package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.JobSchedule;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Documents stored by earlier versions read back as what they meant then. */
class StoredSpecCompatibilityTest {
    @Test
    void a_spec_stored_without_array_and_after_reads_with_neither() {
        JsonCodec json = new JsonCodec();
        String stored = json.write(StoreTestJobs.job("ml", "old").build().spec())
                .replace(",\"array\":null", "").replace(",\"after\":[]", "");

        JobSpec spec = json.read(stored, JobSpec.class);

        assertThat(stored).doesNotContain("array").doesNotContain("after");
        assertThat(spec.array()).isEmpty();
        assertThat(spec.after()).isEmpty();
        assertThat(spec).isEqualTo(StoreTestJobs.job("ml", "old").build().spec());
    }

    @Test
    void a_spec_stored_before_schedules_existed_reads_as_one_without_a_schedule() {
        JsonCodec json = new JsonCodec();
        String stored = json.write(StoreTestJobs.job("ml", "old").build().spec()).replace(",\"schedule\":null", "");

        JobSpec spec = json.read(stored, JobSpec.class);

        assertThat(stored).doesNotContain("schedule");
        assertThat(spec.schedule()).isEmpty();
    }

    @Test
    void a_spec_stored_before_images_existed_reads_as_one_without_an_image() {
        JsonCodec json = new JsonCodec();
        String stored = json.write(StoreTestJobs.job("ml", "old").build().spec()).replace(",\"image\":null", "");

        JobSpec spec = json.read(stored, JobSpec.class);

        assertThat(stored).doesNotContain("image");
        assertThat(spec.image()).isEmpty();
        assertThat(spec).isEqualTo(StoreTestJobs.job("ml", "old").build().spec());
    }

    @Test
    void an_image_is_stored_and_read_back() {
        JsonCodec json = new JsonCodec();
        JobSpec written = StoreTestJobs.job("ml", "boxed").build().spec().withImage(Optional.of("python:3.12-slim"));

        assertThat(json.read(json.write(written), JobSpec.class).image()).contains("python:3.12-slim");
    }

    @Test
    void a_schedule_is_stored_and_read_back_whole() {
        JsonCodec json = new JsonCodec();
        JobSchedule schedule = new JobSchedule(Optional.of(Duration.ofHours(2)), Optional.of(Duration.ofHours(8)),
                Optional.of(Instant.parse("2030-01-02T06:00:00Z")));
        JobSpec written = StoreTestJobs.job("ml", "night").build().spec().withSchedule(Optional.of(schedule));

        assertThat(json.read(json.write(written), JobSpec.class).schedule()).contains(schedule);
    }

    @Test
    void a_worker_stored_before_handles_existed_reads_as_the_local_process_it_was() {
        JsonCodec json = new JsonCodec();
        WorkerStatus worker = WorkerStatus.launching(0, "node-a", List.of()).started("pid 4242", Optional.of(4242L), Instant.EPOCH);
        String stored = json.write(worker).replace(",\"handle\":\"pid 4242\"", "");

        assertThat(stored).doesNotContain("handle");
        assertThat(json.read(stored, WorkerStatus.class)).isEqualTo(worker);
    }
}
