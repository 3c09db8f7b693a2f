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
 * A step's usage as {@code sstat} prints it: here (a 2-task step of which task 1 ran a busy loop, no
 * energy plugin) and in the same format on a cluster whose nodes an energy plugin measures (an
 * 8-task step on two nodes).
 */
class StepUsageTest {
    private static final String HERE = Recorded.output(StepUsageTest.class, "sstat-steps-here.txt");
    private static final String CLUSTER = Recorded.output(StepUsageTest.class, "sstat-steps-cluster.txt");
    private static final SlurmConfig GATHERS = SlurmConfig.parse("JobAcctGatherType       = jobacct_gather/linux\n");

    @Test
    void a_running_step_is_read_with_its_tasks_together_and_the_largest_of_them() {
        StepUsage step = StepUsage.parse(HERE).get(new SlurmJobId(14));

        assertThat(step.tasks()).isEqualTo(2);
        assertThat(step.total()).isEqualTo(new SlurmUsage(Duration.ofSeconds(3), 6272 * 1024L, OptionalDouble.empty()));
        assertThat(step.largest().memoryBytes()).isEqualTo(3180 * 1024L);
    }

    @Test
    void each_task_gets_the_mean_cpu_time_the_largest_peak_memory_and_no_energy_where_none_is_measured() {
        SlurmUsage task = StepUsage.parse(HERE).get(new SlurmJobId(14)).perTask();

        assertThat(task).isEqualTo(new SlurmUsage(Duration.ofMillis(1500), 3180 * 1024L, OptionalDouble.empty()));
    }

    @Test
    void where_a_plugin_measures_the_nodes_each_task_gets_an_equal_share_of_their_energy() {
        Map<SlurmJobId, StepUsage> steps = StepUsage.parse(CLUSTER);

        SlurmUsage task = steps.get(new SlurmJobId(2071)).perTask();
        assertThat(task.cpuTime()).as("02:13:20 over 8 tasks").isEqualTo(Duration.ofSeconds(8000 / 8));
        assertThat(task.memoryBytes()).isEqualTo(4L << 30);
        assertThat(task.energyJoules()).isEqualTo(OptionalDouble.of(1_843_200 / 8.0));
        assertThat(steps.get(new SlurmJobId(2072)).perTask().energyJoules()).as("energy=0: nothing measured").isEmpty();
        assertThat(steps.get(new SlurmJobId(2072)).perTask().cpuTime()).isEqualTo(Duration.ofMillis(41_250));
    }

    @Test
    void lines_that_are_not_a_task_step_are_left_out() {
        String sstat = """
                14.batch|1|cpu=00:00:00,energy=0,mem=10676K|cpu=00:00:00,energy=0,mem=10676K
                15+0.0|1|cpu=00:00:01,mem=1K|cpu=00:00:01,mem=1K
                16.0|0|cpu=00:00:01,mem=1K|cpu=00:00:01,mem=1K
                17.0|1|cpu=00:00:01,mem=1K
                18.0|1|cpu=00:00:02,mem=2K|cpu=00:00:02,mem=2K
                """;

        assertThat(StepUsage.parse(sstat)).containsOnlyKeys(new SlurmJobId(18));
    }

    @Test
    void one_sstat_asks_after_every_job_and_those_whose_tasks_do_not_run_are_missing() {
        FakeSlurmCli cli = new FakeSlurmCli().answer("sstat", HERE);

        Map<SlurmJobId, StepUsage> usage = new SlurmJobs(cli, GATHERS).usage(
                List.of(new SlurmJobId(14), new SlurmJobId(15), new SlurmJobId(16)));

        assertThat(usage).containsOnlyKeys(new SlurmJobId(14));
        assertThat(cli.commands()).containsExactly("sstat --noheader --parsable2 --jobs=14.0,15.0,16.0 --format=JobID,NTasks,TRESUsageInTot,TRESUsageInMax");
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
