package dev.lepton.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiExplanation.NodeVerdict;
import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergySource;
import dev.lepton.api.v1.ApiEstimate;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ApiWorker;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.cli.output.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRenderingTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void getShowsTheStatusThenOneRowPerWorker() {
        ApiJob job = job("train", 2, new ApiJobStatus("Failed", 2, 1, 137, "worker 1 ran out of memory",
                null, NOW.minus(Duration.ofMinutes(5)), NOW.minusSeconds(30), List.of(
                        new ApiWorker(0, "gpu-a", List.of(0, 1), "Killed", 4211L, null, null, 12.34, 12_897_485),
                        new ApiWorker(1, "gpu-b", List.of(), "Failed", 977L, null, 137, 3.0, 2L * 1024 * 1024 * 1024, "OOMKilled", "pid 977"),
                        new ApiWorker(2, "gpu-c", List.of(), "Killed", null, null, null, 1.0, 1024, null, "slurm 42 task 2")))
                .withEnergy(new ApiEnergy(18_720, 0.0052, 0.78, 0.001356, "modelled")));

        assertThat(JobGetCommand.summary(job, NOW)).isEqualTo("""
                Name:      train
                Project:   default
                Phase:     Failed
                Attempt:   2
                Failures:  1
                Exit code: 137
                Message:   worker 1 ran out of memory
                Created:   2025-03-01T11:50:00Z (10m ago)
                Started:   2025-03-01T11:55:00Z (5m ago)
                Finished:  2025-03-01T11:59:30Z (30s ago)
                Energy:    0.0052 kWh · 0.78 gCO2e · $0.0014 (modelled)

                RANK   NODE    STATE                PROCESS           EXIT   CPU-SECONDS   PEAK-MEMORY   GPUS
                0      gpu-a   Killed               4211              -      12.3          12.3MiB       0,1
                1      gpu-b   Failed (OOMKilled)   977               137    3.0           2.0GiB        -
                2      gpu-c   Killed               slurm 42 task 2   -      1.0           1.0KiB        -
                """);
    }

    @Test
    void theEnergyLineNamesItsSourceOrEachSourcesShare() {
        ApiEnergy modelled = new ApiEnergy(18_720, 0.0052, 0.78, 0.001356, "modelled",
                List.of(new ApiEnergySource("model:tdp-table", 18_720, "modelled")));
        ApiEnergy mixed = new ApiEnergy(10_000, 0.0028, 0.42, 0.001, "modelled",
                List.of(new ApiEnergySource("slurm:acct_gather_energy/ipmi", 9_700, "measured"), new ApiEnergySource("model:tdp-table", 300, "modelled")));

        assertThat(JobGetCommand.energy(modelled)).isEqualTo("0.0052 kWh · 0.78 gCO2e · $0.0014 (modelled: model:tdp-table)");
        assertThat(JobGetCommand.energy(mixed))
                .isEqualTo("0.0028 kWh · 0.42 gCO2e · $0.001 (modelled: slurm:acct_gather_energy/ipmi 97%, model:tdp-table 3%)");
    }

    @Test
    void aJobTheServerHasNotStartedShowsDashesAndNoWorkers() {
        String text = JobGetCommand.summary(job("queued", 1, null), NOW);

        assertThat(text).contains("Phase:     Pending\n", "Exit code: -\n", "Started:   -\n").endsWith("\nNo workers yet.\n");
    }

    @Test
    void listShowsOneLinePerJobWithAgeAndAShortenedMessage() {
        ApiJob running = job("train", 4, status("Running", 1, null));
        ApiJob failed = job("eval", null, status("Failed", 3, "x".repeat(100)));
        JobListCommand list = new JobListCommand();

        assertThat(list.table(List.of(running, failed), NOW)).isEqualTo("""
                NAME    PHASE     WORKERS   ATTEMPT   AGE   MESSAGE
                train   Running   4         1         10m   -
                eval    Failed    -         3         10m   %s…
                """.formatted("x".repeat(59)));
    }

    @Test
    void listAcrossProjectsAddsTheProjectColumn() {
        JobListCommand list = new JobListCommand();
        list.allProjects = true;

        assertThat(list.table(List.of(job("train", 1, null)), NOW).lines().findFirst())
                .contains("PROJECT   NAME    PHASE     WORKERS   ATTEMPT   AGE   MESSAGE");
    }

    @Test
    void explainLeadsWithTheVerdictThenWhatEachNodeSaid() {
        ApiExplanation explanation = new ApiExplanation("train", "Queued", "Waiting", "no node has 2 free GPUs now", null, null,
                List.of(new NodeVerdict("gpu-a", false, "needs 2 GPUs, 1 free", null, null),
                        new NodeVerdict("gpu-b", true, null, 0.8125, null)));

        assertThat(JobExplainCommand.text(explanation)).isEqualTo("""
                job/train Queued (Waiting): no node has 2 free GPUs now

                NODE    FEASIBLE   REASON                 SCORE
                gpu-a   no         needs 2 GPUs, 1 free   -
                gpu-b   yes        -                      0.813
                """);
    }

    @Test
    void explainSaysWhenTheSchedulerDecidedAndEachScorersPart() {
        ApiExplanation explanation = new ApiExplanation("train", "Queued", "Waiting", "waiting for quota: queue vision is at its nominal quota",
                "quota", java.time.Instant.parse("2026-12-03T08:00:00Z"),
                List.of(new NodeVerdict("gpu-b", true, null, 0.75, java.util.Map.of("binPack", 0.5, "energy", 1.0))));

        assertThat(JobExplainCommand.text(explanation)).isEqualTo("""
                job/train Queued (Waiting): waiting for quota: queue vision is at its nominal quota
                Decided by the scheduler at 2026-12-03T08:00:00Z (cause: quota); the nodes as it saw them then:

                NODE    FEASIBLE   REASON   SCORE   SCORERS
                gpu-b   yes        -        0.750   binPack=0.500 energy=1.000
                """);
    }

    @Test
    void aDryRunSaysWhatTheJobIsExpectedToCostNowAndAtItsChosenStart() {
        Instant later = NOW.plus(Duration.ofHours(3));
        ApiEstimate estimate = new ApiEstimate("gpu-a", "ES", "2h", "spec.schedule.expectedDuration",
                new ApiEstimate.Run(NOW, 390, "forecast", 1.4, 546, 6.4), new ApiEstimate.Run(later, 212, "forecast", 1.4, 296.8, 6.4),
                "deferred to 11:00 UTC: 212 gCO2e/kWh forecast against 390 now", "modelled");
        ApiJob dryRun = job("train", 1, status("Pending", 0, null).withEstimate(estimate));

        assertThat(JobText.submitted(dryRun, true)).isEqualTo("""
                job/train valid (dry run)
                expected for 2h (spec.schedule.expectedDuration) on node gpu-a in ES, modelled at full use of what it asks:
                  started now:  %s  1.4 kWh · 550 gCO2e · $6.4 at 390 gCO2e/kWh (forecast)
                  at its start: %s  1.4 kWh · 300 gCO2e · $6.4 at 212 gCO2e/kWh (forecast)
                  deferred to 11:00 UTC: 212 gCO2e/kWh forecast against 390 now""".formatted(Units.time(NOW), Units.time(later)));
        assertThat(JobText.submitted(job("train", 1, status("Pending", 0, null)), true)).isEqualTo("job/train valid (dry run)");
    }

    @Test
    void theOutcomeOfAWaitSaysPhaseExitCodeAndMessage() {
        assertThat(JobText.outcome(job("t", 1, new ApiJobStatus("Failed", 1, 1, 2, "exit status 2", null, null, null, List.of()))))
                .isEqualTo("job/t Failed (exit code 2): exit status 2");
        assertThat(JobText.outcome(job("t", 1, status("Succeeded", 1, null)))).isEqualTo("job/t Succeeded");
        assertThat(JobText.isTerminal(job("t", 1, status("Cancelled", 1, null)))).isTrue();
        assertThat(JobText.isTerminal(job("t", 1, status("Running", 1, null)))).isFalse();
        assertThat(JobText.isTerminal(job("t", 1, null))).isFalse();
    }

    private static ApiJobStatus status(String phase, int attempt, String message) {
        return new ApiJobStatus(phase, attempt, 0, null, message, null, null, null, List.of());
    }

    private static ApiJob job(String name, Integer workers, ApiJobStatus status) {
        ObjectMeta meta = new ObjectMeta(name, "default", Map.of(), "uid-1", 3L, NOW.minus(Duration.ofMinutes(10)));
        ApiJobSpec spec = new ApiJobSpec(List.of("python", "train.py"), List.of(), Map.of(), null, workers, "default", 0, null, null, null, null, null);
        return new ApiJob("Job", "lepton.dev/v1", meta, spec, status);
    }
}
