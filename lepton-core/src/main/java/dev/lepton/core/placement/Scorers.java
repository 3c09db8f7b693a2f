package dev.lepton.core.placement;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.resource.Resources;
import java.util.Map;
import java.util.function.Supplier;

/** The scorers of the pipeline; each maps a node to [0, 1], higher is better. */
public final class Scorers {
    private Scorers() {}

    /**
     * Bin-packing: prefer the node that is fullest after taking the worker, so whole nodes stay
     * free for large gangs. GPUs dominate when the worker asks for any.
     */
    public static final NodeScorer BIN_PACK = (node, request) -> utilisationAfter(node, request.perWorker());

    /** Spreading: the opposite of bin-packing, for work that should not share a node's failure or bandwidth. */
    public static final NodeScorer SPREAD = (node, request) -> 1 - utilisationAfter(node, request.perWorker());

    /**
     * Energy efficiency: for GPU work, the node whose GPUs do the most work per watt (datasheet
     * throughput over the power limit: the same work then takes the least energy), {@code e / (1 + e)}
     * for {@code e} TFLOPS per watt; 0.5 for a GPU model without a datasheet figure. For CPU work,
     * nodes without accelerators to keep awake.
     */
    public static final NodeScorer ENERGY = (node, request) -> {
        if (request.perWorker().gpus() == 0) {
            return node.node().gpus().isEmpty() ? 1 : 0.5;
        }
        if (node.node().gpus().isEmpty()) {
            return 0.5;
        }
        GpuDevice gpu = node.node().gpus().getFirst();
        return GpuEfficiency.tflopsPerWatt(gpu.model(), gpu.powerLimitWatts()).map(e -> e / (1 + e)).orElse(0.5);
    };

    /** Cost: prefer cheaper nodes per hour (a free, already-owned node scores 1). */
    public static final NodeScorer COST = (node, request) -> 1 / (1 + node.node().pricePerHour());

    /**
     * Carbon: prefer nodes on grids with lower carbon intensity now. {@code intensityByRegion} answers
     * each region's gCO2e/kWh at the moment of asking (a series moves every hour); a region it does not
     * know counts as the average of those it does.
     */
    public static NodeScorer carbon(Supplier<Map<String, Double>> intensityByRegion) {
        return (node, request) -> {
            Map<String, Double> now = intensityByRegion.get();
            Double known = now.get(node.node().region());
            double grams = known != null ? known : now.values().stream().mapToDouble(Double::doubleValue).average().orElse(400);
            return 1 / (1 + grams / 400);
        };
    }

    /** A weighted mean of scorers: the recipe a policy picks. Weights need not sum to one. */
    public static NodeScorer weighted(Map<NodeScorer, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("scorer weights must add up to more than 0");
        }
        return (node, request) -> weights.entrySet().stream()
                .mapToDouble(e -> e.getValue() * e.getKey().score(node, request)).sum() / total;
    }

    /** Added up here rather than with {@link Resources#plus}: it runs for every node and worker placed, and allocates nothing. */
    private static double utilisationAfter(NodeState node, Resources request) {
        Resources cap = node.node().allocatable();
        Resources allocated = node.allocated();
        double cpu = ratio(allocated.cpuMillis() + request.cpuMillis(), cap.cpuMillis());
        double memory = ratio(allocated.memoryBytes() + request.memoryBytes(), cap.memoryBytes());
        if (request.gpus() > 0) {
            double gpu = ratio(node.gpusInUse().size() + request.gpus(), cap.gpus());
            return 0.6 * gpu + 0.2 * cpu + 0.2 * memory;
        }
        return (cpu + memory) / 2;
    }

    private static double ratio(double used, double capacity) {
        return capacity <= 0 ? 1 : Math.min(1, used / capacity);
    }

}
