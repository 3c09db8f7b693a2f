package dev.lepton.core.node;

/**
 * Whether a node runs work, as its source and its operator say. A node that is merely {@link #UNSCHEDULABLE}
 * (cordoned, Slurm-drained, under memory or disk pressure) keeps what runs on it and takes nothing new; one
 * {@link #DRAINING} ({@code lepton node drain}, as {@code kubectl drain}) has what runs on it stopped and queued
 * again to run elsewhere, as a preemption; a node that is {@link #DOWN} (Kubernetes {@code NotReady}, Slurm
 * {@code DOWN}) runs nothing any more: what ran there is lost and retried as each job's policy says.
 */
public enum NodeCondition {
    READY("Ready"),
    UNSCHEDULABLE("Unschedulable"),
    DRAINING("Draining"),
    DOWN("Down");

    private final String wireName;

    NodeCondition(String wireName) {
        this.wireName = wireName;
    }

    /** As the API and the CLI write it: {@code Ready}, {@code Unschedulable}, {@code Draining}, {@code Down}. */
    public String wireName() {
        return wireName;
    }

    /** {@code Ready}, {@code unschedulable} (any case) and so on, as a user writes it. */
    public static java.util.Optional<NodeCondition> ofWireName(String text) {
        return java.util.Arrays.stream(values()).filter(c -> c.wireName.equalsIgnoreCase(text)).findFirst();
    }
}
