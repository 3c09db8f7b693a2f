package dev.lepton.sim.pollux;

import java.util.ArrayList;
import java.util.List;

/** In-memory application profiles for unit tests: only what a test cares about is spelled out. */
final class TestProfiles {
    private TestProfiles() {}

    /** An application with the given validated batch sizes and local batch limits; two noiseless epochs, one step-time point. */
    static AppProfile app(String name, int minLocal, int maxLocal, int... batchSizes) {
        List<ValidationCurve> curves = new ArrayList<>();
        for (int b : batchSizes) {
            curves.add(new ValidationCurve(b, new double[] {100, 200}, new double[] {100, 200}, new double[] {1, 1}, new double[] {0, 0}));
        }
        return new AppProfile(name, curves, minLocal, maxLocal, oneStepTime());
    }

    static AppProfile withCurves(List<ValidationCurve> curves) {
        return new AppProfile("curves", curves, 1, 1024, oneStepTime());
    }

    static ValidationCurve curve(int batch, double[] progress, double gradSqr, double gradVar) {
        double[] sqr = new double[progress.length];
        double[] var = new double[progress.length];
        java.util.Arrays.fill(sqr, gradSqr);
        java.util.Arrays.fill(var, gradVar);
        return new ValidationCurve(batch, progress, progress, sqr, var);
    }

    private static StepTimeModel oneStepTime() {
        return StepTimeModel.of(List.of(new StepTimeModel.PlacementPoint("1", 1, new StepTime(1, 0))), List.of());
    }
}
