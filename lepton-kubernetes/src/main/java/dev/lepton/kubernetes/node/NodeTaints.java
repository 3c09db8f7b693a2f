package dev.lepton.kubernetes.node;

import dev.lepton.core.node.Taint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of a node's taints Lepton places by: {@code NoSchedule} and {@code NoExecute} ones, as
 * {@code key=value}. Not {@code PreferNoSchedule} (a preference Lepton has no word for), and not the
 * node lifecycle's own ({@code node.kubernetes.io/not-ready}, {@code …/unschedulable}, …), which
 * stand for conditions Lepton reads directly as the node's health.
 */
public final class NodeTaints {
    private static final Set<String> HARD_EFFECTS = Set.of("NoSchedule", "NoExecute");
    private static final String LIFECYCLE_PREFIX = "node.kubernetes.io/";

    private NodeTaints() {}

    /** The node's taints as Lepton sees them. */
    public static Set<Taint> of(Node node) {
        Set<Taint> taints = new LinkedHashSet<>();
        placing(node).forEach(t -> taints.add(new Taint(t.getKey(), t.getValue() == null ? "" : t.getValue())));
        return taints;
    }

    /**
     * What a pod Lepton bound to the node tolerates: exactly the taints Lepton placed it by, which the
     * job tolerates or it would not be there. Without them the kubelet refuses a pod that does not
     * tolerate a {@code NoExecute} taint, and the taint manager evicts it.
     */
    public static List<Toleration> tolerations(Node node) {
        return placing(node).map(t -> new TolerationBuilder().withKey(t.getKey()).withOperator("Equal")
                .withValue(t.getValue() == null ? "" : t.getValue()).withEffect(t.getEffect()).build()).toList();
    }

    private static Stream<io.fabric8.kubernetes.api.model.Taint> placing(Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return Stream.empty();
        }
        return node.getSpec().getTaints().stream()
                .filter(t -> t.getKey() != null && HARD_EFFECTS.contains(t.getEffect()) && !t.getKey().startsWith(LIFECYCLE_PREFIX));
    }
}
