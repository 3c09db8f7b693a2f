package dev.lepton.sim.pollux;

/**
 * How a total batch runs on {@code replicas} GPUs (§3.1): each GPU processes {@code atomic} samples
 * per micro-step and {@code accumulation} extra micro-steps per optimizer step.
 */
record BatchSplit(int replicas, int atomic, int accumulation) {
    private static final double EPSILON = 1e-8;

    BatchSplit {
        if (replicas < 1 || atomic < 1 || accumulation < 0) {
            throw new IllegalArgumentException("batch split needs replicas >= 1, atomic >= 1, accumulation >= 0, got "
                    + replicas + ", " + atomic + ", " + accumulation);
        }
    }

    /** M: the batch actually used per optimizer step; may differ from the requested one through rounding and the cap. */
    int total() {
        return replicas * atomic * (accumulation + 1);
    }

    /** The artifact's split of a fixed total batch (TunedJobs). */
    static BatchSplit of(AppProfile app, int replicas, int batch) {
        return of(app, replicas, batch, false);
    }

    /**
     * The split; a single GPU with a batch above B0 always accumulates at least once, and
     * {@code alwaysAccumulateOnOne} forces that for any batch (Optimus' step-time prediction).
     */
    static BatchSplit of(AppProfile app, int replicas, int batch, boolean alwaysAccumulateOnOne) {
        int local = (int) Math.ceil((double) batch / replicas - EPSILON);
        int accumulation = (int) Math.ceil((double) local / app.maxLocalBatch() - EPSILON) - 1;
        if (replicas == 1 && (batch > app.initialBatch() || alwaysAccumulateOnOne)) {
            accumulation = Math.max(accumulation, 1);
        }
        int atomic = (int) Math.ceil((double) local / (accumulation + 1) - EPSILON);
        atomic = Math.min(atomic, app.maxBatch() / (replicas * (accumulation + 1)));
        return new BatchSplit(replicas, atomic, accumulation);
    }
}
