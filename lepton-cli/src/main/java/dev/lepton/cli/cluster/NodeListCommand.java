package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiNode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lepton node list [-c CONDITION] [-l KEY=VALUE]}: each node's condition (and the operator's hold on it), where it sits, its capacity, what is allocated of it, what is used
 * right now, how it holds workers to their limits ({@code cgroup-v2}, {@code cgroup-v1}, {@code watch}), and how
 * its workers are isolated ({@code sandbox}, {@code project-user}, {@code none}).
 */
@Command(name = "list", aliases = "ls", description = "List nodes with allocated/total resources and current use.")
public final class NodeListCommand extends LeptonSubcommand {
    @Option(names = {"-c", "--condition"}, paramLabel = "CONDITION", split = ",",
            description = "Only nodes in these conditions: Ready, Unschedulable, Draining, Down.")
    List<String> conditions = List.of();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Only nodes with this label; repeat for more, all must hold.")
    List<String> labels = List.of();

    @Override
    public Integer call() {
        Session session = session();
        List<ApiNode> nodes = session.client().nodes(conditions, labels);
        session.output().show(nodes, conditions.isEmpty() && labels.isEmpty() ? NodeListCommand::table
                : found -> found.isEmpty() ? "No node matches." : table(found));
        return 0;
    }

    static String table(List<ApiNode> nodes) {
        if (nodes.isEmpty()) {
            return "No nodes registered yet.";
        }
        Table table = Table.of("name", "status", "tier", "region", "taints", "cpu(alloc/total)", "memory(alloc/total)", "gpus(alloc/total)",
                "cpu%", "mem-used", "limits", "isolation");
        for (ApiNode node : nodes) {
            table.row(node.name(), status(node), node.tier(), node.region(),
                    node.taints() == null || node.taints().isEmpty() ? null : String.join(",", node.taints()),
                    ratio(node.cpuAllocated(), node.cpu()), ratio(node.memoryAllocated(), node.memory()),
                    node.gpusAllocated() + "/" + node.gpus(),
                    node.cpuUtilization() == null ? null : String.format(Locale.ROOT, "%.0f%%", node.cpuUtilization() * 100),
                    node.memoryUsedBytes() == null ? null : Units.bytes(node.memoryUsedBytes()), node.resourceEnforcement(),
                    node.workerIsolation());
        }
        return table.render();
    }

    /**
     * The condition, and the operator's hold where the condition does not say it: {@code Ready}, {@code Down},
     * {@code Unschedulable,Cordoned}, {@code Unschedulable,Draining} (a drain letting its work finish), {@code Draining}.
     */
    static String status(ApiNode node) {
        String condition = node.condition() == null ? (node.healthy() ? "Ready" : "Unschedulable") : node.condition();
        if (node.cordon() == null || condition.equals("Draining")) {
            return condition;
        }
        return condition + (node.cordon().drain() ? ",Draining" : ",Cordoned");
    }

    private static String ratio(String allocated, String total) {
        return (allocated == null ? "0" : allocated) + "/" + (total == null ? "?" : total);
    }
}
