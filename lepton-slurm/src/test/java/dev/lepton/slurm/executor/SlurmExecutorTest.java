package dev.lepton.slurm.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.code.CodeUnpacker;
import dev.lepton.node.power.NodePower;
import dev.lepton.slurm.RealSlurm;
import dev.lepton.slurm.SlurmCli;
import dev.lepton.slurm.SlurmConfig;
import dev.lepton.slurm.energy.NodeModels;
import dev.lepton.slurm.energy.TaskModels;
import dev.lepton.slurm.job.SlurmJobs;
import dev.lepton.slurm.node.SlurmNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor against the Slurm on this machine: gangs, ranks, logs, exits once each, stops and
 * recovery, each rank's usage from {@code sstat} and its energy (modelled here: no energy plugin), and
 * shipped code.
 */
@Tag(RealSlurm.TAG)
class SlurmExecutorTest {
    @TempDir
    Path home;
    Path attempts;
    Path snapshots;
    SlurmCli cli;
    SlurmConfig config;
    String node;
    SlurmExecutor executor;
    final List<WorkerExit> exits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        attempts = Files.createDirectories(home.resolve("attempts"));
        snapshots = Files.createDirectories(home.resolve("code"));
        cli = RealSlurm.cli();
        config = SlurmConfig.read(cli);
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
        SlurmExecutor started = new SlurmExecutor(new SlurmJobs(cli, config),
                new NodeModels(new SlurmNodes(cli), new TaskModels(NodePower.knownHardware()), !config.measuresEnergy()), RealSlurm.partition(),
                attempts, new CodeSnapshots(snapshots, CodeUnpacker::unpack), Clock.systemUTC());
        started.observe(exits::add);
        return started;
    }

    private List<LaunchSpec> gang(String uid, int workers, String script) {
        return gang(uid, workers, script, Optional.empty(), Optional.empty());
    }

    private List<LaunchSpec> gang(String uid, int workers, String script, Optional<String> workingDir, Optional<String> code) {
        return IntStream.range(0, workers).mapToObj(rank -> new LaunchSpec(new AttemptId(uid, 1, rank), "ml", node,
                List.of("sh", "-c", script), Map.of("LEPTON_WORKER_RANK", Integer.toString(rank), "LEPTON_WORLD_SIZE", Integer.toString(workers),
                        "GREETING", "it's \"quoted\" $HOME"), new Resources(500, 64L << 20, 0), List.of(), workingDir, code)).toList();
    }

    private static String uid() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
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

    @Test
    void a_busy_workers_cpu_seconds_grow_from_one_sample_to_the_next_and_its_exit_carries_the_last() {
        assumeTrue(config.gathersUsage(), "the nodes gather no usage (JobAcctGatherType=jobacct_gather/none)");
        String uid = uid();
        AttemptId attempt = new AttemptId(uid, 1, 0);
        executor.launchGang(gang(uid, 1, "echo started; while :; do :; done"));

        double first = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cpuSeconds(attempt), cpu -> cpu > 0.5);
        double later = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cpuSeconds(attempt), cpu -> cpu > first + 0.5);
        assertThat(executor.sampleUsage().get(attempt).peakMemoryBytes()).isPositive();
        executor.stop(attempt, Duration.ofSeconds(3));

        WorkerExit exit = exitOf(attempt);
        assertThat(exit.exitCode()).contains(143);
        assertThat(exit.usage().cpuSeconds()).isGreaterThanOrEqualTo(later);
        assertThat(exit.usage().peakMemoryBytes()).isPositive();
        assertThat(executor.sampleUsage()).as("an ended worker is no longer sampled").doesNotContainKey(attempt);
    }

    @Test
    void a_busy_rank_and_a_sleeping_one_each_show_their_own_cpu_time_memory_and_energy_and_settle_once_ended() {
        assumeTrue(config.gathersUsage(), "the nodes gather no usage (JobAcctGatherType=jobacct_gather/none)");
        String uid = uid();
        AttemptId busy = new AttemptId(uid, 1, 0);
        AttemptId sleeping = new AttemptId(uid, 1, 1);
        executor.launchGang(gang(uid, 2, "if [ \"$LEPTON_WORKER_RANK\" = 0 ]; then while :; do :; done; fi; exec sleep 300"));

        Map<AttemptId, Usage> sample = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(executor::sampleUsage, s -> s.size() == 2 && s.get(busy).cpuSeconds() > 2);
        Map<AttemptId, WorkerEnergy> energy = executor.sampleEnergy();

        assertThat(sample.get(sleeping).cpuSeconds()).as("its own step: the sleeping rank's CPU time, not a share of the busy one's")
                .isLessThan(0.5);
        assertThat(sample.get(busy).peakMemoryBytes()).isPositive();
        assertThat(sample.get(sleeping).peakMemoryBytes()).isPositive();
        assumeTrue(!config.measuresEnergy(), "an energy plugin measures the nodes here (" + config.energyGathering() + ")");
        assertThat(energy).containsOnlyKeys(busy, sleeping);
        assertThat(energy.values()).allSatisfy(e -> {
            assertThat(e.provenance()).isEqualTo(Provenance.MODELLED);
            assertThat(e.source()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        });
        assertThat(energy.get(busy).joules()).as("the busy rank's CPU time above idle").isGreaterThan(energy.get(sleeping).joules());

        executor.stop(busy, Duration.ofSeconds(3));
        executor.stop(sleeping, Duration.ofSeconds(3));
        assertThat(exitOf(busy).usage().cpuSeconds()).isGreaterThan(exitOf(sleeping).usage().cpuSeconds());
        Map<AttemptId, WorkerEnergy> settled = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(executor::sampleEnergy, s -> !s.isEmpty());
        assertThat(settled).as("each rank's figure once its job has ended, the last samples' and the time after modelled")
                .containsOnlyKeys(busy, sleeping);
        assertThat(settled.get(busy).joules()).isGreaterThanOrEqualTo(energy.get(busy).joules());
        assertThat(settled.get(sleeping).joules()).isGreaterThanOrEqualTo(energy.get(sleeping).joules());
        assertThat(executor.sampleEnergy()).as("settled once").isEmpty();
    }

    @Test
    void a_gang_with_shipped_code_starts_in_it_on_the_node_and_reads_a_file_of_the_snapshot() throws IOException {
        String sha = store(archive(Map.of("data.txt", "lepton-code-ok\n", "bin/show.sh", "cat \"$(dirname \"$0\")/../data.txt\"\n")));
        String uid = uid();
        executor.launchGang(gang(uid, 2, "pwd -P; cat data.txt; sh bin/show.sh", Optional.empty(), Optional.of(sha)));

        assertThat(exitOf(new AttemptId(uid, 1, 0)).exitCode()).contains(0);
        assertThat(exitOf(new AttemptId(uid, 1, 1)).exitCode()).contains(0);
        Path code = attempts.resolve(uid).resolve("1").resolve("code").toRealPath();
        assertThat(log(new AttemptId(uid, 1, 1))).isEqualTo(code + "\nlepton-code-ok\nlepton-code-ok\n");
    }

    @Test
    void a_relative_working_directory_is_inside_the_code_and_made_if_missing() throws IOException {
        String sha = store(archive(Map.of("data.txt", "x\n")));
        String uid = uid();
        executor.launchGang(gang(uid, 1, "pwd -P; cat ../../data.txt", Optional.of("out/run1"), Optional.of(sha)));

        assertThat(exitOf(new AttemptId(uid, 1, 0)).exitCode()).contains(0);
        assertThat(log(new AttemptId(uid, 1, 0)))
                .isEqualTo(attempts.resolve(uid).resolve("1").resolve("code/out/run1").toRealPath() + "\nx\n");
    }

    @Test
    void code_that_is_not_there_or_a_working_directory_leaving_it_fails_the_launch_naming_the_field() throws IOException {
        String missing = "0".repeat(64);
        String first = uid();
        assertThatThrownBy(() -> executor.launchGang(gang(first, 1, "true", Optional.empty(), Optional.of(missing))))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessage("spec.code: no snapshot " + missing + " in " + snapshots);
        String sha = store(archive(Map.of("data.txt", "x\n")));
        String second = uid();
        assertThatThrownBy(() -> executor.launchGang(gang(second, 1, "true", Optional.of("../.."), Optional.of(sha))))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessageStartingWith("spec.workingDir: ../.. leaves ");
        assertThat(submitted(first) + submitted(second)).as("nothing was submitted").isBlank();
    }

    @Test
    void an_archive_that_would_write_outside_its_directory_fails_the_launch() throws IOException {
        String sha = store(archive(Map.of("../escaped.txt", "x\n")));

        assertThatThrownBy(() -> executor.launchGang(gang(uid(), 1, "true", Optional.empty(), Optional.of(sha))))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("would be written outside the code directory");
    }

    private double cpuSeconds(AttemptId attempt) {
        return executor.sampleUsage().getOrDefault(attempt, Usage.NONE).cpuSeconds();
    }

    private String store(byte[] archive) throws IOException {
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
            Files.write(snapshots.resolve(sha + ".tar.gz"), archive);
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gzip tar of text files, by name. */
    private static byte[] archive(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GzipCompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                byte[] text = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(text.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(text);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The states of the gang's job, if Slurm knows one (waiting, running, or ended not long ago). */
    private String submitted(String uid) {
        return cli.run("squeue", "--noheader", "--states=all", "--name=lepton-" + uid + "-1", "--format=%T").orThrow().stdout();
    }

    private String squeue(String uid) {
        return cli.run("squeue", "--noheader", "--name=lepton-" + uid + "-1", "--format=%T").orThrow().stdout();
    }
}
