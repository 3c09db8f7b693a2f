package dev.lepton.node.probe;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Detects this machine as a {@link Node}: every logical CPU and all physical memory are allocatable,
 * accelerators are the GPUs {@code nvidia-smi} and {@code rocm-smi} list, and the node is named after the host.
 */
public final class NodeProbe {
    public static final String OS_LABEL = "lepton.dev/os";
    public static final String ARCH_LABEL = "lepton.dev/arch";

    private static final Logger log = LoggerFactory.getLogger(NodeProbe.class);
    private static final String FALLBACK_NAME = "localhost";

    private final SystemInfo system;
    private final Optional<NvidiaSmi> nvidiaSmi;
    private final Optional<RocmSmi> rocmSmi;

    public NodeProbe(SystemInfo system, Optional<NvidiaSmi> nvidiaSmi) {
        this(system, nvidiaSmi, Optional.empty());
    }

    public NodeProbe(SystemInfo system, Optional<NvidiaSmi> nvidiaSmi, Optional<RocmSmi> rocmSmi) {
        this.system = requireNonNull(system, "system is null");
        this.nvidiaSmi = requireNonNull(nvidiaSmi, "nvidiaSmi is null");
        this.rocmSmi = requireNonNull(rocmSmi, "rocmSmi is null");
    }

    /** This host, with {@code nvidia-smi} and {@code rocm-smi} from {@code PATH} where present. */
    public static NodeProbe local() {
        return new NodeProbe(new SystemInfo(), NvidiaSmi.locate(), RocmSmi.locate());
    }

    /**
     * This machine as a node: its logical CPUs, its memory, and as accelerators the GPUs {@code nvidia-smi}
     * lists, as {@value Accelerators#NVIDIA_GPU} at their own indices, then those {@code rocm-smi} lists, as
     * {@value RocmSmi#RESOURCE}, numbered on after them in ROCm's order ({@link NodeGpus}).
     */
    public Node detect() {
        HardwareAbstractionLayer hardware = system.getHardware();
        List<GpuDevice> nvidia = nvidiaSmi.map(NvidiaSmi::devices).orElse(List.of());
        List<GpuDevice> amd = rocmSmi.map(RocmSmi::devices).orElse(List.of());
        List<GpuDevice> gpus = NodeGpus.number(nvidia, amd).all();
        Resources allocatable = new Resources(hardware.getProcessor().getLogicalProcessorCount() * 1000L,
                hardware.getMemory().getTotal(), Accelerators.nvidiaGpus(nvidia.size()).plus(Accelerators.of(RocmSmi.RESOURCE, amd.size())));
        Node node = new Node(hostName(), allocatable, gpus, labels(), NodeCondition.READY);
        log.atInfo().setMessage("node detected").addKeyValue("node", node.name())
                .addKeyValue("allocatable", allocatable).addKeyValue("gpus", gpus.size()).log();
        return node;
    }

    private String hostName() {
        String name = system.getOperatingSystem().getNetworkParams().getHostName();
        return name == null || name.isBlank() ? FALLBACK_NAME : name;
    }

    private Map<String, String> labels() {
        return Map.of(OS_LABEL, system.getOperatingSystem().getFamily().toLowerCase(Locale.ROOT),
                ARCH_LABEL, System.getProperty("os.arch"));
    }
}
