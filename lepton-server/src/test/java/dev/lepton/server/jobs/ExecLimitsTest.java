package dev.lepton.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.core.failure.LeptonException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command the kernel would refuse to start is refused when submitted, naming the field. */
class ExecLimitsTest {
    private static ApiJob job(List<String> command, List<String> args, Map<String, String> env) {
        return ApiJob.of(ObjectMeta.named("j", null), new ApiJobSpec(command, args, env, null, null, null, null, null, null, null,
                null, null));
    }

    @Test
    void an_argument_of_exactly_the_kernels_limit_is_accepted_one_byte_more_is_not() {
        String limit = "x".repeat(ExecLimits.MAX_STRING_BYTES);

        assertThat(JobMapper.accept(job(List.of("echo", limit), null, null), "default", java.time.Instant.EPOCH).spec().command()).hasSize(2);
        assertThatThrownBy(() -> JobMapper.accept(job(List.of("echo"), List.of(limit + "é"), null), "default", java.time.Instant.EPOCH))
                .isInstanceOf(LeptonException.class)
                .hasMessage("spec.args[0]: an argument may be at most 131071 bytes, the kernel's limit (got 131073 bytes)");
    }

    @Test
    void a_command_and_environment_over_arg_max_together_are_refused_though_each_string_fits() {
        List<String> args = new ArrayList<>(Collections.nCopies(19, "y".repeat(100_000)));
        Map<String, String> env = Map.of("A", "z".repeat(100_000), "B", "z".repeat(100_000));

        assertThat(JobMapper.accept(job(List.of("echo"), args, Map.of()), "default", java.time.Instant.EPOCH).spec().command()).hasSize(20);
        assertThatThrownBy(() -> JobMapper.accept(job(List.of("echo"), args, env), "default", java.time.Instant.EPOCH))
                .hasMessageStartingWith("spec.command: the command and spec.env may take at most " + ExecLimits.MAX_TOTAL_BYTES
                        + " bytes together, the kernel's limit less what Lepton adds (got ");
    }

    @Test
    void a_program_name_that_is_empty_or_blank_is_refused_where_it_was_written() {
        assertThatThrownBy(() -> JobMapper.accept(job(List.of(""), null, null), "default", java.time.Instant.EPOCH))
                .hasMessage("spec.command[0]: must name the program to run (got '')");
        assertThatThrownBy(() -> JobMapper.accept(job(null, List.of(" ", "x"), null), "default", java.time.Instant.EPOCH))
                .hasMessage("spec.args[0]: must name the program to run (got ' ')");
    }
}
