package dev.lepton.slurm.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Labels;
import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.slurm.KeyValueLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A node as {@code scontrol show node -o} describes it: the CPUs jobs may use ({@code CPUEfctv},
 * else {@code CPUTot}), memory ({@code RealMemory}, in MiB there), generic resources (GPUs among
 * them, with their model as the GRES type), state, partitions, active features, and what running
 * jobs, Lepton's or not, hold of it now.
 */
public record SlurmNode(String name, int cpus, long memoryBytes, List<SlurmGres> gres, SlurmNodeState state, List<String> partitions,
                        Set<String> features, int allocatedCpus, long allocatedMemoryBytes, int allocatedGpus, Optional<String> reason) {
    static final long MIB = 1024L * 1024;
    /** The label each feature becomes on a Lepton node (value {@value #FEATURE_VALUE}), so a job's nodeSelector can ask for it. */
    public static final String FEATURE_LABEL_PREFIX = "slurm.feature/";
    public static final String FEATURE_VALUE = "true";
    public static final String PARTITION_LABEL = "slurm.partition";

    public SlurmNode {
        requireNonNull(name, "name is null");
        gres = List.copyOf(gres);
        requireNonNull(state, "state is null");
        partitions = List.copyOf(partitions);
        features = Set.copyOf(features);
        requireNonNull(reason, "reason is null");
        if (cpus < 0 || memoryBytes < 0 || allocatedCpus < 0 || allocatedMemoryBytes < 0 || allocatedGpus < 0) {
            throw new IllegalArgumentException("node " + name + ": negative resources");
        }
    }

    /** Parses one line of {@code scontrol show node -o}. */
    public static SlurmNode parse(String line) {
        KeyValueLine node = KeyValueLine.parse(line);
        String name = node.required("NodeName");
        long cpus = node.number("CPUEfctv").orElse(node.number("CPUTot").orElse(0));
        List<SlurmGres> gres = SlurmGres.parseList(node.value("Gres").orElse(""));
        return new SlurmNode(name, (int) cpus, node.number("RealMemory").orElse(0) * MIB, gres,
                SlurmNodeState.parse(node.required("State")), list(node.value("Partitions")),
                Set.copyOf(list(node.value("ActiveFeatures").or(() -> node.value("AvailableFeatures")))),
                (int) node.number("CPUAlloc").orElse(0), node.number("AllocMem").orElse(0) * MIB,
                (int) allocatedGpus(node.value("AllocTRES").orElse("")), node.value("Reason"));
    }

    /** The GPUs of all types. */
    public int gpus() {
        return (int) gres.stream().filter(SlurmGres::isGpu).mapToLong(SlurmGres::count).sum();
    }

    /** The model of the node's GPUs, as the GRES type names it ({@code a100}); empty when untyped or none. */
    public Optional<String> gpuModel() {
        return gres.stream().filter(SlurmGres::isGpu).flatMap(g -> g.type().stream()).findFirst();
    }

    public boolean inPartition(String partition) {
        return partitions.contains(partition);
    }

    /** This node with GRES {@code gpu} as {@value SlurmGres#GPU_RESOURCE} and no other accelerators ({@link SlurmGresMap#DEFAULT}). */
    public Node asNode(String partition) {
        return asNode(partition, SlurmGresMap.DEFAULT);
    }

    /**
     * This node as Lepton's scheduler sees it: what Slurm offers ({@code cpus} as millicores, memory,
     * each GRES {@code gresMap} maps as devices of its resource, listed one by one with the GRES type, else its
     * name, as the model, in the order {@code Gres=} lists them; other GRES, {@code mps} or {@code shard}, are no
     * accelerators; a GRES that would take the node past {@value Node#MAX_DEVICES} devices is left out),
     * features as labels {@value #FEATURE_LABEL_PREFIX}NAME={@value #FEATURE_VALUE} plus
     * {@value #PARTITION_LABEL}, in the condition its state reads as ({@link SlurmNodeState#condition()}).
     */
    public Node asNode(String partition, SlurmGresMap gresMap) {
        List<GpuDevice> devices = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SlurmGres g : gres) {
            Optional<String> resource = gresMap.resourceOf(g);
            if (resource.isEmpty() || g.count() > Node.MAX_DEVICES - devices.size()) {
                continue;
            }
            for (long i = 0; i < g.count(); i++) {
                int index = devices.size();
                devices.add(new GpuDevice(index, "slurm:" + name + ":" + g.name() + index, g.type().orElse(g.name()), 0, 0, resource.get()));
            }
            counts.merge(resource.get(), (int) g.count(), Integer::sum);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        features.stream().map(f -> FEATURE_LABEL_PREFIX + f).filter(Labels::isKey).forEach(key -> labels.put(key, FEATURE_VALUE));
        labels.put(PARTITION_LABEL, partition);
        return new Node(name, new Resources(cpus * 1000L, memoryBytes, Accelerators.of(counts)), devices, labels, state.condition());
    }

    private static List<String> list(Optional<String> commaSeparated) {
        return commaSeparated.map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    /** {@code gres/gpu=N} of {@code AllocTRES} (the untyped total; typed entries {@code gres/gpu:a100=N} repeat it). */
    private static long allocatedGpus(String tres) {
        return Arrays.stream(tres.split(",")).map(String::strip).filter(t -> t.startsWith("gres/gpu="))
                .mapToLong(t -> Long.parseLong(t.substring("gres/gpu=".length()))).findFirst().orElse(0);
    }

    @Override
    public String toString() {
        return name + " " + state + " cpus=" + cpus + " memory=" + memoryBytes / MIB + "MiB"
                + (gres.isEmpty() ? "" : " gres=" + gres.stream().map(g -> g.name() + g.type().map(t -> ":" + t).orElse("") + ":" + g.count())
                        .collect(Collectors.joining(",")));
    }
}
