package dev.lepton.server.nodes;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiGpu;
import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiNodeCordon;
import dev.lepton.api.v1.ApiNodeHold;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.NodeCordon;
import dev.lepton.core.node.Taint;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.probe.GpuUsage;
import dev.lepton.node.probe.NodeUsage;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.Caller;
import dev.lepton.server.http.RouteTable;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.store.StoredNode;
import dev.lepton.store.Store;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/nodes}: what the cluster has and how it is used, filtered by condition and labels; and the
 * operator's holds on a node ({@code cordon}, {@code drain}, {@code uncordon}), each audited.
 */
public final class NodeRoutes {
    /** The longest reason a hold may give. */
    static final int MAX_REASON = 500;

    private final Store store;
    private final NodeRegistry registry;
    private final SchedulerLoop loop;
    private final InstantSource clock;

    public NodeRoutes(Store store, NodeRegistry registry, SchedulerLoop loop, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/nodes", Access.anyUser(), "node.list", (ctx, caller) -> Bodies.json(ctx, new ApiList<>(nodes(filter(ctx)), null)));
        routes.get("/api/v1/nodes/{name}", Access.anyUser(), "node.get", (ctx, caller) -> Bodies.json(ctx, node(ctx.pathParam("name"))));
        routes.post("/api/v1/nodes/{name}/cordon", Access.cluster(Role.ADMIN), "node.cordon", (ctx, caller) ->
                Bodies.json(ctx, hold(ctx, caller, false)));
        routes.post("/api/v1/nodes/{name}/drain", Access.cluster(Role.ADMIN), "node.drain", (ctx, caller) ->
                Bodies.json(ctx, hold(ctx, caller, true)));
        routes.post("/api/v1/nodes/{name}/uncordon", Access.cluster(Role.ADMIN), "node.uncordon", (ctx, caller) -> {
            String name = ctx.pathParam("name");
            registry.hold(name, Optional.empty(), caller.user(), caller.action()).orElseThrow(() -> LeptonException.notFound("node", name));
            Bodies.json(ctx, node(name));
        });
    }

    /** Cordons the node ({@code drain}: and moves what runs there); the body, optional, gives the reason. */
    private ApiNode hold(Context ctx, Caller caller, boolean drain) {
        String name = ctx.pathParam("name");
        ApiNodeHold body = ctx.bodyAsBytes().length == 0 ? new ApiNodeHold("") : Bodies.read(ctx, ApiNodeHold.class);
        String reason = Optional.ofNullable(body.reason()).orElse("").strip();
        boolean letFinish = Boolean.TRUE.equals(body.letFinish());
        if (letFinish && !drain) {
            throw LeptonException.invalid("letFinish", true, "only a drain lets work finish; a cordon always does");
        }
        if (reason.length() > MAX_REASON) {
            throw LeptonException.invalid("reason", reason.length() + " characters", "at most " + MAX_REASON + " characters");
        }
        NodeCordon cordon = new NodeCordon(caller.user(), reason, clock.instant(), drain, letFinish);
        registry.hold(name, Optional.of(cordon), caller.user(), caller.action()).orElseThrow(() -> LeptonException.notFound("node", name));
        return node(name);
    }

    private ApiNode node(String name) {
        StoredNode stored = store.read(tx -> tx.nodes().find(name)).orElseThrow(() -> LeptonException.notFound("node", name));
        return node(stored, loop.snapshot().nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null));
    }

    /** {@code ?condition=Down} (one or more, by commas) and {@code ?label=key=value} (each repeated one must hold). */
    private static Predicate<StoredNode> filter(Context ctx) {
        Set<NodeCondition> conditions = new HashSet<>();
        for (String text : ctx.queryParams("condition").stream().flatMap(c -> Arrays.stream(c.split(","))).map(String::strip)
                .filter(c -> !c.isEmpty()).toList()) {
            conditions.add(NodeCondition.ofWireName(text).orElseThrow(() -> LeptonException.invalid("condition", text, "not a node condition; one of "
                    + Arrays.stream(NodeCondition.values()).map(NodeCondition::wireName).toList())));
        }
        Map<String, String> labels = new HashMap<>();
        for (String pair : ctx.queryParams("label")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw LeptonException.invalid("label", pair, "write it as key=value");
            }
            labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return stored -> (conditions.isEmpty() || conditions.contains(stored.effective().condition()))
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(stored.node().labels().get(l.getKey())));
    }

    private List<ApiNode> nodes(Predicate<StoredNode> filter) {
        Map<String, NodeState> allocated = loop.snapshot().nodes().stream()
                .collect(Collectors.toMap(NodeState::name, Function.identity()));
        return store.read(tx -> tx.nodes().list()).stream().filter(filter).map(stored -> node(stored, allocated.get(stored.node().name()))).toList();
    }

    private ApiNode node(StoredNode stored, NodeState state) {
        Node node = stored.effective();
        Resources cap = node.allocatable();
        Resources used = state == null ? Resources.NONE : state.allocated();
        int gpusUsed = state == null ? 0 : state.gpusInUse().size();
        Optional<NodeUsage> usage = registry.usage(node.name());
        Map<Integer, GpuUsage> gpuUsage = usage.map(u -> u.gpus().stream().collect(Collectors.toMap(GpuUsage::index, Function.identity())))
                .orElse(Map.of());
        List<ApiGpu> gpus = node.gpus().stream().map(g -> gpu(g, Optional.ofNullable(gpuUsage.get(g.index())))).toList();
        return new ApiNode("Node", node.name(), node.labels(), node.taints().stream().map(Taint::toString).sorted().toList(),
                node.tier().wireName(), node.region(), node.pricePerHour(), node.healthy(), node.condition().wireName(),
                stored.cordon().map(c -> new ApiNodeCordon(c.by(), c.reason(), c.at(), c.drain(), c.letFinish())).orElse(null),
                Quantities.formatCpu(cap.cpuMillis()), Quantities.formatBytes(cap.memoryBytes()), cap.gpus(), gpus,
                Quantities.formatCpu(used.cpuMillis()), Quantities.formatBytes(used.memoryBytes()), gpusUsed,
                usage.map(u -> Math.round(u.cpuUtilization() * 1000) / 1000.0).orElse(null),
                usage.map(NodeUsage::memoryUsedBytes).orElse(null), stored.heartbeatAt(), registry.enforcement(node.name()).orElse(null),
                registry.isolation(node.name()).orElse(null), cap.accelerators().asMap(),
                state == null ? Map.of() : inUse(cap, state));
    }

    /** Devices in use, name by name: what the node offers less what is free of it. */
    private static Map<String, Integer> inUse(Resources cap, NodeState state) {
        return cap.accelerators().atLeastZeroMinus(state.free().accelerators()).asMap();
    }

    private static ApiGpu gpu(GpuDevice device, Optional<GpuUsage> usage) {
        return new ApiGpu(device.index(), device.uuid(), device.model(), device.memoryBytes(),
                usage.map(GpuUsage::utilization).orElse(null), usage.map(GpuUsage::memoryUsedBytes).orElse(null),
                usage.flatMap(u -> u.powerWatts().isPresent() ? Optional.of(u.powerWatts().getAsDouble()) : Optional.empty()).orElse(null),
                device.resource());
    }
}
