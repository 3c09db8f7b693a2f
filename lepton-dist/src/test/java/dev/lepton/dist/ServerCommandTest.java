package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.cli.LeptonCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code lepton server} refuses a bad flag as bad usage (exit 2), in one line that names the flag, before it opens anything. */
class ServerCommandTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --node-tier     | moon      | error: --node-tier: use datacenter or edge (got 'moon')
            --node-taint    | dedicated | error: --node-taint: write key=value (got 'dedicated')
            --node-label    | a b=c     | error: --node-label: keys are 1-63 letters, digits, '.', '_', '/' or '-' (got 'a b')
            --node-region   | ' '       | error: --node-region: must not be blank
            --node-price    | -1        | error: --node-price: must be a number >= 0 (got -1.0)
            --policy        | srtf      | error: --policy: srtf ranks by true job durations
            --retention     | a week    | error: --retention: not a duration; write 30s, 5m, 2h or 1h30m (got 'a week')
            --retention     | 0s        | error: --retention: must be more than 0 (got 0s)
            --max-log-size  | lots      | error: --max-log-size: not a size; write bytes or a unit such as 512MiB, 2GiB, 80GB (got 'lots')
            --max-log-size  | 1KiB      | error: --max-log-size: must be at least 64KiB (got 1KiB)
            --isolation     | container | error: --isolation: must be sandbox, project-user or none (got 'container')
            --executor      | k8s       | error: --executor: local, slurm or kubernetes (got 'k8s')
            --namespace     | ml        | error: --namespace: only with --executor kubernetes (the executor is local)
            --kubernetes-binding | binding | error: --kubernetes-binding: only with --executor kubernetes (the executor is local)
            --kubernetes-binding | scheduler | error: --kubernetes-binding: node-name or binding (got 'scheduler')
            --prometheus-url | http://prometheus:9090 | error: --prometheus-url: only with --executor kubernetes (the executor is local)
            --prometheus-url | prometheus:9090 | error: --prometheus-url: must be an absolute http or https URL, such as http://prometheus.monitoring:9090 (got 'prometheus:9090')
            --executor      | slurm     | error: --executor slurm: name the partition to run in with --slurm-partition PARTITION
            --slurm-partition | main    | error: --slurm-partition: only with --executor slurm (the executor is local)
            --slurm-gres    | gpu       | error: --slurm-gres: must be NAME[:TYPE]=RESOURCE such as gpu:mi300x=amd.com/gpu (got 'gpu')
            --slurm-gres    | gpu:mi300x=amd.com/gpu | error: --slurm-gres: only with --executor slurm (the executor is local)
            """)
    void a_bad_flag_is_a_usage_error_naming_it(String flag, String value, String expected) {
        CommandLine commandLine = LeptonCommand.commandLine(new ServerCommand());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("server", "--home", home.toString(), "--port", "0", flag, value);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith(expected));
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void a_kubernetes_cluster_that_cannot_be_reached_stops_the_start_in_one_line() throws Exception {
        java.nio.file.Path kubeconfig = java.nio.file.Files.writeString(home.resolveSibling(home.getFileName() + "-kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        CommandLine commandLine = LeptonCommand.commandLine(new ServerCommand());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        long started = System.nanoTime();
        int exit = commandLine.execute("server", "--home", home.toString(), "--port", "0", "--executor", "kubernetes", "--kubeconfig",
                kubeconfig.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString().startsWith("error: ").contains("127.0.0.1:1")
                .contains("connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("never a hang").isLessThan(Duration.ofSeconds(45));
    }

    @Test
    void a_slurm_partition_that_does_not_exist_stops_the_start_in_one_line_naming_the_setting() throws Exception {
        Process sinfo = new ProcessBuilder("sinfo", "--noheader").redirectErrorStream(true).start();
        assumeTrue(sinfo.waitFor(10, TimeUnit.SECONDS) && sinfo.exitValue() == 0, "no Slurm answers here: run bench/slurm/setup.sh (root)");
        CommandLine commandLine = LeptonCommand.commandLine(new ServerCommand());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("server", "--home", home.toString(), "--port", "0", "--executor", "slurm", "--slurm-partition", "nope");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).hasValueSatisfying(line ->
                assertThat(line).startsWith("error: --slurm-partition: Slurm has no partition 'nope' (it has: "));
    }
}
