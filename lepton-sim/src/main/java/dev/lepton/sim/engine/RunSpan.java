package dev.lepton.sim.engine;

/**
 * A stretch of time a job held {@code gpus} GPUs of the cluster file's node group {@code group}, from
 * {@code startMillis} to {@code endMillis} (virtual milliseconds). A job that ran once on one group has one
 * span; a preemption ends its spans and a restart begins new ones; a gang across groups has one span per group.
 */
public record RunSpan(long startMillis, long endMillis, int group, int gpus) {
    public RunSpan {
        if (endMillis < startMillis || group < 0 || gpus < 0) {
            throw new IllegalArgumentException("run span needs start <= end, group >= 0, gpus >= 0: " + startMillis + ".." + endMillis
                    + ", group " + group + ", gpus " + gpus);
        }
    }

    public long millis() {
        return endMillis - startMillis;
    }
}
