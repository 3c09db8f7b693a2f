package dev.lepton.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiQueue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The wire format refuses what it would otherwise have to guess at, naming the field and the value. */
class CodecTest {
    private static final String JOB = "{\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"command\":[\"true\"],%s}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a fractional gpu count         | \"resources\":{\"gpus\":0.5}    | spec.resources.gpus: must be an integer (got 0.5)",
        "half an accelerator by name    | \"resources\":{\"accelerators\":{\"amd.com/gpu\":0.5}} | spec.resources.accelerators.amd.com/gpu: must be an integer (got 0.5)",
        "an accelerator count in quotes | \"resources\":{\"accelerators\":{\"amd.com/gpu\":\"2\"}} | spec.resources.accelerators.amd.com/gpu: must be an integer, not a string (got '2')",
        "no accelerator count           | \"resources\":{\"accelerators\":{\"amd.com/gpu\":null}} | spec.resources.accelerators.amd.com/gpu: must not be null",
        "fractional workers             | \"workers\":1.9                 | spec.workers: must be an integer (got 1.9)",
        "a whole number written as 2.0  | \"workers\":2.0                 | spec.workers: must be an integer (got 2.0)",
        "a number in quotes             | \"workers\":\"2\"               | spec.workers: must be an integer, not a string (got '2')",
        "a word                         | \"priority\":\"high\"           | spec.priority: must be an integer (got 'high')",
        "an empty string                | \"priority\":\"\"               | spec.priority: must be an integer (got '')",
        "a fraction of a retry          | \"retry\":{\"maxRetries\":1.5}  | spec.retry.maxRetries: must be an integer (got 1.5)",
        "too large for its field        | \"workers\":99999999999         | spec.workers: must be an integer from -2147483648 to 2147483647 (got 99999999999)",
        "a boolean in quotes            | \"preemption\":{\"canPreempt\":\"false\"} | spec.preemption.canPreempt: must be true or false, not a string (got 'false')",
        "a boolean as a number          | \"preemption\":{\"canPreempt\":0} | spec.preemption.canPreempt: must be true or false (got 0)",
    })
    void a_value_that_is_not_of_its_fields_type_is_refused_naming_the_field(String why, String field, String message) {
        byte[] json = String.format(JOB, field).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Codec.readJson(json, ApiJob.class)).as(why).isInstanceOf(WireFormatException.class).hasMessage(message);
        assertThatThrownBy(() -> Codec.read(json, ApiJob.class)).as(why + ", read as YAML").isInstanceOf(WireFormatException.class)
                .hasMessage(message);
    }

    @Test
    void a_json_body_and_its_yaml_flow_twin_read_alike() {
        byte[] json = "  {\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"command\":[\"true\"],\"workers\":2}}\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] flow = "{kind: Job, metadata: {name: j}, spec: {command: ['true'], workers: 2}}".getBytes(StandardCharsets.UTF_8);

        assertThat(Codec.read(flow, ApiJob.class)).isEqualTo(Codec.read(json, ApiJob.class));
        assertThat(Codec.read(json, ApiJob.class).spec().workers()).isEqualTo(2);
    }

    @Test
    void text_after_a_json_document_is_refused_as_yaml_refuses_it() {
        byte[] trailing = "{\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"command\":[\"true\"]}} {\"kind\":\"Job\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Codec.read(trailing, ApiJob.class)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Codec.readJson(trailing, ApiJob.class)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void yaml_numbers_are_held_to_the_same_rule() {
        byte[] yaml = "kind: Job\nmetadata: {name: j}\nspec:\n  command: [echo]\n  resources: {gpus: 0.5}\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Codec.read(yaml, ApiJob.class)).hasMessage("spec.resources.gpus: must be an integer (got 0.5)");
    }

    @Test
    void accelerators_are_read_by_resource_name_beside_gpus() {
        ApiJob job = Codec.read(("kind: Job\nmetadata: {name: j}\nspec:\n  command: [echo]\n"
                + "  resources: {gpus: 1, accelerators: {amd.com/gpu: 2, google.com/tpu: 4}}\n").getBytes(StandardCharsets.UTF_8), ApiJob.class);

        assertThat(job.spec().resources().gpus()).isEqualTo(1);
        assertThat(job.spec().resources().accelerators()).containsExactly(entry("amd.com/gpu", 2), entry("google.com/tpu", 4));
    }

    @Test
    void integers_and_booleans_written_plainly_are_read_as_before() {
        ApiJob job = Codec.read(("kind: Job\nmetadata: {name: j}\nspec:\n  command: [echo]\n  workers: 2\n  priority: -3\n"
                + "  resources: {cpu: 2, memory: 1.5, gpus: 1}\n  preemption: {canPreempt: false}\n").getBytes(StandardCharsets.UTF_8),
                ApiJob.class);

        assertThat(job.spec().workers()).isEqualTo(2);
        assertThat(job.spec().priority()).isEqualTo(-3);
        assertThat(job.spec().resources().gpus()).isEqualTo(1);
        assertThat(job.spec().resources().cpu()).as("a quantity may be written as a number").isEqualTo("2");
        assertThat(job.spec().preemption().canPreempt()).isFalse();
    }

    @Test
    void queues_and_cohorts_keep_their_quantities_as_written_and_refuse_mistyped_weights() {
        ApiQueue queue = Codec.read("kind: Queue\nmetadata: {name: q}\nspec:\n  nominal: {nvidia.com/gpu: 4, cpu: 0.5}\n  scoring: {energy: 2}\n"
                .getBytes(StandardCharsets.UTF_8), ApiQueue.class);
        assertThat(queue.spec().nominal()).containsEntry("nvidia.com/gpu", "4").containsEntry("cpu", "0.5");

        assertThatThrownBy(() -> Codec.read("kind: Queue\nmetadata: {name: q}\nspec:\n  scoring: {energy: \"2\"}\n"
                .getBytes(StandardCharsets.UTF_8), ApiQueue.class)).hasMessage("spec.scoring.energy: must be a number, not a string (got '2')");
        assertThatThrownBy(() -> Codec.read("kind: Cohort\nmetadata: {name: c, resourceVersion: 1.5}\n"
                .getBytes(StandardCharsets.UTF_8), ApiCohort.class)).hasMessage("metadata.resourceVersion: must be an integer (got 1.5)");
    }
}
