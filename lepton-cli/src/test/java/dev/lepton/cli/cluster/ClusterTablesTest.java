package dev.lepton.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiNodeCordon;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ApiQueueSpec;
import dev.lepton.api.v1.ApiQueueStatus;
import dev.lepton.api.v1.ObjectMeta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTablesTest {
    @Test
    void nodesShowWhereTheySitAllocatedOverTotalAndCurrentUse() {
        ApiNode busy = new ApiNode("Node", "gpu-a", Map.of(), List.of(), "datacenter", "local", 0, true, "Ready", null, "16", "62.5GiB", 4,
                List.of(), "1500m", "8GiB", 2, 0.456, 12_897_485L, null, "cgroup-v1", "project-user");
        ApiNode fresh = new ApiNode("Node", "edge-1", Map.of("site", "lab"), List.of("dedicated=vision"), "edge", "eu-north", 1.5, false,
                "Unschedulable", null, "4", "8GiB", 0, List.of(), null, null, 0, null, null, null, null, null);
        ApiNode held = new ApiNode("Node", "gpu-b", Map.of(), List.of(), "datacenter", "local", 0, false, "Unschedulable",
                new ApiNodeCordon("alice", "new fans", Instant.EPOCH, false, false), "16", "62.5GiB", 4, List.of(), null, null, 0, null, null, null, null, null);
        ApiNode gone = new ApiNode("Node", "gpu-c", Map.of(), List.of(), "datacenter", "local", 0, false, "Down", null, "16", "62.5GiB", 4,
                List.of(), null, null, 0, null, null, null, null, null);

        assertThat(NodeListCommand.table(List.of(busy, fresh, held, gone))).isEqualTo("""
                NAME     STATUS                   TIER         REGION     TAINTS             CPU(ALLOC/TOTAL)   MEMORY(ALLOC/TOTAL)   GPUS(ALLOC/TOTAL)   CPU%   MEM-USED   LIMITS      ISOLATION
                gpu-a    Ready                    datacenter   local      -                  1500m/16           8GiB/62.5GiB          2/4                 46%    12.3MiB    cgroup-v1   project-user
                edge-1   Unschedulable            edge         eu-north   dedicated=vision   0/4                0/8GiB                0/0                 -      -          -           -
                gpu-b    Unschedulable,Cordoned   datacenter   local      -                  0/16               0/62.5GiB             0/4                 -      -          -           -
                gpu-c    Down                     datacenter   local      -                  0/16               0/62.5GiB             0/4                 -      -          -           -
                """);
        assertThat(NodeHoldCommand.line(held)).isEqualTo("node/gpu-b Unschedulable (cordoned by alice: new fans)");
        ApiNode finishing = new ApiNode("Node", "gpu-d", Map.of(), List.of(), "datacenter", "local", 0, false, "Unschedulable",
                new ApiNodeCordon("bob", "", Instant.EPOCH, true, true), "16", "62.5GiB", 4, List.of(), null, null, 0, null, null, null, null, null);
        assertThat(NodeListCommand.status(finishing)).isEqualTo("Unschedulable,Draining");
        assertThat(NodeHoldCommand.line(finishing)).isEqualTo("node/gpu-d Unschedulable (drained by bob, letting its work finish)");
    }

    @Test
    void queuesShowWhatWaitsAndWhatRuns() {
        ApiQueue unlimited = new ApiQueue("Queue", null, ObjectMeta.named("default", null), new ApiQueueSpec("", null, Map.of(), null),
                new ApiQueueStatus(3, 1, Map.of(), Map.of()));
        ApiQueue vision = new ApiQueue("Queue", null, ObjectMeta.named("vision", null),
                new ApiQueueSpec("", "research", Map.of("nvidia.com/gpu", "16"), null, Map.of("energy", 2.5, "binPack", 1.0)),
                new ApiQueueStatus(0, 2, Map.of("nvidia.com/gpu", "20"), Map.of("nvidia.com/gpu", "4")));
        assertThat(QueueListCommand.table(List.of(unlimited, vision))).isEqualTo("""
                NAME      COHORT     NOMINAL             IN USE              BORROWED           QUEUED   RUNNING   SCORING
                default   -          unlimited           -                   -                  3        1         -
                vision    research   nvidia.com/gpu=16   nvidia.com/gpu=20   nvidia.com/gpu=4   0        2         binPack=1 energy=2.5
                """);
        assertThat(QueueListCommand.table(List.of())).isEqualTo("No queues.");
    }
}
