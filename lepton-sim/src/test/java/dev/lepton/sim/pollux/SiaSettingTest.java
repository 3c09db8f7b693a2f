package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --format sia} on the {@code sia/toy} fixture: one job, ncf-big (2 GPUs, batch 200), arriving
 * at 0, on one node of two GPUs. On T4s it steps in 1.5 s (2/3 of a unit a second, as measured), on
 * RTX 2080 Tis in 4.5 s; both epochs end at 600 and 1,200 units.
 */
class SiaSettingTest {
    private static PolluxRun run(String gpuModel, ProgressModel model) throws URISyntaxException {
        Path workload = Path.of(SiaSettingTest.class.getResource("/sia/toy/workloads/philly/workload-1.csv").toURI());
        ClusterSpec oneNode = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(1, 2, gpuModel, 48_000, 1L << 30)));
        return PolluxSimulation.run(workload, null, oneNode, "las", 1.0, 0, model, line -> {});
    }

    @Test
    void profilesAreFoundBesideTheParentOfASiaWorkloadsFolder() throws Exception {
        Path workload = Path.of(SiaSettingTest.class.getResource("/sia/toy/workloads/philly/workload-1.csv").toURI());

        assertThat(PolluxSimulation.defaultProfilesDir(workload)).isEqualTo(workload.getParent().getParent().resolveSibling("app-profiles"));
    }

    @Test
    void onT4sSiasCalibrationRestartsNcfIn15SecondsAndRunsIt1Point5TimesSlower() throws Exception {
        // Scheduled at 60, restored at 75, then 1,200 units at 2/3 ÷ 1.5 = 4/9 of a unit a second: 2,700 s.
        assertThat(run("T4", ProgressModel.SIA).jobs()).containsExactly(new JobResult("ncf-big", 0, 60, 2775, 2, 1, 0));
    }

    @Test
    void theSameJobUnderPolluxsCalibrationRestartsIn30SecondsAtTheMeasuredPace() throws Exception {
        assertThat(run("T4", ProgressModel.POLLUX).jobs()).containsExactly(new JobResult("ncf-big", 0, 60, 1890, 2, 1, 0));
    }

    @Test
    void onRtx2080TisTheJobUsesTheirOwnStepTimes() throws Exception {
        // 4.5 s a step: 2/9 ÷ 1.5 = 4/27 of a unit a second, 8,100 s for 1,200 units.
        assertThat(run("RTX2080Ti", ProgressModel.SIA).jobs()).containsExactly(new JobResult("ncf-big", 0, 60, 8175, 2, 1, 0));
    }
}
