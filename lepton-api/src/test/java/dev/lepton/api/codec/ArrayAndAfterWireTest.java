package dev.lepton.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiArray;
import dev.lepton.api.v1.ApiArrayStatus;
import dev.lepton.api.v1.ApiDependency;
import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiDependencyStatus;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code spec.array}, {@code spec.after} and what status says of them, as files and the API write them. */
class ArrayAndAfterWireTest {
    @Test
    void a_job_file_with_an_array_and_dependencies_reads_every_field() {
        ApiJob job = Codec.read(("kind: Job\nmetadata: {name: arr}\nspec:\n  command: [echo]\n"
                + "  array: {indices: 0-99, parallelism: 8}\n  after: [{job: prep}, {job: data, condition: finished}]\n")
                .getBytes(StandardCharsets.UTF_8), ApiJob.class);

        assertThat(job.spec().array()).isEqualTo(new ApiArray("0-99", 8));
        assertThat(job.spec().after()).containsExactly(new ApiDependency("prep", null), new ApiDependency("data", "finished"));
    }

    @Test
    void a_job_without_them_reads_as_before_and_writes_neither() {
        ApiJob job = Codec.read("kind: Job\nmetadata: {name: j}\nspec: {command: [echo]}\n".getBytes(StandardCharsets.UTF_8), ApiJob.class);

        assertThat(job.spec().array()).isNull();
        assertThat(job.spec().after()).isNull();
        assertThat(Codec.toJson(job)).doesNotContain("array").doesNotContain("after");
    }

    @Test
    void a_parallelism_in_quotes_or_a_misspelt_field_is_refused_naming_it() {
        assertThatThrownBy(() -> Codec.read("kind: Job\nmetadata: {name: j}\nspec: {command: [echo], array: {indices: 0-3, parallelism: '2'}}\n"
                .getBytes(StandardCharsets.UTF_8), ApiJob.class)).hasMessageStartingWith("spec.array.parallelism: must be an integer, not a string");
        assertThatThrownBy(() -> Codec.read("kind: Job\nmetadata: {name: j}\nspec: {command: [echo], after: [{name: prep}]}\n"
                .getBytes(StandardCharsets.UTF_8), ApiJob.class)).hasMessageStartingWith("spec.after[0].name: unknown field");
    }

    @Test
    void a_status_with_its_array_and_dependencies_goes_round_the_wire_unchanged() {
        ApiJobStatus status = new ApiJobStatus("Queued", 0, 0, null, "waiting for job prep to succeed", null, null, null, List.of(),
                new ApiArrayStatus("arr", 3, 20, "0-19", 4, null), List.of(new ApiDependencyStatus("prep", "succeeded", "Waiting", "Running")),
                new ApiEnergy(3.6e6, 1, 150, 1.2, "modelled"), null);
        ApiJob job = new ApiJob("Job", "v1", ObjectMeta.named("arr-3", "default"),
                new ApiJobSpec(List.of("true"), null, Map.of(), null, null, null, null, null, null, null, null, null)
                        .withWorkflow(null, List.of(new ApiDependency("prep", "succeeded"))), status);

        assertThat(Codec.readJson(Codec.toJsonBytes(job), ApiJob.class)).isEqualTo(job);
        assertThat(Codec.read(Codec.toYaml(job).getBytes(StandardCharsets.UTF_8), ApiJob.class)).isEqualTo(job);
    }
}
