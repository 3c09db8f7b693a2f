package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.FakeSlurmCli;
import dev.lepton.slurm.Recorded;
import dev.lepton.slurm.SlurmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmJobsTest {
    private static final SlurmConfig COMPLETION_LOG = config("accounting_storage/none", "jobcomp/filetxt", "acct_gather_energy/none");
    private static final SlurmConfig NOTHING_KEPT = config("accounting_storage/none", "jobcomp/none", "acct_gather_energy/none");
    private static final SlurmConfig ACCOUNTING_AND_ENERGY = config("accounting_storage/slurmdbd", "jobcomp/none", "acct_gather_energy/rapl");
    private static final String SQUEUE = Recorded.output(SlurmJobsTest.class, "squeue-format.txt");
    private static final String COMPLETIONS = Recorded.output(SlurmJobsTest.class, "sacct-completion.txt");

    @TempDir
    Path dir;

    private final FakeSlurmCli cli = new FakeSlurmCli();

    private static SlurmConfig config(String accounting, String jobcomp, String energy) {
        return new SlurmConfig("22.05.8", accounting, jobcomp, "jobacct_gather/linux", energy, Duration.ofSeconds(30), Duration.ofSeconds(300));
    }

    private static List<SlurmJobId> ids(long... values) {
        return java.util.Arrays.stream(values).mapToObj(SlurmJobId::new).toList();
    }

    private SlurmGang gang() {
        return new SlurmGang("lepton-7f3a-0", "main", GangLayout.single("vm"), new TaskResources(1, 0, 0, Optional.empty()), List.of("true"),
                Map.of("LEPTON_JOB", "train"), dir.resolve("gang"), Optional.empty(), Optional.empty());
    }

    @Test
    void a_gang_is_submitted_with_its_script_on_standard_input_and_its_job_id_comes_back() throws Exception {
        cli.answer("sbatch", "123;lepton\n");

        SlurmJobId id = new SlurmJobs(cli, COMPLETION_LOG).submit(gang());

        assertThat(id).isEqualTo(new SlurmJobId(123));
        assertThat(cli.calls()).singleElement().satisfies(call -> {
            assertThat(call.commandLine()).startsWith("sbatch --parsable --job-name=lepton-7f3a-0 --partition=main --nodelist=vm");
            assertThat(call.stdin()).startsWith("#!/bin/sh\n").contains("export LEPTON_JOB=train\n");
        });
        assertThat(dir.resolve("gang")).isDirectory();
    }

    @Test
    void the_gangs_shape_is_kept_in_its_directory_for_a_server_that_restarts() throws Exception {
        cli.answer("sbatch", "125\n");
        SlurmGang gang = new SlurmGang("lepton-7f3a-0", "gpu", new GangLayout(List.of("gpu01", "gpu02"), 2),
                new TaskResources(4, 1L << 30, 1, Optional.of("a100")), List.of("true"), Map.of(), dir.resolve("gang"), Optional.empty(), Optional.empty());

        new SlurmJobs(cli, COMPLETION_LOG).submit(gang);

        assertThat(Files.readString(gang.files().shapeRecord())).isEqualTo("nodes=gpu01,gpu02 tasksPerNode=2 cpus=4 memory=1073741824 gpus=1 gpuType=a100\n");
        assertThat(gang.files().shape()).contains(new GangShape(gang.layout(), gang.perTask()));
        Files.writeString(gang.files().shapeRecord(), "nodes=gpu01 tasksPer");
        assertThat(gang.files().shape()).as("a record cut short").isEmpty();
    }

    @Test
    void a_gang_of_another_gres_keeps_its_gres_in_its_shape() throws Exception {
        cli.answer("sbatch", "126\n");
        SlurmGang gang = new SlurmGang("lepton-7f3a-1", "gpu", GangLayout.single("hl01"), new TaskResources(2, 0, 4, Optional.empty(), "gaudi"),
                List.of("true"), Map.of(), dir.resolve("gaudi"), Optional.empty(), Optional.empty());

        new SlurmJobs(cli, COMPLETION_LOG).submit(gang);

        assertThat(Files.readString(gang.files().shapeRecord())).isEqualTo("nodes=hl01 tasksPerNode=1 cpus=2 memory=0 gpus=4 gres=gaudi\n");
        assertThat(gang.files().shape()).contains(new GangShape(gang.layout(), gang.perTask()));
    }

    @Test
    void records_of_an_earlier_submission_in_the_directory_are_cleared_first() throws Exception {
        GangFiles files = gang().files();
        Files.createDirectories(files.directory());
        Files.writeString(files.exitRecord(0), "1\n");
        Files.writeString(files.stepRecord(0), "3\n");
        Files.writeString(files.stopRequest(), "");
        cli.answer("sbatch", "124\n");

        new SlurmJobs(cli, COMPLETION_LOG).submit(gang());

        assertThat(files.exitStatus(0)).isEmpty();
        assertThat(files.step(0)).isEmpty();
        assertThat(files.stopRequest()).doesNotExist();
    }

    @Test
    void a_gang_slurm_refuses_is_an_invalid_argument_with_slurms_reason() {
        cli.fail("sbatch", 1, "sbatch: error: Batch job submission failed: Requested node configuration is not available\n");

        assertThatThrownBy(() -> new SlurmJobs(cli, COMPLETION_LOG).submit(gang()))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageEndingWith("failed (exit 1): sbatch: error: Batch job submission failed: Requested node configuration is not available");
    }

    @Test
    void jobs_squeue_has_forgotten_are_read_from_the_completion_log_and_the_rest_are_gone() {
        cli.answer("squeue", SQUEUE.lines().filter(l -> l.startsWith("25|")).findFirst().orElseThrow())
                .answer("sacct --completion", COMPLETIONS);

        Map<SlurmJobId, SlurmJobStatus> status = new SlurmJobs(cli, COMPLETION_LOG).status(ids(25, 19, 999));

        assertThat(status.keySet()).containsExactlyElementsOf(ids(25, 19, 999));
        assertThat(status.get(new SlurmJobId(25)).state()).isEqualTo(SlurmJobState.RUNNING);
        assertThat(status.get(new SlurmJobId(19)).state()).isEqualTo(SlurmJobState.FAILED);
        assertThat(status.get(new SlurmJobId(19)).exit()).contains(new SlurmExit(3, 0));
        assertThat(status.get(new SlurmJobId(999))).isEqualTo(SlurmJobStatus.gone(new SlurmJobId(999)));
        assertThat(cli.commands()).containsExactly(
                "squeue --noheader --states=all --jobs=25,19,999 --Format=" + SlurmJobs.SQUEUE_FIELDS,
                "sacct --completion --noheader --parsable2 --jobs=19,999 --format=" + SlurmJobs.SACCT_FIELDS);
    }

    @Test
    void when_squeue_knows_none_of_them_it_fails_and_they_are_asked_of_accounting() {
        cli.fail("squeue", 1, "slurm_load_jobs error: Invalid job id specified\n")
                .answer("sacct --noheader --parsable2 --allocations", Recorded.output(SlurmJobsTest.class, "sacct-accounting.txt"));

        Map<SlurmJobId, SlurmJobStatus> status = new SlurmJobs(cli, ACCOUNTING_AND_ENERGY).status(ids(1235));

        assertThat(status.get(new SlurmJobId(1235)).state()).isEqualTo(SlurmJobState.CANCELLED);
    }

    @Test
    void without_accounting_or_a_completion_log_a_forgotten_job_is_gone_without_asking_sacct() {
        cli.answer("squeue", "");

        assertThat(new SlurmJobs(cli, NOTHING_KEPT).status(new SlurmJobId(19)).state()).isEqualTo(SlurmJobState.GONE);
        assertThat(cli.commands()).hasSize(1);
    }

    @Test
    void a_squeue_that_cannot_reach_the_controller_is_an_error_not_a_job_gone() {
        cli.fail("squeue", 1, "squeue: error: Unable to contact slurm controller (connect failure)\n");

        assertThatThrownBy(() -> new SlurmJobs(cli, COMPLETION_LOG).status(ids(19)))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static final String RUNNING = "7|g|RUNNING|None|0|vm|2026-12-04T16:02:16|NONE\n";
    private static final String PENDING = "7|g|PENDING|Resources|0||2026-12-04T17:02:04|NONE\n";
    private static final String FAILED = "7|g|FAILED|NonZeroExitCode|768|vm|2026-12-04T16:02:05|2026-12-04T16:02:05\n";
    private static final String SQUEUE_7 = "squeue --noheader --states=all --jobs=7 --Format=" + SlurmJobs.SQUEUE_FIELDS;

    @Test
    void terminating_a_running_job_leaves_the_stop_request_and_signals_the_tasks() {
        GangFiles files = new GangFiles(dir);
        cli.answer("squeue", RUNNING).answer("scancel", "");

        new SlurmJobs(cli, COMPLETION_LOG).terminate(new SlurmJobId(7), files);

        assertThat(files.stopRequest()).exists();
        assertThat(cli.commands()).containsExactly(SQUEUE_7, "scancel --signal=TERM 7");
    }

    @Test
    void a_job_that_has_not_started_is_cancelled_rather_than_signalled() {
        cli.answer("squeue", PENDING).answer("scancel 7", "");

        new SlurmJobs(cli, COMPLETION_LOG).terminate(new SlurmJobId(7), new GangFiles(dir));

        assertThat(cli.commands()).containsExactly(SQUEUE_7, "scancel 7");
    }

    @Test
    void a_running_job_slurm_will_not_signal_is_cancelled() {
        cli.answer("squeue", RUNNING)
                .fail("scancel --signal=TERM", 228, "scancel: error: Kill job error on job id 7: Job can not be altered now, try again later\n")
                .answer("scancel 7", "");

        new SlurmJobs(cli, COMPLETION_LOG).terminate(new SlurmJobId(7), new GangFiles(dir));

        assertThat(cli.commands()).containsExactly(SQUEUE_7, "scancel --signal=TERM 7", "scancel 7");
    }

    @Test
    void a_job_that_has_ended_is_left_as_it_is() {
        cli.answer("squeue", FAILED);

        new SlurmJobs(cli, COMPLETION_LOG).terminate(new SlurmJobId(7), new GangFiles(dir));

        assertThat(cli.commands()).containsExactly(SQUEUE_7);
    }

    @Test
    void killing_a_running_job_stops_then_kills_each_task_step_then_cancels_and_a_waiting_one_is_only_cancelled() {
        cli.answer("squeue", RUNNING).answer("squeue --noheader --steps", "7.0\n7.1\n7.batch\n").answer("scancel", "");
        new SlurmJobs(cli, COMPLETION_LOG).kill(new SlurmJobId(7));
        assertThat(cli.commands()).containsExactly(SQUEUE_7, "squeue --noheader --steps --jobs=7 --format=%i", "scancel --signal=STOP 7.0 7.1",
                "scancel --signal=KILL 7.0 7.1",
                "scancel 7");

        FakeSlurmCli waiting = new FakeSlurmCli().answer("squeue", PENDING).answer("scancel", "");
        new SlurmJobs(waiting, COMPLETION_LOG).kill(new SlurmJobId(7));
        assertThat(waiting.commands()).containsExactly(SQUEUE_7, "scancel 7");
    }

    @Test
    void energy_is_asked_of_sacct_only_where_slurm_keeps_it_and_for_every_ended_job_at_once() {
        cli.answer("sacct", "1234|5400123\n1235|0\n");

        assertThat(new SlurmJobs(cli, COMPLETION_LOG).energyJoules(new SlurmJobId(1234))).isEmpty();
        assertThat(new SlurmJobs(cli, config("accounting_storage/none", "jobcomp/none", "acct_gather_energy/rapl")).energyJoules(new SlurmJobId(1234)))
                .as("a plugin without slurmdbd: sacct keeps nothing").isEmpty();
        assertThat(cli.commands()).isEmpty();
        assertThat(new SlurmJobs(cli, ACCOUNTING_AND_ENERGY).energyJoules(new SlurmJobId(1234))).isEqualTo(OptionalDouble.of(5_400_123));
        assertThat(new SlurmJobs(cli, ACCOUNTING_AND_ENERGY).energyJoules(List.of(new SlurmJobId(1234), new SlurmJobId(1235), new SlurmJobId(1236))))
                .as("0, and a job sacct does not list, are no figure").isEqualTo(Map.of(new SlurmJobId(1234), 5_400_123.0));
        assertThat(cli.commands()).containsExactly("sacct --noheader --parsable2 --allocations --jobs=1234 --format=JobID,ConsumedEnergyRaw",
                "sacct --noheader --parsable2 --allocations --jobs=1234,1235,1236 --format=JobID,ConsumedEnergyRaw");
    }

    @Test
    void a_job_is_found_by_its_name() {
        cli.answer("squeue --noheader --states=all --name=lepton-7f3a-0", "31\n");

        assertThat(new SlurmJobs(cli, COMPLETION_LOG).named("lepton-7f3a-0")).containsExactly(new SlurmJobId(31));
    }

    @Test
    void warning_signals_are_names_and_reach_only_started_jobs() {
        cli.answer("squeue", RUNNING).answer("scancel --signal=USR1 7", "");
        FakeSlurmCli waiting = new FakeSlurmCli().answer("squeue", PENDING);

        assertThat(new SlurmJobs(cli, COMPLETION_LOG).signal(new SlurmJobId(7), "USR1")).isTrue();
        assertThat(new SlurmJobs(waiting, COMPLETION_LOG).signal(new SlurmJobId(7), "USR1")).isFalse();
        assertThat(waiting.commands()).containsExactly(SQUEUE_7);
        assertThatThrownBy(() -> new SlurmJobs(cli, COMPLETION_LOG).signal(new SlurmJobId(7), "USR1 8")).hasMessageContaining("not a signal name");
    }
}
