package dev.lepton.core.placement;

import dev.lepton.core.resource.Resources;

/** The scorers of the default pipeline. */
public final class Scorers {
    private Scorers() {}

    /**
     * Bin-packing: prefer the node that is fullest after taking the worker, so whole nodes stay
     * free for large gangs. GPUs dominate when the worker asks for any.
     */
    public static final NodeScorer BIN_PACK = (node, request) -> {
        Resources cap = node.node().allocatable();
        Resources after = node.allocated().plus(request);
        double cpu = ratio(after.cpuMillis(), cap.cpuMillis());
        double memory = ratio(after.memoryBytes(), cap.memoryBytes());
        if (request.gpus() > 0) {
            double gpu = ratio(node.gpusInUse().size() + request.gpus(), cap.gpus());
            return 0.6 * gpu + 0.2 * cpu + 0.2 * memory;
        }
        return (cpu + memory) / 2;
    };

    private static double ratio(double used, double capacity) {
        return capacity <= 0 ? 1 : Math.min(1, used / capacity);
    }
}
