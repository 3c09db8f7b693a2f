package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.policy.LasConfig;
import dev.lepton.core.policy.Policies;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
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
        PolluxRun run = PolluxSimulation.run(workload(), null, ONE_NODE_OF_TWO, policy, 1.0, 0, ProgressModel.POLLUX, lines::add);
        assertThat(lines).hasSize(2);
        return run;
    }

    @Test
    void theArtifactsTiresiasRunsTheBigJobFirstAndTheSmallOneWhenItsGpusFreeUp() throws Exception {
        PolluxRun run = run("tiresias-artifact");

        // big: scheduled at 60, restart until 90, 1,200 units at 2/3 a second: done at 1,890.
        // small: the round at 1,920 sees big gone; restart until 1,950, 2,400 s of work: done at 4,350.
        assertThat(run.jobs()).containsExactly(
                new JobResult("toy-big", 0, 60, 1890, 2, 1, 0),
                new JobResult("toy-small", 10, 1920, 4350, 1, 1, 0));
        assertThat(run.averageJct()).isEqualTo((1890 + 4340) / 2.0);
        assertThat(run.busyGpuSeconds()).isEqualTo(2 * (1890 - 60) + (4350 - 1920));
    }

    @Test
    void leptonsLasAndDefaultAgreeWithTheArtifactsTiresiasWhenNothingHasAttainedMuchService() throws Exception {
        List<JobResult> artifact = run("tiresias-artifact").jobs();

        assertThat(run("las").jobs()).isEqualTo(artifact);
        assertThat(run("tiresias").jobs()).isEqualTo(artifact);
        assertThat(run("default").jobs()).isEqualTo(artifact);
    }

    @Test
    void aCorePolicyPreemptsThroughTheCoreAllocatorAndTheVictimResumesWhereItStopped() throws Exception {
        AppProfiles apps = AppProfiles.read(PolluxSimulation.defaultProfilesDir(workload()));
        List<WorkloadJob> jobs = Workloads.read(workload(), apps.names());
        // Least-attained-service with its one split at 600 GPU-seconds: big, on 2 GPUs since 60, reaches it at 360.
        CorePolicy las = new CorePolicy(Policies.las(new LasConfig(List.of(600.0), 0, Duration.ZERO, Duration.ZERO)));

        PolluxRun run = PolluxSimulation.run(jobs, apps, NodeLayout.of(ONE_NODE_OF_TWO), las, 1.0, ProgressModel.POLLUX);

        // At 360 small (no service yet) preempts big, which has made 270 s × 2/3 = 180 units; small restarts
        // until 390 and runs 2,400 s: done at 2,790. Big resumes in the round at 2,820: restart until 2,850,
        // then 1,020 units at 2/3 a second: done at 4,380.
        assertThat(run.jobs()).containsExactly(
                new JobResult("toy-big", 0, 60, 4380, 2, 1, 1),
                new JobResult("toy-small", 10, 360, 2790, 1, 1, 0));
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
    void everyPolicyOfThePolluxSettingRunsTheToyWorkloadToTheEnd() throws Exception {
        for (String policy : PolluxPolicies.NAMES) {
            assertThat(run(policy).jobs()).as(policy).extracting(JobResult::id).containsExactly("toy-big", "toy-small");
        }
    }

    @Test
    void loadScalesArrivalTimes() throws Exception {
        PolluxRun run = PolluxSimulation.run(workload(), null, ONE_NODE_OF_TWO, "las", 2.0, 0, ProgressModel.POLLUX, line -> {});

        assertThat(run.jobs().get(1).submit()).isEqualTo(5.0);
    }

    @Test
    void theRoundModelRefusesANodeGroupOfAnotherAcceleratorAsItsProfilesAreNvidiaGpus() {
        ClusterSpec amd = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(1, 2, "amd.com/gpu", "MI300X", 48_000, 1L << 30,
                Optional.empty(), OptionalDouble.empty())));

        assertThatThrownBy(() -> PolluxSimulation.run(workload(), null, amd, "las", 1.0, 0, ProgressModel.POLLUX,
                        line -> {}))
                .hasMessage("--cluster: the pollux round model's application profiles are NVIDIA GPUs; a node group of amd.com/gpu (MI300X)"
                        + " runs only with --format philly or csv");
    }
}
