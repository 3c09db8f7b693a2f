package dev.lepton.server.nodes;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.node.probe.NodeUsage;
import dev.lepton.store.Store;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The nodes this server schedules onto (today: the machine it runs on) and their latest usage. */
public final class NodeRegistry {
    private final Store store;
    private final InstantSource clock;
    private volatile List<Node> nodes = List.of();
    private final Map<String, NodeUsage> usage = new ConcurrentHashMap<>();
    private final Map<String, String> enforcement = new ConcurrentHashMap<>();
    private final Map<String, String> isolation = new ConcurrentHashMap<>();

    public NodeRegistry(Store store, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(Node node) {
        store.write(tx -> {
            boolean known = tx.nodes().find(node.name()).isPresent();
            tx.nodes().upsert(node, clock.instant());
            tx.events().append("cluster", "node/" + node.name(), known ? "Registered" : "Joined",
                    node.allocatable() + ", " + node.gpus().size() + " GPU device(s)", clock.instant());
            return null;
        });
        nodes = List.of(node);
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** How the node holds workers to their resources ({@code cgroup-v2}, {@code cgroup-v1}, {@code watch}), as its executor says. */
    public void recordEnforcement(String node, String how) {
        enforcement.put(node, how);
    }

    public Optional<String> enforcement(String node) {
        return Optional.ofNullable(enforcement.get(node));
    }

    /** How the node's workers are isolated ({@code sandbox}, {@code project-user}, {@code none}), as its executor says. */
    public void recordIsolation(String node, String how) {
        isolation.put(node, how);
    }

    public Optional<String> isolation(String node) {
        return Optional.ofNullable(isolation.get(node));
    }

    public void recordUsage(String node, NodeUsage latest) {
        usage.put(node, latest);
    }

    public Optional<NodeUsage> usage(String node) {
        return Optional.ofNullable(usage.get(node));
    }

    public void heartbeat() {
        List<Node> current = nodes;
        store.write(tx -> {
            current.forEach(n -> tx.nodes().upsert(n, clock.instant()));
            return null;
        });
    }
}
