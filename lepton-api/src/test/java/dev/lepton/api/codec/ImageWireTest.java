package dev.lepton.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spec.image}, as files and the API write it. */
class ImageWireTest {
    @Test
    void a_job_file_names_its_image_and_the_image_goes_round_the_wire() {
        ApiJob job = Codec.read("kind: Job\nmetadata: {name: boxed}\nspec: {command: [python, train.py], image: 'python:3.12-slim'}\n"
                .getBytes(StandardCharsets.UTF_8), ApiJob.class);

        assertThat(job.spec().image()).isEqualTo("python:3.12-slim");
        assertThat(Codec.readJson(Codec.toJsonBytes(job), ApiJob.class)).isEqualTo(job);
    }

    @Test
    void a_job_without_one_writes_none() {
        ApiJob job = ApiJob.of(ObjectMeta.named("host", null),
                new ApiJobSpec(List.of("true"), null, null, null, null, null, null, null, null, null, null, null));

        assertThat(job.spec().image()).isNull();
        assertThat(Codec.toJson(job)).doesNotContain("image");
    }

    @Test
    void an_image_that_is_not_a_string_is_refused_naming_it() {
        assertThatThrownBy(() -> Codec.read("kind: Job\nmetadata: {name: j}\nspec: {command: [echo], image: [python]}\n"
                .getBytes(StandardCharsets.UTF_8), ApiJob.class)).hasMessageStartingWith("spec.image: expected a string");
    }
}
