package dev.lepton.kubernetes.node;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster's Node object as a Lepton node: what it has allocatable (CPU, memory, and accelerators: every
 * extended resource by its name, {@code nvidia.com/gpu}, {@code amd.com/gpu}, {@code google.com/tpu}, …), its
 * NVIDIA GPUs' model and memory from the labels NVIDIA's GPU feature discovery sets, its labels and taints, its
 * region, and its condition (ready; unschedulable when cordoned or under pressure; down when not {@code Ready}). Pure.
 *
 * <p>An accelerator is an allocatable quantity whose name is an extended resource name ({@code domain/name},
 * outside {@code kubernetes.io}) with a whole count from 1 to {@value dev.lepton.core.node.Node#MAX_DEVICES},
 * all of them together at most as many (taken in name order): Lepton pins each device by index. A device plugin that offers more (a shared device counted in the hundreds,
 * {@code rdma/hca_shared_devices_a: 1k}) offers no accelerator Lepton can place. Devices are numbered across
 * names in name order; one that is not an NVIDIA GPU has no product label to read and goes by its resource
 * name as its model.
 */
public final class NodeMapping {
    public static final String NVIDIA_GPU = Accelerators.NVIDIA_GPU;
    /** GPU feature discovery's labels: the product name ({@code NVIDIA-H100-80GB-HBM3}) and each GPU's memory in MiB. */
    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
    public static final String GPU_MEMORY_LABEL = "nvidia.com/gpu.memory";
    public static final String REGION_LABEL = "topology.kubernetes.io/region";
    /** What a GPU is called when its node has no product label. */
    static final String UNKNOWN_MODEL = "unknown";
    private static final Set<String> PRESSURES = Set.of("MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable");

    private NodeMapping() {}

    public static dev.lepton.core.node.Node toLepton(Node node) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null ? Map.of()
                : node.getStatus().getAllocatable();
        Accelerators accelerators = accelerators(allocatable);
        Resources resources = new Resources(whole(allocatable.get("cpu"), BigDecimal.valueOf(1000)), whole(allocatable.get("memory"),
                BigDecimal.ONE), accelerators);
        String model = labels.getOrDefault(GPU_PRODUCT_LABEL, UNKNOWN_MODEL);
        long gpuMemory = mebibytes(labels.get(GPU_MEMORY_LABEL));
        List<GpuDevice> devices = new ArrayList<>(accelerators.total());
        for (int k = 0; k < accelerators.size(); k++) {
            String resource = accelerators.name(k);
            boolean nvidia = resource.equals(NVIDIA_GPU);
            for (int i = 0; i < accelerators.count(k); i++) {
                devices.add(new GpuDevice(devices.size(), "", nvidia ? model : resource, nvidia ? gpuMemory : 0, 0, resource));
            }
        }
        String region = labels.getOrDefault(REGION_LABEL, dev.lepton.core.node.Node.DEFAULT_REGION);
        return new dev.lepton.core.node.Node(name, resources, devices, labels, NodeTaints.of(node), Tier.DATACENTER, region, 0,
                condition(node));
    }

    /** The allocatable extended resources that are accelerators Lepton can place (see the class comment), by name. */
    static Accelerators accelerators(Map<String, Quantity> allocatable) {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (String name : new TreeMap<>(allocatable).keySet()) {
            if (Accelerators.isValidName(name)) {
                long count = whole(allocatable.get(name), BigDecimal.ONE);
                if (count > 0 && total + count <= dev.lepton.core.node.Node.MAX_DEVICES) {
                    counts.put(name, (int) count);
                    total += (int) count;
                }
            }
        }
        return Accelerators.of(counts);
    }

    /**
     * Down unless its {@code Ready} condition is {@code True} (a kubelet that stopped reporting reads
     * {@code Unknown}): what runs there is lost. Unschedulable when cordoned or under memory, disk, PID or
     * network trouble: what runs there goes on. Ready otherwise.
     */
    static dev.lepton.core.node.NodeCondition condition(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null ? List.of()
                : node.getStatus().getConditions();
        if (conditions.stream().noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
            return dev.lepton.core.node.NodeCondition.DOWN;
        }
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean troubled = conditions.stream().anyMatch(c -> PRESSURES.contains(c.getType()) && "True".equals(c.getStatus()));
        return cordoned || troubled ? dev.lepton.core.node.NodeCondition.UNSCHEDULABLE : dev.lepton.core.node.NodeCondition.READY;
    }

    /** The quantity times {@code scale}, rounded down; 0 when absent or unreadable. */
    private static long whole(Quantity quantity, BigDecimal scale) {
        if (quantity == null) {
            return 0;
        }
        try {
            return Quantity.getAmountInBytes(quantity).multiply(scale).max(BigDecimal.ZERO).longValue();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static long mebibytes(String text) {
        return Optional.ofNullable(text).flatMap(t -> {
            try {
                return Optional.of(Long.parseLong(t.strip()) << 20);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(0L);
    }
}
