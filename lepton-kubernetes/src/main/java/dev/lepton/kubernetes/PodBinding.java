package dev.lepton.kubernetes;

import java.util.Locale;

/**
 * How a worker's pod is bound to the node Lepton chose ({@code --kubernetes-binding}): {@link #NODE_NAME}
 * writes the node into the pod as it is created ({@code spec.nodeName}: no scheduler has a say, and any
 * cluster allows it); {@link #BINDING} creates the pod for a scheduler named {@value #SCHEDULER_NAME}, with
 * the node in an annotation, and then binds it through the pod's {@code binding} subresource, as a
 * scheduler does: the API server records the binding (the pod's {@code PodScheduled} condition), admission
 * and audit see a scheduler's act, and it needs the permission a scheduler has ({@code pods/binding}).
 */
public enum PodBinding {
    NODE_NAME("node-name"),
    BINDING("binding");

    /** The scheduler a pod bound through the subresource names: no other scheduler takes it. */
    public static final String SCHEDULER_NAME = "lepton";

    private final String label;

    PodBinding(String label) {
        this.label = label;
    }

    /** As the flag takes it: {@code node-name} or {@code binding}. */
    public String label() {
        return label;
    }

    /** {@code node-name} or {@code binding}; anything else is refused, saying which there are. */
    public static PodBinding ofLabel(String text) {
        for (PodBinding binding : values()) {
            if (binding.label.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return binding;
            }
        }
        throw new IllegalArgumentException("node-name or binding");
    }
}
