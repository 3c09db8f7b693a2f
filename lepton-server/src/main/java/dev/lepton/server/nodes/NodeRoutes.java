package dev.lepton.server.nodes;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiGpu;
import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.Taint;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.probe.GpuUsage;
import dev.lepton.node.probe.NodeUsage;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.RouteTable;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.store.StoredNode;
import dev.lepton.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code /api/v1/nodes}: what the cluster has and how it is used. */
public final class NodeRoutes {
    private final Store store;
    private final NodeRegistry registry;
    private final SchedulerLoop loop;

    public NodeRoutes(Store store, NodeRegistry registry, SchedulerLoop loop) {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.loop = requireNonNull(loop, "loop is null");
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/nodes", Access.anyUser(), "node.list", (ctx, caller) -> Bodies.json(ctx, new ApiList<>(nodes(), null)));
    }

    private List<ApiNode> nodes() {
        Map<String, NodeState> allocated = loop.snapshot().nodes().stream()
                .collect(Collectors.toMap(NodeState::name, Function.identity()));
        return store.read(tx -> tx.nodes().list()).stream().map(stored -> node(stored, allocated.get(stored.node().name()))).toList();
    }

    private ApiNode node(StoredNode stored, NodeState state) {
        Node node = stored.node();
        Resources cap = node.allocatable();
        Resources used = state == null ? Resources.NONE : state.allocated();
        int gpusUsed = state == null ? 0 : state.gpusInUse().size();
        Optional<NodeUsage> usage = registry.usage(node.name());
        Map<Integer, GpuUsage> gpuUsage = usage.map(u -> u.gpus().stream().collect(Collectors.toMap(GpuUsage::index, Function.identity())))
                .orElse(Map.of());
        List<ApiGpu> gpus = node.gpus().stream().map(g -> gpu(g, Optional.ofNullable(gpuUsage.get(g.index())))).toList();
        return new ApiNode("Node", node.name(), node.labels(), node.taints().stream().map(Taint::toString).sorted().toList(),
                node.tier().wireName(), node.region(), node.pricePerHour(), node.healthy(),
                Quantities.formatCpu(cap.cpuMillis()), Quantities.formatBytes(cap.memoryBytes()), cap.gpus(), gpus,
                Quantities.formatCpu(used.cpuMillis()), Quantities.formatBytes(used.memoryBytes()), gpusUsed,
                usage.map(u -> Math.round(u.cpuUtilization() * 1000) / 1000.0).orElse(null),
                usage.map(NodeUsage::memoryUsedBytes).orElse(null), stored.heartbeatAt(), registry.enforcement(node.name()).orElse(null),
                registry.isolation(node.name()).orElse(null));
    }

    private static ApiGpu gpu(GpuDevice device, Optional<GpuUsage> usage) {
        return new ApiGpu(device.index(), device.uuid(), device.model(), device.memoryBytes(),
                usage.map(GpuUsage::utilization).orElse(null), usage.map(GpuUsage::memoryUsedBytes).orElse(null),
                usage.flatMap(u -> u.powerWatts().isPresent() ? Optional.of(u.powerWatts().getAsDouble()) : Optional.empty()).orElse(null));
    }
}
