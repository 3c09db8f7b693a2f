package dev.lepton.sim.pollux;

import java.util.Map;
import java.util.NavigableMap;

/** Step times measured at several local batch sizes for one placement, interpolated linearly and clamped at the ends. */
final class LocalBatchCurve {
    private final double[] localBatch;
    private final StepTime[] times;

    LocalBatchCurve(NavigableMap<Double, StepTime> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a local-batch curve needs at least one point");
        }
        localBatch = new double[points.size()];
        times = new StepTime[points.size()];
        int i = 0;
        for (Map.Entry<Double, StepTime> e : points.entrySet()) {
            localBatch[i] = e.getKey();
            times[i++] = e.getValue();
        }
    }

    StepTime at(double m) {
        if (m <= localBatch[0]) {
            return times[0];
        }
        int last = localBatch.length - 1;
        if (m >= localBatch[last]) {
            return times[last];
        }
        int hi = 1;
        while (localBatch[hi] < m) {
            hi++;
        }
        double weight = (m - localBatch[hi - 1]) / (localBatch[hi] - localBatch[hi - 1]);
        return StepTime.between(times[hi - 1], times[hi], weight);
    }
}
