package dev.lepton.slurm.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.resource.Resources;
import dev.lepton.slurm.RealSlurm;
import dev.lepton.slurm.SlurmCli;
import dev.lepton.slurm.SlurmConfig;
import dev.lepton.slurm.job.SlurmJobs;
import dev.lepton.slurm.node.SlurmNodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against the Slurm on this machine: gangs, ranks, logs, exits once each, stops and recovery. */
@Tag(RealSlurm.TAG)
class SlurmExecutorTest {
    @TempDir
    Path attempts;
    SlurmCli cli;
    String node;
    SlurmExecutor executor;
    final List<WorkerExit> exits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        cli = RealSlurm.cli();
        SlurmNodes nodes = new SlurmNodes(cli);
        node = nodes.nodes(nodes.partition(RealSlurm.partition())).getFirst().name();
        executor = started();
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private SlurmExecutor started() {
        SlurmExecutor started = new SlurmExecutor(new SlurmJobs(cli, SlurmConfig.read(cli)), RealSlurm.partition(), attempts, Clock.systemUTC());
        started.observe(exits::add);
        return started;
    }

    private List<LaunchSpec> gang(String uid, int workers, String script) {
        return java.util.stream.IntStream.range(0, workers).mapToObj(rank -> new LaunchSpec(new AttemptId(uid, 1, rank), "ml", node,
                List.of("sh", "-c", script), Map.of("LEPTON_WORKER_RANK", Integer.toString(rank), "LEPTON_WORLD_SIZE", Integer.toString(workers),
                        "GREETING", "it's \"quoted\" $HOME"), new Resources(500, 64L << 20, 0), List.of())).toList();
    }

    private WorkerExit exitOf(AttemptId attempt) {
        await().atMost(Duration.ofSeconds(60)).until(() -> exits.stream().anyMatch(e -> e.attempt().equals(attempt)));
        return exits.stream().filter(e -> e.attempt().equals(attempt)).findFirst().orElseThrow();
    }

    private String log(AttemptId attempt) throws IOException {
        try (InputStream in = executor.openLog(attempt, 0).orElse(InputStream.nullInputStream())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_gang_is_one_batch_job_whose_tasks_know_their_ranks_and_exit_each_once() throws IOException {
        String uid = "t" + UUID.randomUUID().toString().substring(0, 8);
        List<ProcessRef> started = executor.launchGang(gang(uid, 2,
                "echo \"rank=$LEPTON_WORKER_RANK RANK=$RANK world=$LEPTON_WORLD_SIZE $GREETING\"; exit $((LEPTON_WORKER_RANK * 3))"));

        assertThat(started).extracting(ProcessRef::handle).allSatisfy(h -> assertThat(h).matches("slurm job [0-9]+ task [01]"));
        assertThat(started).allSatisfy(ref -> assertThat(ref.pid()).isEmpty());
        assertThat(exitOf(new AttemptId(uid, 1, 0)).exitCode()).contains(0);
        assertThat(exitOf(new AttemptId(uid, 1, 1)).exitCode()).contains(3);
        assertThat(log(new AttemptId(uid, 1, 1))).contains("rank=1 RANK=1 world=2 it's \"quoted\" $HOME");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> exits.size() == 2);
        assertThat(executor.leftover(new AttemptId(uid, 1, 1)).orElseThrow().exitCode()).contains(3);
    }

    @Test
    void a_stop_reaches_every_task_and_each_exit_is_reported() {
        String uid = "t" + UUID.randomUUID().toString().substring(0, 8);
        executor.launchGang(gang(uid, 2, "echo started; sleep 300"));
        // Running is not enough: Slurm may not have started the tasks yet, and a signal reaches only tasks.
        await().atMost(Duration.ofSeconds(30)).until(() -> log(new AttemptId(uid, 1, 0)).contains("started")
                && log(new AttemptId(uid, 1, 1)).contains("started"));

        executor.stop(new AttemptId(uid, 1, 0), Duration.ofSeconds(3));
        executor.stop(new AttemptId(uid, 1, 1), Duration.ofSeconds(3));

        assertThat(exitOf(new AttemptId(uid, 1, 0)).exitCode()).contains(143);
        assertThat(exitOf(new AttemptId(uid, 1, 1)).exitCode()).contains(143);
        await().atMost(Duration.ofSeconds(30)).until(() -> !squeue(uid).contains("RUNNING"));
    }

    @Test
    void after_a_restart_a_running_gang_is_found_by_its_name_and_reported_by_the_new_executor() {
        String uid = "t" + UUID.randomUUID().toString().substring(0, 8);
        executor.launchGang(gang(uid, 1, "sleep 4; exit 7"));
        AttemptId attempt = new AttemptId(uid, 1, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> squeue(uid).contains("RUNNING"));
        executor.close();

        executor = started();
        assertThat(executor.recover(Set.of(attempt))).containsOnlyKeys(attempt);
        assertThatThrownBy(() -> executor.launchGang(gang(uid, 1, "true"))).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("already runs as Slurm job");
        assertThat(exitOf(attempt).exitCode()).contains(7);
    }

    private String squeue(String uid) {
        return cli.run("squeue", "--noheader", "--name=lepton-" + uid + "-1", "--format=%T").orThrow().stdout();
    }
}
