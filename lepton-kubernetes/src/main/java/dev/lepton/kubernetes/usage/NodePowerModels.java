package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.KnownHardware;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.kubernetes.node.NodeMapping;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's power model ({@link PowerModel}: {@code idle + (max − idle) × utilisation} per component),
 * from the node's own profile where an operator gave one (annotation {@value #PROFILE_ANNOTATION}, written as
 * {@code --node-power} is: {@code cpu=45..210,gpu=60..700}), else from the table of known hardware: the CPUs by
 * the node's logical CPUs ({@code status.capacity.cpu}; Kubernetes does not say their model, so the table's
 * general row), the GPUs by the model GPU feature discovery labels them with. Kept per node until what it is
 * made from changes.
 */
public final class NodePowerModels {
    public static final String PROFILE_ANNOTATION = "lepton.dev/node-power";
    private static final Logger log = LoggerFactory.getLogger(NodePowerModels.class);

    /** A node's model and what a worker's share of it is reckoned by. */
    public record NodeModel(PowerModel model, int logicalCpus, long allocatableMillis) {
        public NodeModel {
            requireNonNull(model, "model is null");
        }
    }

    /** What a model is made from: the same inputs, the same model. */
    private record Inputs(String profile, int logicalCpus, long allocatableMillis, List<GpuDevice> gpus) {}

    /** A node's model, what it was made from, and the Node object it was last asked for with (a watch hands the same one until the node changes). */
    private record Kept(Node asked, Inputs inputs, NodeModel model) {}

    private final KnownHardware table;
    private final Map<String, Kept> models = new ConcurrentHashMap<>();

    public NodePowerModels(KnownHardware table) {
        this.table = requireNonNull(table, "table is null");
    }

    /** With the table bundled in lepton-core ({@value KnownHardware#RESOURCE}). */
    public static NodePowerModels bundled() {
        try (InputStream in = KnownHardware.class.getResourceAsStream(KnownHardware.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the known hardware table " + KnownHardware.RESOURCE + " is missing from the class path");
            }
            return new NodePowerModels(KnownHardware.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KnownHardware.RESOURCE, e);
        }
    }

    public NodeModel of(Node node) {
        String name = node.getMetadata().getName();
        Kept kept = models.get(name);
        if (kept != null && kept.asked() == node) {
            return kept.model();
        }
        Inputs inputs = inputs(node);
        if (kept != null && kept.inputs().equals(inputs)) {
            models.put(name, new Kept(node, inputs, kept.model()));
            return kept.model();
        }
        NodeModel model = new NodeModel(PowerModel.of(profile(name, inputs.profile()), table, "", inputs.logicalCpus(), inputs.gpus()),
                inputs.logicalCpus(), inputs.allocatableMillis());
        models.put(name, new Kept(node, inputs, model));
        // One line a node (DEBUG: a cluster has thousands); what each range came from is the model's own.
        log.atDebug().setMessage("node's power modelled").addKeyValue("node", name).addKeyValue("components", model.model().components()
                .stream().map(c -> c.kind() + " " + c.index() + " " + c.range() + " " + c.source()).toList()).log();
        return model;
    }

    private Inputs inputs(Node node) {
        Map<String, String> annotations = Optional.ofNullable(node.getMetadata().getAnnotations()).orElse(Map.of());
        Map<String, Quantity> capacity = node.getStatus() == null || node.getStatus().getCapacity() == null ? Map.of()
                : node.getStatus().getCapacity();
        dev.lepton.core.node.Node mapped = NodeMapping.toLepton(node);
        int logicalCpus = (int) Math.max(1, Math.ceil(amount(capacity.get("cpu"))));
        List<GpuDevice> gpus = mapped.gpus().stream().map(g -> new GpuDevice(g.index(), g.uuid(), tableName(g.model()), g.memoryBytes(),
                g.powerLimitWatts())).toList();
        return new Inputs(annotations.getOrDefault(PROFILE_ANNOTATION, ""), logicalCpus, Math.max(1, mapped.allocatable().cpuMillis()), gpus);
    }

    private static NodePowerProfile profile(String node, String annotation) {
        if (annotation.isBlank()) {
            return NodePowerProfile.NONE;
        }
        try {
            return NodePowerProfile.parse(annotation);
        } catch (LeptonException e) {
            log.atWarn().setMessage("node's power profile unreadable, the known hardware table used instead").addKeyValue("node", node)
                    .addKeyValue("annotation", PROFILE_ANNOTATION).addKeyValue("error", e.getMessage()).log();
            return NodePowerProfile.NONE;
        }
    }

    /**
     * GPU feature discovery writes the driver's name with dashes for spaces ({@code NVIDIA-H100-PCIe} for
     * {@code NVIDIA H100 PCIe}); the table's rows are written for the driver's names. Whichever spelling an
     * earlier (more particular) row matches.
     */
    String tableName(String label) {
        String spaced = label.replace('-', ' ');
        return Stream.of(label, spaced).min((a, b) -> Integer.compare(rowIndex(a), rowIndex(b))).orElse(label);
    }

    private int rowIndex(String model) {
        return table.gpu(model).map(table.rows()::indexOf).orElse(Integer.MAX_VALUE);
    }

    private static double amount(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        try {
            return Quantity.getAmountInBytes(quantity).max(BigDecimal.ZERO).doubleValue();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return 0;
        }
    }
}
