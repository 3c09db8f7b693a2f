package dev.lepton.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.job.GangFiles;
import dev.lepton.slurm.job.GangLayout;
import dev.lepton.slurm.job.SlurmExit;
import dev.lepton.slurm.job.SlurmGang;
import dev.lepton.slurm.job.SlurmJobId;
import dev.lepton.slurm.job.SlurmJobState;
import dev.lepton.slurm.job.SlurmJobStatus;
import dev.lepton.slurm.job.SlurmJobs;
import dev.lepton.slurm.job.SlurmUsage;
import dev.lepton.slurm.job.TaskResources;
import dev.lepton.slurm.node.SlurmNode;
import dev.lepton.slurm.node.SlurmNodes;
import dev.lepton.slurm.node.SlurmPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Slurm of this machine (bench/slurm/setup.sh, or any that answers); skipped, saying so, where there is none. */
@Tag(RealSlurm.TAG)
class RealSlurmTest {
    private static final long MIB = 1024L * 1024;
    private static final Duration ENDS = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private SlurmCli cli;
    private SlurmConfig config;
    private SlurmJobs jobs;
    private SlurmPartition partition;
    private SlurmNode node;
    private final List<SlurmJobId> submitted = new ArrayList<>();

    @BeforeEach
    void slurm() {
        cli = RealSlurm.cli();
        config = SlurmConfig.read(cli);
        jobs = new SlurmJobs(cli, config);
        SlurmNodes nodes = new SlurmNodes(cli);
        partition = nodes.partition(RealSlurm.partition());
        node = nodes.nodes(partition).stream().filter(n -> n.state().acceptsJobs()).findFirst()
                .orElseThrow(() -> new AssertionError("no node of partition " + partition.name() + " takes jobs"));
    }

    @AfterEach
    void cancelWhatIsLeft() {
        submitted.forEach(id -> jobs.kill(id));  // a lambda: without Slurm, jobs is null and the list empty
    }

    private SlurmGang gang(String label, int tasks, int cpus, Map<String, String> env, String... command) {
        String name = "lepton-test-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new SlurmGang(name, partition.name(), new GangLayout(List.of(node.name()), tasks), new TaskResources(cpus, 64 * MIB, 0, Optional.empty()),
                List.of(command), env, dir.resolve(label), Optional.empty(), Optional.of(Duration.ofMinutes(10)));
    }

    private SlurmJobId submit(SlurmGang gang) {
        SlurmJobId id = jobs.submit(gang);
        submitted.add(id);
        return id;
    }

    private SlurmJobStatus ended(SlurmJobId id) {
        return await().atMost(ENDS).pollInterval(Duration.ofMillis(250)).until(() -> jobs.status(id), s -> s.state().ended());
    }

    private void started(SlurmGang gang) {
        await().atMost(ENDS).pollInterval(Duration.ofMillis(250)).until(() -> Files.exists(gang.files().log(0))
                && Files.readString(gang.files().log(0)).contains("started"));
    }

    @Test
    void the_partition_and_its_nodes_as_slurm_describes_them() {
        assertThat(partition.isUp()).isTrue();
        assertThat(node.cpus()).isPositive();
        assertThat(node.memoryBytes()).isPositive();
        assertThat(node.partitions()).contains(partition.name());
        assertThat(node.asNode(partition.name()).allocatable().cpuMillis()).isEqualTo(node.cpus() * 1000L);
        assertThat(config.version()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void a_partition_that_does_not_exist_is_a_one_line_error_naming_the_setting_and_those_there_are() {
        assertThatThrownBy(() -> new SlurmNodes(cli).partition("no-such-partition"))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("--slurm-partition: Slurm has no partition 'no-such-partition' (it has: ")
                .hasMessageContaining(partition.name())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void a_two_task_gang_runs_each_rank_with_its_own_log_and_exit_record() throws Exception {
        SlurmGang gang = gang("ranks", 2, 1, Map.of("LEPTON_WORLD_SIZE", "2", "GREETING", "it's \"quoted\""),
                "sh", "-c", "echo \"rank=$LEPTON_WORKER_RANK world=$LEPTON_WORLD_SIZE slurm=$SLURM_JOB_ID $GREETING\"; exit $((LEPTON_WORKER_RANK * 3))");

        SlurmJobId id = submit(gang);
        SlurmJobStatus status = ended(id);

        GangFiles files = gang.files();
        assertThat(files.exitStatus(0)).contains(0);
        assertThat(files.exitStatus(1)).contains(3);
        assertThat(Files.readString(files.log(0))).isEqualTo("rank=0 world=2 slurm=" + id + " it's \"quoted\"\n");
        assertThat(Files.readString(files.log(1))).isEqualTo("rank=1 world=2 slurm=" + id + " it's \"quoted\"\n");
        assertThat(status.state()).isEqualTo(SlurmJobState.FAILED);
        assertThat(status.exit()).contains(new SlurmExit(3, 0));
        assertThat(status.name()).contains(gang.name());
        assertThat(status.nodes()).contains(node.name());
        assertThat(status.start()).isPresent();
        assertThat(status.end()).isPresent();
        assertThat(jobs.named(gang.name())).containsExactly(id);
        assertThat(jobs.energyJoules(id)).isEmpty();
    }

    @Test
    void what_the_completion_log_says_of_an_ended_job_reads_as_squeue_does() {
        assumeTrue(config.hasCompletionLog(), "this Slurm keeps no completion log (JobCompType=jobcomp/filetxt)");
        SlurmJobId id = submit(gang("completion", 1, 1, Map.of(), "sh", "-c", "exit 4"));
        SlurmJobStatus fromSqueue = ended(id);

        CliOutput sacct = cli.run("sacct", "--completion", "--noheader", "--parsable2", "--jobs=" + id, "--format=JobID,JobName,State,ExitCode,NodeList,Start,End").orThrow();

        assertThat(sacct.stdout()).startsWith(id + "|" + fromSqueue.name().orElseThrow() + "|FAILED|4:0|" + node.name() + "|");
    }

    @Test
    void a_terminated_gang_gets_sigterm_records_it_and_slurm_shows_it_cancelled() throws Exception {
        SlurmGang gang = gang("terminate", 1, 1, Map.of(), "sh", "-c", "echo started; exec sleep 300");
        SlurmJobId id = submit(gang);
        started(gang);

        jobs.terminate(id, gang.files());
        SlurmJobStatus status = ended(id);

        assertThat(gang.files().exitStatus(0)).contains(143);
        assertThat(status.state()).isEqualTo(SlurmJobState.CANCELLED);
    }

    @Test
    void a_running_gang_reports_the_cpu_its_tasks_used_where_the_nodes_gather_usage() throws Exception {
        assumeTrue(config.gathersUsage(), "the nodes gather no usage (JobAcctGatherType=jobacct_gather/none)");
        SlurmGang gang = gang("usage", 1, 1, Map.of(), "sh", "-c", "i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; echo started; exec sleep 300");
        SlurmJobId id = submit(gang);
        started(gang);

        int step = await().atMost(ENDS).until(() -> gang.files().step(0), Optional::isPresent).orElseThrow();
        SlurmUsage usage = await().atMost(ENDS).pollInterval(Duration.ofMillis(500)).until(() -> jobs.usage(id).flatMap(u -> u.step(step)),
                u -> u.filter(used -> used.cpuTime().compareTo(Duration.ofMillis(500)) > 0).isPresent()).orElseThrow();

        assertThat(usage.memoryBytes()).isPositive();
        assertThat(usage.energyJoules()).isEmpty();
    }

    @Test
    void a_task_that_ignores_sigterm_is_killed_when_the_grace_is_over() throws Exception {
        SlurmGang gang = gang("kill", 1, 1, Map.of(), "sh", "-c", "trap '' TERM; echo started; sleep 300; echo survived");
        SlurmJobId id = submit(gang);
        started(gang);

        jobs.terminate(id, gang.files());
        Thread.sleep(1500);  // the grace period
        assertThat(jobs.status(id).state()).isEqualTo(SlurmJobState.RUNNING);
        jobs.kill(id);
        SlurmJobStatus status = ended(id);

        assertThat(status.state()).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(gang.files().exitStatus(0)).as("killed before or after its wrapper").isIn(Optional.empty(), Optional.of(137));
        assertThat(Files.readString(gang.files().log(0))).doesNotContain("survived");
        assertThat(Duration.between(status.start().orElseThrow(), status.end().orElseThrow())).isLessThan(config.killWait());
    }

    @Test
    void a_gang_still_waiting_for_cpus_is_cancelled_when_terminated() {
        SlurmGang busy = gang("busy", 1, 1, Map.of(), "sh", "-c", "echo started; exec sleep 300");
        submit(busy);
        started(busy);
        SlurmGang waiting = gang("waiting", 1, node.cpus(), Map.of(), "true");
        SlurmJobId id = submit(waiting);
        assertThat(jobs.status(id).state()).isEqualTo(SlurmJobState.PENDING);

        jobs.terminate(id, waiting.files());

        assertThat(ended(id).state()).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(waiting.files().exitStatus(0)).isEmpty();
    }

    @Test
    void a_gang_asking_for_what_the_node_does_not_have_is_refused_with_slurms_reason() {
        assumeTrue(node.gpus() == 0, "the node has GPUs");
        SlurmGang gang = new SlurmGang("lepton-test-gpu", partition.name(), GangLayout.single(node.name()), new TaskResources(1, 64 * MIB, 1, Optional.empty()),
                List.of("true"), Map.of(), dir.resolve("gpu"), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> submit(gang))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("sbatch --parsable")
                .hasMessageContaining("sbatch: error: ");
    }
}
