package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.JobSchedule;
import dev.lepton.core.job.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job stored before arrays and dependencies existed reads back as one of no array that waits for nothing. */
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
    void a_schedule_is_stored_and_read_back_whole() {
        JsonCodec json = new JsonCodec();
        JobSchedule schedule = new JobSchedule(Optional.of(Duration.ofHours(2)), Optional.of(Duration.ofHours(8)),
                Optional.of(Instant.parse("2030-01-02T06:00:00Z")));
        JobSpec written = StoreTestJobs.job("ml", "night").build().spec().withSchedule(Optional.of(schedule));

        assertThat(json.read(json.write(written), JobSpec.class).schedule()).contains(schedule);
    }
}
