package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the model knows of one application (§2, §3.2, §3.4): its validated batch sizes (the smallest is
 * B0, the largest Bmax), local batch limits, epochs and their shared progress boundaries, gradient
 * statistics per epoch, and measured step times.
 */
final class AppProfile {
    private final String name;
    private final List<ValidationCurve> curves;
    private final int minLocalBatch;
    private final int maxLocalBatch;
    private final double[] epochEnds;
    private final StepTimeModel stepTimes;

    /** {@code curves} sorted by batch size, all with the same number of epochs. */
    AppProfile(String name, List<ValidationCurve> curves, int minLocalBatch, int maxLocalBatch, StepTimeModel stepTimes) {
        this.name = requireNonNull(name, "name is null");
        this.curves = List.copyOf(curves);
        this.stepTimes = requireNonNull(stepTimes, "stepTimes is null");
        if (this.curves.isEmpty()) {
            throw new IllegalArgumentException(name + ": no validation curves");
        }
        if (minLocalBatch < 1 || maxLocalBatch < minLocalBatch) {
            throw new IllegalArgumentException(name + ": needs 1 <= min local batch <= max local batch, got " + minLocalBatch + ", " + maxLocalBatch);
        }
        this.minLocalBatch = minLocalBatch;
        this.maxLocalBatch = maxLocalBatch;
        int epochs = this.curves.getFirst().epochs();
        for (int i = 0; i < this.curves.size(); i++) {
            ValidationCurve c = this.curves.get(i);
            if (c.epochs() != epochs) {
                throw new IllegalArgumentException(name + ": validation-" + c.batchSize() + " has " + c.epochs() + " epochs, expected " + epochs);
            }
            if (i > 0 && c.batchSize() <= this.curves.get(i - 1).batchSize()) {
                throw new IllegalArgumentException(name + ": validation curves must be sorted by distinct batch size");
            }
        }
        epochEnds = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            final int row = e;
            epochEnds[e] = this.curves.stream().mapToDouble(c -> c.progress()[row]).min().orElseThrow();
        }
    }

    String name() {
        return name;
    }

    /** B0: the smallest validated batch; one unit of progress is one step at this batch. */
    int initialBatch() {
        return curves.getFirst().batchSize();
    }

    /** Bmax: the largest validated batch. */
    int maxBatch() {
        return curves.getLast().batchSize();
    }

    int minLocalBatch() {
        return minLocalBatch;
    }

    int maxLocalBatch() {
        return maxLocalBatch;
    }

    /** E: the job completes when it finishes this many epochs. */
    int epochs() {
        return epochEnds.length;
    }

    /** P_{e+1}: cumulative progress at the end of epoch {@code epoch}, the minimum over batch sizes. */
    double progressAtEndOf(int epoch) {
        return epochEnds[epoch];
    }

    StepTimeModel stepTimes() {
        return stepTimes;
    }

    /**
     * AdaScale gain in {@code epoch} at total batch {@code batch}: progress per optimizer step,
     * (σ² + g²) / (σ²/S + g²) with S = batch / B0.
     */
    double gain(int epoch, double batch) {
        double sqr = interpolate(batch, epoch, Column.GRAD_SQR);
        double var = interpolate(batch, epoch, Column.GRAD_VAR);
        double scale = batch / initialBatch();
        return (var + sqr) / (var / scale + sqr);
    }

    /** The iteration column at the end of {@code epoch}, interpolated at {@code batch} (Optimus' oracle). */
    double iterationsAtEndOf(int epoch, double batch) {
        return interpolate(batch, epoch, Column.ITERATION);
    }

    private enum Column { ITERATION, GRAD_SQR, GRAD_VAR }

    private double interpolate(double batch, int epoch, Column column) {
        if (batch < initialBatch() || batch > maxBatch()) {
            throw new IllegalArgumentException(name + ": batch " + batch + " outside the validated range [" + initialBatch() + ", " + maxBatch() + "]");
        }
        int hi = 0;
        while (curves.get(hi).batchSize() < batch) {
            hi++;
        }
        double vHi = value(curves.get(hi), epoch, column);
        if (curves.get(hi).batchSize() == batch) {
            return vHi;
        }
        ValidationCurve lower = curves.get(hi - 1);
        double bLo = lower.batchSize();
        double bHi = curves.get(hi).batchSize();
        return ((batch - bLo) * vHi + (bHi - batch) * value(lower, epoch, column)) / (bHi - bLo);
    }

    private static double value(ValidationCurve curve, int epoch, Column column) {
        return switch (column) {
            case ITERATION -> curve.iterations()[epoch];
            case GRAD_SQR -> curve.gradSqr()[epoch];
            case GRAD_VAR -> curve.gradVar()[epoch];
        };
    }
}
