package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WrapperRecordsTest {
    @Test
    void times_output_of_dash_and_bash_gives_the_children_cpu_seconds() {
        assertThat(ShellTimes.childrenCpuSeconds("0m0.000000s 0m0.000000s\n1m0.270000s 0m0.030000s\n").orElseThrow())
                .isCloseTo(60.3, within(1e-9));
        assertThat(ShellTimes.childrenCpuSeconds("0m0.001s 0m0.002s\n0m1.500s 0m0.500s\n").orElseThrow())
                .isCloseTo(2.0, within(1e-9));
        assertThat(ShellTimes.childrenCpuSeconds("garbage")).isEmpty();
    }

    @Test
    void a_stat_line_parses_even_when_the_command_name_holds_spaces_and_parentheses() {
        String line = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194304 118 0 2 0 7 3 11 2 20 0 1 0 30030 3133440 381 "
                + "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat).isEqualTo(new ProcStat(4242, 'S', 4242, 10, 13, 30030, 381));
        assertThat(stat.cpuTicks()).isEqualTo(23);
    }

    @Test
    void config_defaults_are_documented_values() {
        LocalExecutorConfig config = LocalExecutorConfig.defaults(Path.of("/var/lib/lepton/attempts"));

        assertThat(config.exitPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.inheritedEnvironment()).contains("PATH", "HOME", "LANG", "TMPDIR");
    }

    @Test
    void attempt_directories_nest_job_epoch_and_rank() {
        var dir = AttemptDirectory.of(Path.of("/a"), new dev.lepton.core.execution.AttemptId("job-1", 3, 2));

        assertThat(dir.dir()).isEqualTo(Path.of("/a/job-1/3/2"));
        assertThat(dir.log()).isEqualTo(Path.of("/a/job-1/3/2/output.log"));
    }
}
