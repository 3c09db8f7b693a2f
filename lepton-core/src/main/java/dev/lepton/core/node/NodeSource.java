package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a server's nodes come from: the machine it runs on, a Slurm partition, a Kubernetes cluster.
 * Started, a source hands its listener the whole current set of nodes, once at once and again each
 * time the set or a node changes (one that joins, leaves, turns unhealthy or is resized), from a thread
 * of its own; the listener works out what changed. A source that cannot watch polls.
 */
public interface NodeSource extends AutoCloseable {
    /** Begins telling {@code listener} the nodes; called once. */
    void start(Consumer<List<Node>> listener);

    /** Stops telling; the nodes last told stay as they were. */
    @Override
    void close();

    /** Nodes that never change, such as the machine the server runs on as probed at start. */
    static NodeSource of(List<Node> nodes) {
        List<Node> fixed = List.copyOf(requireNonNull(nodes, "nodes is null"));
        return new NodeSource() {
            @Override
            public void start(Consumer<List<Node>> listener) {
                listener.accept(fixed);
            }

            @Override
            public void close() {}
        };
    }
}
