package dev.lepton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.JobSchedule;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    void a_spec_stored_before_accelerators_had_names_reads_its_gpus_as_nvidia_gpus() {
        JsonCodec json = new JsonCodec();
        JobSpec original = StoreTestJobs.job("ml", "old").build().spec();
        String stored = json.write(original).replace(",\"accelerators\":{\"nvidia.com/gpu\":1}", "");

        JobSpec spec = json.read(stored, JobSpec.class);

        assertThat(stored).contains("\"resources\":{\"cpuMillis\":2000,\"memoryBytes\":8589934592,\"gpus\":1}");
        assertThat(spec.resources().accelerators()).isEqualTo(Accelerators.nvidiaGpus(1));
        assertThat(spec).isEqualTo(original);
    }

    @Test
    void accelerators_are_stored_by_name_and_gpus_beside_them_keeps_the_nvidia_count_an_older_version_reads() {
        JsonCodec json = new JsonCodec();
        Resources mixed = new Resources(1_000, 1L << 30, Accelerators.of(Map.of("amd.com/gpu", 2, "nvidia.com/gpu", 1)));
        Resources amdOnly = new Resources(1_000, 1L << 30, Accelerators.of("amd.com/gpu", 4));

        assertThat(json.write(mixed)).isEqualTo(
                "{\"cpuMillis\":1000,\"memoryBytes\":1073741824,\"gpus\":1,\"accelerators\":{\"amd.com/gpu\":2,\"nvidia.com/gpu\":1}}");
        assertThat(json.read(json.write(mixed), Resources.class)).isEqualTo(mixed);
        assertThat(json.write(amdOnly)).contains("\"gpus\":0");
        assertThat(json.read(json.write(amdOnly), Resources.class)).isEqualTo(amdOnly);
    }

    @Test
    void a_node_stored_before_devices_had_a_resource_reads_as_nvidia_gpus_and_an_amd_node_reads_back_whole() {
        JsonCodec json = new JsonCodec();
        Node old = new Node("node-a", new Resources(8_000, 32L << 30, 1), List.of(new GpuDevice(0, "GPU-0", "H100", 80L << 30, 700)),
                Map.of(), NodeCondition.READY);
        Node amd = new Node("node-b", new Resources(8_000, 32L << 30, Accelerators.of("amd.com/gpu", 1)),
                List.of(new GpuDevice(0, "", "MI300X", 192L << 30, 750, "amd.com/gpu")), Map.of(), NodeCondition.READY);
        String stored = json.write(old).replace(",\"resource\":\"nvidia.com/gpu\"", "").replace(",\"accelerators\":{\"nvidia.com/gpu\":1}", "");

        assertThat(stored).doesNotContain("nvidia.com/gpu");
        assertThat(json.read(stored, Node.class)).isEqualTo(old);
        assertThat(json.read(json.write(amd), Node.class)).isEqualTo(amd);
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
