package dev.lepton.kubernetes.usage;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.PowerModel.ModelledComponent;
import dev.lepton.kubernetes.usage.NodePowerModels.NodeModel;

/**
 * A worker's modelled power on its node, as the server splits a modelled node of its own by default
 * ({@code --idle-power by-allocation}): the share of the CPUs' idle power that its CPU request is of the node's
 * allocatable CPU, the active power of the cores it uses ({@code (max − idle) × cores / logical CPUs}), and each
 * GPU it holds whole, at its maximum: without a measurement Kubernetes does not say how busy a GPU is, so a
 * held GPU is charged what it may draw. Pure.
 */
public final class WorkerPower {
    private WorkerPower() {}

    /** The CPUs' part: the idle share its request is of the node's CPUs, and the active power of the cores it uses. */
    public static double cpuWatts(NodeModel node, long cpuMillis, double cores) {
        ModelledComponent cpu = node.model().component(ComponentKind.CPU_PACKAGE, 0).orElseThrow();
        double allocated = Math.min(1, (double) cpuMillis / node.allocatableMillis());
        double busy = Math.min(1, cores / node.logicalCpus());
        return cpu.range().idleWatts() * allocated + (cpu.range().maxWatts() - cpu.range().idleWatts()) * busy;
    }

    /** The GPUs' part: each GPU it holds at its maximum. */
    public static double gpuWatts(NodeModel node, int gpus) {
        double watts = 0;
        for (int i = 0; i < gpus; i++) {
            // The device plugin chose which of the node's GPUs; they are alike on a node, so the first ones stand for them.
            watts += node.model().component(ComponentKind.GPU, i).map(g -> g.range().maxWatts()).orElse(0.0);
        }
        return watts;
    }

    /** Where the CPU's range came from ({@code model:profile}, {@code model:tdp-table}). */
    public static String source(NodeModel node) {
        return node.model().component(ComponentKind.CPU_PACKAGE, 0).orElseThrow().source();
    }

    /** Where the GPUs' range came from; the CPU's where the node has no GPU the model knows. */
    public static String gpuSource(NodeModel node) {
        return node.model().component(ComponentKind.GPU, 0).map(ModelledComponent::source).orElseGet(() -> source(node));
    }
}
