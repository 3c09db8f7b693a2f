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
 * GPUs are whatever {@code nvidia-smi} lists, and the node is named after the host.
 */
public final class NodeProbe {
    public static final String OS_LABEL = "lepton.dev/os";
    public static final String ARCH_LABEL = "lepton.dev/arch";

    private static final Logger log = LoggerFactory.getLogger(NodeProbe.class);
    private static final String FALLBACK_NAME = "localhost";

    private final SystemInfo system;
    private final Optional<NvidiaSmi> nvidiaSmi;

    public NodeProbe(SystemInfo system, Optional<NvidiaSmi> nvidiaSmi) {
        this.system = requireNonNull(system, "system is null");
        this.nvidiaSmi = requireNonNull(nvidiaSmi, "nvidiaSmi is null");
    }

    /** This host, with {@code nvidia-smi} from {@code PATH} when present. */
    public static NodeProbe local() {
        return new NodeProbe(new SystemInfo(), NvidiaSmi.locate());
    }

    /**
     * This machine as a node: its logical CPUs, its memory, and as accelerators the GPUs {@code nvidia-smi}
     * lists, as {@value Accelerators#NVIDIA_GPU}. Other vendors' devices are not probed here (yet): a machine
     * with AMD GPUs offers them through the Kubernetes or Slurm executor.
     */
    public Node detect() {
        HardwareAbstractionLayer hardware = system.getHardware();
        List<GpuDevice> gpus = nvidiaSmi.map(NvidiaSmi::devices).orElse(List.of());
        Resources allocatable = new Resources(hardware.getProcessor().getLogicalProcessorCount() * 1000L,
                hardware.getMemory().getTotal(), Accelerators.nvidiaGpus(gpus.size()));
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
