package dev.lepton.server.nodes;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCordon;
import dev.lepton.node.probe.NodeUsage;
import dev.lepton.store.Store;
import dev.lepton.store.StoredNode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The nodes this server schedules onto, as their {@link dev.lepton.core.node.NodeSource} last told
 * them, under the operator's holds ({@code lepton node cordon|drain}, kept in the store), with their latest
 * usage and what their executor says of them.
 */
public final class NodeRegistry {
    private final Store store;
    private final InstantSource clock;
    /** As the source last told them. */
    private volatile List<Node> reported = List.of();
    /** As the scheduler sees them: {@link #reported} under the holds. */
    private volatile List<Node> nodes = List.of();
    private final Map<String, NodeCordon> holds = new ConcurrentHashMap<>();
    private final Map<String, NodeUsage> usage = new ConcurrentHashMap<>();
    private final Map<String, String> enforcement = new ConcurrentHashMap<>();
    private final Map<String, String> isolation = new ConcurrentHashMap<>();
    private volatile Runnable listener = () -> {};

    public NodeRegistry(Store store, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        store.read(tx -> tx.nodes().list()).forEach(stored -> stored.cordon().ifPresent(c -> holds.put(stored.node().name(), c)));
    }

    /**
     * The nodes as their source has them now. A node new to the store joins, one known from an earlier
     * run registers again, one that changed is recorded with what changed, one no longer listed leaves:
     * an event each, in one write. Answers whether anything changed, so that the scheduler looks again.
     */
    public boolean update(List<Node> current) {
        Map<String, Node> before = new LinkedHashMap<>();
        reported.forEach(n -> before.put(n.name(), n));
        Set<String> listed = current.stream().map(Node::name).collect(Collectors.toSet());
        boolean changed = store.write(tx -> {
            Instant at = clock.instant();
            boolean any = false;
            for (Node node : current) {
                Node was = before.get(node.name());
                if (node.equals(was)) {
                    continue;
                }
                any = true;
                String event = was != null ? "Changed" : tx.nodes().find(node.name()).isPresent() ? "Registered" : "Joined";
                tx.nodes().upsert(node, at);
                tx.events().append("cluster", "node/" + node.name(), event, was == null ? describe(node) : changes(was, node), at);
            }
            for (Node gone : before.values()) {
                if (!listed.contains(gone.name())) {
                    any = true;
                    tx.events().append("cluster", "node/" + gone.name(), "Left", "no longer listed by its source", at);
                }
            }
            return any;
        });
        reported = List.copyOf(current);
        nodes = underHolds(reported);
        if (changed) {
            listener.run();
        }
        return changed;
    }

    /**
     * Puts the operator's hold on a registered node ({@code Cordoned}: it takes no new work; {@code Draining}:
     * what runs there also moves) or lifts it ({@code Uncordoned}), with its event and audit row in one write;
     * the scheduler then looks again. Answers the node as stored now, or empty when none has that name.
     */
    public Optional<StoredNode> hold(String name, Optional<NodeCordon> cordon, String actor, String action) {
        Optional<StoredNode> held = store.write(tx -> {
            if (!tx.nodes().cordon(name, cordon)) {
                return Optional.<StoredNode>empty();
            }
            Instant at = clock.instant();
            String event = cordon.map(c -> c.drain() ? "Draining" : "Cordoned").orElse("Uncordoned");
            String message = cordon.map(c -> (c.drain() ? "drained" : "cordoned") + " by " + actor + (c.letFinish() ? ", letting its work finish" : "")
                            + (c.reason().isEmpty() ? "" : ": " + c.reason()))
                    .orElse("uncordoned by " + actor + ": takes work again as its source reports it");
            tx.events().append("cluster", "node/" + name, event, message, at);
            tx.audit().record(at, actor, action, "node/" + name, true, message);
            return tx.nodes().find(name);
        });
        if (held.isPresent()) {
            cordon.ifPresentOrElse(c -> holds.put(name, c), () -> holds.remove(name));
            nodes = underHolds(reported);
            listener.run();
        }
        return held;
    }

    private List<Node> underHolds(List<Node> from) {
        return from.stream().map(n -> Optional.ofNullable(holds.get(n.name())).map(c -> c.applyTo(n)).orElse(n)).toList();
    }

    /** What to do when the nodes change after this call (the scheduler looks again). */
    public void onChange(Runnable action) {
        listener = requireNonNull(action, "action is null");
    }

    private static String describe(Node node) {
        return capacity(node) + (node.healthy() ? "" : ", " + node.condition().wireName());
    }

    private static String capacity(Node node) {
        return node.allocatable() + ", " + node.gpus().size() + " GPU device(s)";
    }

    /** What differs, e.g. {@code Ready → Down: what ran there is lost; allocatable 8 CPU … → 4 CPU …}. */
    private static String changes(Node was, Node now) {
        List<String> parts = new ArrayList<>();
        if (was.condition() != now.condition()) {
            parts.add(was.condition().wireName() + " → " + now.condition().wireName() + switch (now.condition()) {
                case READY -> ": takes work again";
                case UNSCHEDULABLE -> ": takes no new work, what runs there goes on";
                case DRAINING -> ": what runs there moves elsewhere";
                case DOWN -> ": what ran there is lost, and it takes no work until it is ready again";
            });
        }
        if (!was.allocatable().equals(now.allocatable()) || !was.gpus().equals(now.gpus())) {
            parts.add("allocatable " + capacity(was) + " → " + capacity(now));
        }
        if (!was.labels().equals(now.labels())) {
            parts.add("labels " + was.labels() + " → " + now.labels());
        }
        if (!was.taints().equals(now.taints())) {
            parts.add("taints " + was.taints() + " → " + now.taints());
        }
        if (parts.isEmpty()) {
            parts.add("region, tier or price changed");
        }
        return String.join("; ", parts);
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
        List<Node> current = reported;
        store.write(tx -> {
            current.forEach(n -> tx.nodes().upsert(n, clock.instant()));
            return null;
        });
    }
}
