package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.JobSpec;
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
}
