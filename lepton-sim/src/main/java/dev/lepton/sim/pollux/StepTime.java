package dev.lepton.sim.pollux;

/** Measured seconds per micro-step ({@code step}) of which {@code sync} is gradient synchronisation. */
record StepTime(double step, double sync) {
    StepTime {
        if (!(step > 0) || !(sync >= 0) || !Double.isFinite(step) || !Double.isFinite(sync)) {
            throw new IllegalArgumentException("step time needs step > 0 and sync >= 0, got " + step + ", " + sync);
        }
    }

    /** One optimizer step with {@code accumulation} extra micro-batches, each paying only the compute part. */
    double perOptimizerStep(int accumulation) {
        return step + accumulation * (step - sync);
    }

    static StepTime between(StepTime lo, StepTime hi, double weightOfHi) {
        return new StepTime(lo.step + (hi.step - lo.step) * weightOfHi, lo.sync + (hi.sync - lo.sync) * weightOfHi);
    }
}
