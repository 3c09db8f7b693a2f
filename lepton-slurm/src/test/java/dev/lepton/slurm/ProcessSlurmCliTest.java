package dev.lepton.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process runner, against stand-in commands in a bin directory. */
class ProcessSlurmCliTest {
    @TempDir
    Path bin;

    private ProcessSlurmCli cli(Duration timeout) {
        return new ProcessSlurmCli(SlurmCliConfig.DEFAULTS.withBinDirectory(bin).withCommandTimeout(timeout));
    }

    private void command(String name, String script) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void a_command_gets_its_arguments_and_input_and_its_output_and_status_come_back() throws IOException {
        command("sbatch", "echo \"args: $*\"; cat; echo oops >&2; exit 3");

        CliOutput output = cli(Duration.ofSeconds(10)).run(List.of("sbatch", "--parsable", "--job-name=a b"), "#!/bin/sh\ntrue\n");

        assertThat(output.exitCode()).isEqualTo(3);
        assertThat(output.stdout()).isEqualTo("args: --parsable --job-name=a b\n#!/bin/sh\ntrue\n");
        assertThat(output.stderr()).isEqualTo("oops\n");
    }

    @Test
    void a_hung_command_is_killed_at_the_timeout_and_the_failure_names_it() throws IOException {
        command("squeue", "exec sleep 30");

        long started = System.nanoTime();
        assertThatThrownBy(() -> cli(Duration.ofMillis(300)).run("squeue", "--noheader"))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessage("squeue --noheader did not answer within 300 ms and was killed: is slurmctld up and reachable?");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_command_that_is_not_installed_says_so() {
        assertThatThrownBy(() -> cli(Duration.ofSeconds(5)).run("sinfo", "-h"))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageStartingWith("sinfo cannot be run (")
                .hasMessageEndingWith("is Slurm's client installed, and on PATH or in the configured bin directory?");
    }

    @Test
    void commands_print_times_in_utc_in_iso_form() throws IOException {
        command("scontrol", "echo \"$TZ $SLURM_TIME_FORMAT\"");

        assertThat(cli(Duration.ofSeconds(10)).run("scontrol", "show", "config").stdout()).isEqualTo("UTC standard\n");
    }

    @Test
    void a_failure_names_the_command_and_tells_a_refusal_from_an_unreachable_controller() {
        CliOutput refused = new CliOutput(List.of("sbatch", "--parsable"), 1, "",
                "sbatch: error: Batch job submission failed: Requested node configuration is not available\n");
        CliOutput unreachable = new CliOutput(List.of("squeue"), 1, "",
                "squeue: error: Unable to contact slurm controller (connect failure)\nsecond line\n");

        assertThat(refused.failure().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refused.failure()).hasMessage(
                "sbatch --parsable failed (exit 1): sbatch: error: Batch job submission failed: Requested node configuration is not available");
        assertThat(unreachable.failure().code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(unreachable.failure()).hasMessage(
                "squeue failed (exit 1): squeue: error: Unable to contact slurm controller (connect failure); second line");
    }
}
