package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.KnownHardware;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.node.probe.NodeGpus;
import dev.lepton.node.probe.NvidiaSmi;
import dev.lepton.node.probe.RocmSmi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * This node's power, each component from the best source the host allows: CPU packages and DRAM
 * from RAPL when its counters can be read, else the CPU modelled from {@code /proc/stat}; each NVIDIA
 * GPU from {@code nvidia-smi}'s {@code power.draw} and each AMD GPU from {@code rocm-smi}'s graphics
 * package power when the driver reports it, else modelled from its utilisation. GPUs are numbered as
 * the node offers them ({@link NodeGpus}). The choice and its reason are logged once (and again if
 * RAPL later fails and the CPU falls back to the model).
 */
public final class NodePower implements PowerSource {
    private static final Logger log = LoggerFactory.getLogger(NodePower.class);

    private final PowerModel model;
    private final ProcStat procStat;
    private final InstantSource clock;
    private final Optional<NvidiaSmiPower> gpus;
    private final Optional<RocmSmiPower> amdGpus;
    private PowerSource cpu;
    private String cpuSource;

    private NodePower(PowerSource cpu, String cpuSource, Optional<NvidiaSmiPower> gpus, Optional<RocmSmiPower> amdGpus, PowerModel model,
            ProcStat procStat, InstantSource clock) {
        this.cpu = cpu;
        this.cpuSource = cpuSource;
        this.gpus = gpus;
        this.amdGpus = amdGpus;
        this.model = model;
        this.procStat = procStat;
        this.clock = clock;
    }

    /**
     * This host: {@code /sys/class/powercap}, {@code /proc/stat}, {@code nvidia-smi} and {@code rocm-smi} from {@code PATH},
     * the bundled hardware table.
     */
    public static NodePower local(NodePowerProfile profile, InstantSource clock) {
        CentralProcessor processor = new SystemInfo().getHardware().getProcessor();
        Optional<NvidiaSmi> nvidia = NvidiaSmi.locate();
        Optional<RocmSmi> amd = RocmSmi.locate();
        NodeGpus gpus = NodeGpus.number(nvidia.map(NvidiaSmi::devices).orElse(List.of()), amd.map(RocmSmi::devices).orElse(List.of()));
        PowerModel model = PowerModel.of(profile, knownHardware(), processor.getProcessorIdentifier().getName(),
                processor.getLogicalProcessorCount(), gpus.all());
        return choose(RaplPowercap.ROOT, new ProcStat(ProcStat.PATH), nvidia, amd, gpus, model, clock);
    }

    /** Chooses per component among RAPL under {@code powercapRoot}, {@code nvidia-smi} and {@code model}, on a node of NVIDIA GPUs alone. */
    public static NodePower choose(Path powercapRoot, ProcStat procStat, Optional<NvidiaSmi> smi, List<GpuDevice> gpus, PowerModel model,
            InstantSource clock) {
        return choose(powercapRoot, procStat, smi, Optional.empty(), NodeGpus.number(gpus, List.of()), model, clock);
    }

    /**
     * Chooses per component among RAPL under {@code powercapRoot}, {@code nvidia-smi}, {@code rocm-smi} and {@code model}
     * (built with {@code gpus.all()}).
     */
    public static NodePower choose(Path powercapRoot, ProcStat procStat, Optional<NvidiaSmi> nvidia, Optional<RocmSmi> amd, NodeGpus gpus,
            PowerModel model, InstantSource clock) {
        requireNonNull(model, "model is null");
        List<GpuDevice> nvidiaGpus = gpus.nvidia();
        Optional<NvidiaSmiPower> gpuPower = nvidia.filter(s -> !nvidiaGpus.isEmpty()).map(s -> new NvidiaSmiPower(s, nvidiaGpus, model, clock));
        Optional<RocmSmiPower> amdPower = amd.filter(s -> gpus.hasAmd()).map(s -> new RocmSmiPower(s, gpus, model, clock));
        return switch (RaplPowercap.open(powercapRoot, clock)) {
            case RaplPowercap.Available(RaplPowercap rapl) -> {
                log.atInfo().setMessage("CPU power source chosen").addKeyValue("source", ComponentReading.RAPL)
                        .addKeyValue("zones", rapl.zones().size()).addKeyValue("why", "RAPL counters under " + powercapRoot + " are readable").log();
                yield new NodePower(rapl, ComponentReading.RAPL, gpuPower, amdPower, model, procStat, clock);
            }
            case RaplPowercap.Unavailable(String reason) -> {
                PowerModel.ModelledComponent modelled = model.component(ComponentKind.CPU_PACKAGE, 0).orElseThrow();
                log.atInfo().setMessage("CPU power source chosen").addKeyValue("source", modelled.source())
                        .addKeyValue("range", modelled.range()).addKeyValue("from", modelled.why()).addKeyValue("why", reason).log();
                yield new NodePower(new ModelPowerSource(model, procStat, clock), modelled.source(), gpuPower, amdPower, model, procStat,
                        clock);
            }
        };
    }

    /** The bundled table of known CPU and GPU power ({@value KnownHardware#RESOURCE}). */
    public static KnownHardware knownHardware() {
        try (InputStream in = KnownHardware.class.getResourceAsStream(KnownHardware.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the known hardware table " + KnownHardware.RESOURCE + " is missing from the class path");
            }
            return KnownHardware.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KnownHardware.RESOURCE, e);
        }
    }

    /** Where the CPU figures come from now: {@code rapl}, or the model's source. */
    public synchronized String cpuSource() {
        return cpuSource;
    }

    /** The NVIDIA GPUs' source, which also tells each attempt's weight on a GPU by its processes; AMD GPUs have none yet. */
    public Optional<NvidiaSmiPower> gpus() {
        return gpus;
    }

    public PowerModel model() {
        return model;
    }

    @Override
    public synchronized List<ComponentReading> read() {
        List<ComponentReading> readings = new ArrayList<>(cpuReadings());
        gpus.ifPresent(g -> readings.addAll(g.read()));
        amdGpus.ifPresent(g -> readings.addAll(g.read()));
        return readings;
    }

    private List<ComponentReading> cpuReadings() {
        try {
            return cpu.read();
        } catch (UncheckedIOException e) {
            // The counters were readable at start and are not now (permissions changed, module unloaded): model from here on.
            cpu = new ModelPowerSource(model, procStat, clock);
            cpuSource = model.component(ComponentKind.CPU_PACKAGE, 0).orElseThrow().source();
            log.atWarn().setMessage("RAPL stopped answering; CPU power is modelled from now on, this interval's CPU energy is lost")
                    .addKeyValue("source", cpuSource).addKeyValue("error", e.getMessage()).log();
            return List.of();
        }
    }
}
