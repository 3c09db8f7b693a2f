package dev.lepton.sim.pollux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** §3.2 and §3.4: gradient statistics interpolated in batch size, the AdaScale gain and shared epoch ends. */
class AppProfileTest {
    @Test
    void gainIsScaleTimesEfficiencyAtAValidatedBatch() {
        AppProfile app = TestProfiles.withCurves(List.of(
                TestProfiles.curve(100, new double[] {10}, 1, 3),
                TestProfiles.curve(400, new double[] {10}, 1, 3)));

        // S = 4: (3 + 1) / (3/4 + 1)
        assertThat(app.gain(0, 400)).isCloseTo(4 / 1.75, within(1e-12));
        assertThat(app.gain(0, 100)).isEqualTo(1.0);
    }

    @Test
    void statisticsAreInterpolatedLinearlyBetweenTheBracketingBatches() {
        AppProfile app = TestProfiles.withCurves(List.of(
                TestProfiles.curve(100, new double[] {10}, 2, 0),
                TestProfiles.curve(400, new double[] {10}, 4, 6)));

        // at 250: g² = 3, σ² = 3, S = 2.5: (3 + 3) / (3/2.5 + 3)
        assertThat(app.gain(0, 250)).isCloseTo(6 / 4.2, within(1e-12));
    }

    @Test
    void withoutGradientNoiseTheGainIsTheFullScale() {
        AppProfile app = TestProfiles.withCurves(List.of(
                TestProfiles.curve(100, new double[] {10}, 0, 5),
                TestProfiles.curve(800, new double[] {10}, 0, 5)));

        assertThat(app.gain(0, 800)).isCloseTo(8, within(1e-12));
    }

    @Test
    void epochEndsAreTheMinimumOverBatchSizesNotTheJobsOwnCurve() {
        AppProfile app = TestProfiles.withCurves(List.of(
                TestProfiles.curve(100, new double[] {50, 120}, 1, 0),
                TestProfiles.curve(200, new double[] {60, 110}, 1, 0)));

        assertThat(app.epochs()).isEqualTo(2);
        assertThat(app.progressAtEndOf(0)).isEqualTo(50);
        assertThat(app.progressAtEndOf(1)).isEqualTo(110);
        assertThat(app.initialBatch()).isEqualTo(100);
        assertThat(app.maxBatch()).isEqualTo(200);
    }

    @Test
    void aBatchOutsideTheValidatedRangeIsAnError() {
        AppProfile app = TestProfiles.withCurves(List.of(TestProfiles.curve(100, new double[] {10}, 1, 1)));

        assertThatThrownBy(() -> app.gain(0, 101)).hasMessageContaining("outside the validated range [100, 100]");
    }
}
