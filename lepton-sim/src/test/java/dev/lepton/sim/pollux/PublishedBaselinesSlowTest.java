package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lepton.sim.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance B2 on the artifact's real workloads ({@code ../shared/traces/philly-pollux}, read only
 * when present; skipped, saying so, when not): the mean of per-workload average JCT at 1.0× load
 * within ±10% of the published Tiresias and Optimus figures, Tiresias being Lepton's own {@code las}
 * (the server's code); and the artifact's Tiresias, reproduced as its code has it, matching the
 * published figure job by job, which checks the progress model itself.
 */
@Tag("slow")
class PublishedBaselinesSlowTest {
    private static Optional<Path> shared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/traces/philly-pollux");
            if (Files.isDirectory(candidate.resolve("workloads"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path workloads() {
        Optional<Path> shared = shared();
        assumeThat(shared).as("shared/traces/philly-pollux not found above " + Path.of("").toAbsolutePath() + "; skipping B2").isPresent();
        return shared.orElseThrow().resolve("workloads");
    }

    @Test
    void leptonsTiresiasWithTunedJobsIsWithinTenPercentOfThePublished4038Seconds() {
        double mean = PolluxBenchmark.meanAverageJct(workloads(), "tiresias");

        assertThat(mean).isCloseTo(4038.18, within(403.8));
    }

    @Test
    void theArtifactsTiresiasIsWithinOnePercentOfThePublished4038Seconds() {
        double mean = PolluxBenchmark.meanAverageJct(workloads(), "tiresias-artifact");

        assertThat(mean).isCloseTo(4038.18, within(40.4));
    }

    @Test
    void optimusWithOracleAndTunedJobsIsWithinTenPercentOfThePublished5682Seconds() {
        double mean = PolluxBenchmark.meanAverageJct(workloads(), "optimus");

        assertThat(mean).isCloseTo(5681.93, within(568.2));
    }

    @Test
    void theFirstJobsOfWorkloadOneMatchTheArtifactToTheSecond() {
        PolluxRun run = PolluxSimulation.run(workloads().resolve("workload-1.csv"), null, PolluxBenchmark.polluxCluster(), "tiresias-artifact", 1.0, 0, ProgressModel.POLLUX, line -> {});
        Map<String, Double> jct = run.jobs().stream().collect(Collectors.toMap(JobResult::id, JobResult::jct));

        assertThat(jct).containsAllEntriesOf(Map.of("cifar10-0", 953.0, "ncf-2", 122.0, "deepspeech2-1", 4182.0, "deepspeech2-3", 2545.0,
                "cifar10-4", 516.0, "ncf-5", 78.0, "ncf-6", 86.0, "ncf-7", 115.0, "cifar10-8", 702.0, "ncf-9", 124.0));
        assertThat(jct).containsEntry("cifar10-10", 944.0);
    }
}
