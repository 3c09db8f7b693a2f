package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.slurm.FakeSlurmCli;
import dev.lepton.slurm.Recorded;
import dev.lepton.slurm.SlurmConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Each task step's usage as {@code sstat --allsteps} prints it: recorded here (a gang of two tasks,
 * each a step, the busy one started second and so numbered 1; no energy plugin), and written in the
 * same format for a cluster whose nodes an energy plugin measures (four tasks on two nodes, each step's
 * {@code energy=} its node's draw).
 */
class StepUsageTest {
    private static final String HERE = Recorded.output(StepUsageTest.class, "sstat-steps-here.txt");
    private static final String CLUSTER = Recorded.output(StepUsageTest.class, "sstat-steps-cluster.txt");
    private static final SlurmConfig GATHERS = SlurmConfig.parse("JobAcctGatherType       = jobacct_gather/linux\n");

    @Test
    void each_task_step_is_read_with_its_own_cpu_time_and_peak_memory_and_no_energy_where_none_is_measured() {
        StepUsage job = StepUsage.parse(HERE).get(new SlurmJobId(21));

        assertThat(job.steps()).containsOnlyKeys(0, 1);
        assertThat(job.step(1)).contains(new SlurmUsage(Duration.ofSeconds(4), 1424 * 1024L, OptionalDouble.empty()));
        assertThat(job.step(0)).contains(new SlurmUsage(Duration.ZERO, 2884 * 1024L, OptionalDouble.empty()));
        assertThat(job.step(2)).isEmpty();
    }

    @Test
    void where_a_plugin_measures_the_nodes_each_step_has_its_nodes_energy_and_the_batch_and_extern_steps_are_left_out() {
        Map<SlurmJobId, StepUsage> jobs = StepUsage.parse(CLUSTER);

        StepUsage big = jobs.get(new SlurmJobId(2071));
        assertThat(big.steps()).containsOnlyKeys(0, 1, 2, 3);
        assertThat(big.step(1).orElseThrow().cpuTime()).isEqualTo(Duration.ofSeconds(17 * 60 + 2));
        assertThat(big.step(1).orElseThrow().memoryBytes()).isEqualTo(4L << 30);
        assertThat(big.step(1).orElseThrow().energyJoules()).isEqualTo(OptionalDouble.of(921_600));
        assertThat(jobs.get(new SlurmJobId(2072)).step(0).orElseThrow().energyJoules()).as("energy=0: nothing measured").isEmpty();
        assertThat(jobs.get(new SlurmJobId(2072)).step(0).orElseThrow().cpuTime()).isEqualTo(Duration.ofMillis(41_250));
    }

    @Test
    void lines_that_are_not_a_one_task_step_are_left_out() {
        String sstat = """
                14.batch|1|cpu=00:00:00,energy=0,mem=10676K
                15+0.0|1|cpu=00:00:01,mem=1K
                16.0|2|cpu=00:00:01,mem=1K
                17.0|1|cpu=00:00:01,mem=1K|cpu=00:00:01,mem=1K
                18.3|1|cpu=00:00:02,mem=2K
                """;

        assertThat(StepUsage.parse(sstat)).containsOnlyKeys(new SlurmJobId(18));
        assertThat(StepUsage.parse(sstat).get(new SlurmJobId(18)).steps()).containsOnlyKeys(3);
    }

    @Test
    void one_sstat_asks_after_every_step_of_every_job_and_those_whose_tasks_do_not_run_are_missing() {
        FakeSlurmCli cli = new FakeSlurmCli().answer("sstat", HERE);

        Map<SlurmJobId, StepUsage> usage = new SlurmJobs(cli, GATHERS).usage(
                List.of(new SlurmJobId(21), new SlurmJobId(22), new SlurmJobId(23)));

        assertThat(usage).containsOnlyKeys(new SlurmJobId(21));
        assertThat(cli.commands()).containsExactly("sstat --noheader --parsable2 --allsteps --jobs=21,22,23 --format=JobID,NTasks,TRESUsageInTot");
    }

    @Test
    void nothing_is_asked_where_the_nodes_gather_no_usage_or_no_job_runs() {
        FakeSlurmCli cli = new FakeSlurmCli();

        assertThat(new SlurmJobs(cli, SlurmConfig.parse("JobAcctGatherType = jobacct_gather/none\n")).usage(List.of(new SlurmJobId(14)))).isEmpty();
        assertThat(new SlurmJobs(cli, GATHERS).usage(List.of())).isEmpty();
        assertThat(cli.commands()).isEmpty();
    }

    @Test
    void a_refusal_is_no_figures() {
        FakeSlurmCli cli = new FakeSlurmCli().fail("sstat", 1, "sstat: error: Invalid job id specified");

        assertThat(new SlurmJobs(cli, GATHERS).usage(List.of(new SlurmJobId(14)))).isEmpty();
    }
}
