package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The round loop on the {@code pollux/toy} fixture, one node of two GPUs. Job big (2 GPUs, batch 200)
 * arrives at 0 and runs at 1.5 s a step: 2/3 of a unit a second; job small (1 GPU, batch 100)
 * arrives at 10 and runs at 2 s a step: 1/2 a unit a second. Both finish at 1,200 units.
 */
class RoundLoopTest {
    private static final ClusterSpec ONE_NODE_OF_TWO = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(1, 2, "T4", 48_000, 1L << 30)));

    private static Path workload() throws URISyntaxException {
        return Path.of(RoundLoopTest.class.getResource("/pollux/toy/workloads/workload-1.csv").toURI());
    }

    private static PolluxRun run(String policy) throws URISyntaxException {
        List<String> lines = new ArrayList<>();
        PolluxRun run = PolluxSimulation.run(workload(), null, ONE_NODE_OF_TWO, policy, 1.0, 0, lines::add);
        assertThat(lines).hasSize(2);
        return run;
    }

    @Test
    void tiresiasRunsTheBigJobFirstAndTheSmallOneWhenItsGpusFreeUp() throws Exception {
        PolluxRun run = run("tiresias");

        // big: scheduled at 60, restart until 90, 1,200 units at 2/3 a second: done at 1,890.
        // small: the round at 1,920 sees big gone; restart until 1,950, 2,400 s of work: done at 4,350.
        assertThat(run.jobs()).containsExactly(
                new JobResult("toy-big", 0, 60, 1890, 2, 1, 0),
                new JobResult("toy-small", 10, 1920, 4350, 1, 1, 0));
        assertThat(run.averageJct()).isEqualTo((1890 + 4340) / 2.0);
        assertThat(run.busyGpuSeconds()).isEqualTo(2 * (1890 - 60) + (4350 - 1920));
    }

    @Test
    void lasIsTheSamePolicyAsTiresias() throws Exception {
        assertThat(run("las").jobs()).isEqualTo(run("tiresias").jobs());
    }

    @Test
    void theDefaultPolicyAgreesWhenNothingHasAttainedMuchService() throws Exception {
        assertThat(run("default").jobs()).isEqualTo(run("tiresias").jobs());
    }

    @Test
    void optimusSharesTheNodeThenGivesTheSurvivorBothGpus() throws Exception {
        PolluxRun run = run("optimus");

        // At 60 each job gets one GPU and nothing is left. big on one GPU accumulates (a = 1): 4 s a step,
        // 1/4 a unit a second; small finishes at 90 + 2,400 = 2,490. At 2,520 big (607.5 units, in its last
        // epoch) gets both GPUs, restarts until 2,550 and needs 592.5 more at 2/3: 888.75 s, the epoch end
        // rounded to the second: 3,439.
        assertThat(run.jobs()).containsExactly(
                new JobResult("toy-big", 0, 60, 3439, 2, 1, 0),
                new JobResult("toy-small", 10, 60, 2490, 1, 1, 0));
    }

    @Test
    void loadScalesArrivalTimes() throws Exception {
        PolluxRun run = PolluxSimulation.run(workload(), null, ONE_NODE_OF_TWO, "tiresias", 2.0, 0, line -> {});

        assertThat(run.jobs().get(1).submit()).isEqualTo(5.0);
    }
}
