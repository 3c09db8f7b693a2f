package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One accelerator resource of a replayed cluster: its devices and the device-seconds jobs held of them. A
 * cluster whose node groups name several accelerators reports one per name beside the overall utilisation.
 */
public record AcceleratorUse(String accelerator, int gpus, double busyGpuSeconds) {
    public AcceleratorUse {
        requireNonNull(accelerator, "accelerator is null");
        if (gpus < 0 || !(busyGpuSeconds >= 0)) {
            throw new IllegalArgumentException(accelerator + ": negative devices or busy time (" + gpus + ", " + busyGpuSeconds + ")");
        }
    }

    /** Busy device-seconds over devices × makespan, as {@link Summary#gpuUtilization()} is for all of them. */
    public double utilization(double makespanSeconds) {
        return makespanSeconds <= 0 || gpus == 0 ? 0 : busyGpuSeconds / (gpus * makespanSeconds);
    }

    /** As {@code summary.json} lists it. */
    Map<String, Object> fields(double makespanSeconds) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("accelerator", accelerator);
        f.put("gpus", gpus);
        f.put("gpu_utilization", utilization(makespanSeconds));
        return f;
    }
}
