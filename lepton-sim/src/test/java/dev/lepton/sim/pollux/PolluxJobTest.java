package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** §3.4: a job's progress within rounds, the restart countdown and whole-second epoch ends. */
class PolluxJobTest {
    /** B0 = 100, one GPU at local batch 100 takes 1 s a step, no noise: exactly one unit of progress per second. */
    private static AppProfile unitRate(double... epochEnds) {
        ValidationCurve curve = TestProfiles.curve(100, epochEnds, 1, 0);
        StepTimeModel times = StepTimeModel.of(List.of(new StepTimeModel.PlacementPoint("1", 100, new StepTime(1, 0))), List.of());
        return new AppProfile("unit", List.of(curve), 100, 100, times);
    }

    private static PolluxJob startedAt(AppProfile app, double now) {
        PolluxJob job = new PolluxJob(new WorkloadJob("j", 0, app.name(), 1, 100), app);
        job.reallocate(new Allocation(List.of(0)), now);
        return job;
    }

    @Test
    void theFirstThirtySecondsAfterAnAllocationMakeNoProgress() {
        PolluxJob job = startedAt(unitRate(1000), 60);

        job.advance(60, 60);

        assertThat(job.progress()).isEqualTo(30);
        assertThat(job.attainedGpuSeconds()).isEqualTo(60);
    }

    @Test
    void anEpochEndingHalfwayThroughASecondRoundsHalfToEven() {
        // 30 s restart, then 44.5 s to the first epoch end: rint(44.5) = 44, so the job ends at 60 + 30 + 44 + 10
        PolluxJob job = startedAt(unitRate(44.5, 54.5), 60);

        job.advance(60, 60);
        job.advance(120, 60);

        assertThat(job.completed()).isTrue();
        assertThat(job.result().end()).isEqualTo(60 + 30 + 44 + 10);
    }

    @Test
    void severalEpochsCanEndInOneRound() {
        PolluxJob job = startedAt(unitRate(10, 20, 25), 0);

        job.advance(0, 60);

        assertThat(job.completed()).isTrue();
        assertThat(job.result().end()).isEqualTo(55);
    }

    @Test
    void aPreemptedJobKeepsItsProgressAndPaysTheRestartAgain() {
        PolluxJob job = startedAt(unitRate(1000), 0);
        job.advance(0, 60);
        job.reallocate(Allocation.NONE, 60);
        job.advance(60, 60);
        job.reallocate(new Allocation(List.of(0)), 120);
        job.advance(120, 60);

        assertThat(job.progress()).isEqualTo(60);
        assertThat(job.epoch()).isZero();
    }

    @Test
    void aJobOnGpusOfTwoModelsStepsAtThePaceOfTheSlower() {
        AppProfile fast = onTwoNodes(1);
        AppProfile slow = onTwoNodes(2);
        PolluxJob job = new PolluxJob(new WorkloadJob("j", 0, "unit", 2, 100), node -> node == 0 ? fast : slow, ProgressModel.POLLUX);
        job.reallocate(new Allocation(List.of(0, 1)), 0);

        job.advance(0, 60);

        // 30 s of restart, then 30 s at 2 s a step, one unit a step.
        assertThat(job.progress()).isEqualTo(15);
    }

    @Test
    void siasCalibrationPausesEachApplicationForItsOwnRestartAndSlowsItDown() {
        AppProfile unit = unitRate(1000);
        PolluxJob job = new PolluxJob(new WorkloadJob("j", 0, "cifar10", 1, 100), node -> unit, ProgressModel.SIA);
        job.reallocate(new Allocation(List.of(0)), 0);

        job.advance(0, 60);

        // cifar10 in Sia: 50 s of checkpoint-restore, then 1.8 times slower than measured.
        assertThat(job.progress()).isCloseTo(10 / 1.8, within(1e-9));
    }

    /** B0 = 100 split over two nodes of one GPU: 50 a GPU, {@code seconds} a step, no noise. */
    private static AppProfile onTwoNodes(double seconds) {
        ValidationCurve curve = TestProfiles.curve(100, new double[] {1000}, 1, 0);
        StepTimeModel times = StepTimeModel.of(List.of(new StepTimeModel.PlacementPoint("11", 50, new StepTime(seconds, 0))), List.of());
        return new AppProfile("unit", List.of(curve), 50, 100, times);
    }
}
