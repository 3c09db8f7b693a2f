package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.NodeCordon;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.CohortSpec;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link NodeRepository} and {@link QueueRepository} promise on every database. */
abstract class NodeAndQueueContract extends StoreContract {

    @Test
    void a_node_reads_back_as_registered_and_a_heartbeat_replaces_it() {
        Node gpuNode = new Node("node-a", new Resources(32_000, 256L << 30, 2),
                List.of(new GpuDevice(0, "GPU-0", "H100", 80L << 30, 700), new GpuDevice(1, "GPU-1", "H100", 80L << 30, 700)),
                Map.of("zone", "eu-1"), NodeCondition.READY);
        Node unhealthy = new Node("node-a", gpuNode.allocatable(), gpuNode.gpus(), gpuNode.labels(), NodeCondition.UNSCHEDULABLE);

        store.write(tx -> {
            tx.nodes().upsert(gpuNode, T0);
            tx.nodes().upsert(new Node("node-b", new Resources(4_000, 8L << 30, 0), List.of(), Map.of(), NodeCondition.READY), T0);
            return null;
        });
        assertThat(store.read((Tx tx) -> tx.nodes().find("node-a"))).contains(new StoredNode(gpuNode, T0, Optional.empty()));

        store.write(tx -> {
            tx.nodes().upsert(unhealthy, T0.plusSeconds(10));
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.nodes().find("node-a"))).contains(new StoredNode(unhealthy, T0.plusSeconds(10), Optional.empty()));
        assertThat(store.read((Tx tx) -> tx.nodes().list())).extracting(n -> n.node().name()).containsExactly("node-a", "node-b");
        assertThat(store.read((Tx tx) -> tx.nodes().find("node-z"))).isEmpty();
    }

    @Test
    void an_operators_hold_on_a_node_outlasts_its_registrations_until_lifted() {
        Node node = new Node("node-a", new Resources(4_000, 8L << 30, 0), List.of(), Map.of(), NodeCondition.READY);
        NodeCordon drain = new NodeCordon("alice", "replace its GPU", T0, true, false);
        store.write(tx -> {
            tx.nodes().upsert(node, T0);
            return null;
        });

        assertThat(store.write((Tx tx) -> tx.nodes().cordon("node-a", Optional.of(drain)))).isTrue();
        assertThat(store.write((Tx tx) -> tx.nodes().cordon("node-z", Optional.of(drain)))).as("not registered").isFalse();
        store.write(tx -> {
            tx.nodes().upsert(node, T0.plusSeconds(10));
            return null;
        });
        StoredNode held = store.read((Tx tx) -> tx.nodes().find("node-a")).orElseThrow();
        assertThat(held.cordon()).contains(drain);
        assertThat(held.effective().condition()).isEqualTo(NodeCondition.DRAINING);

        store.write(tx -> tx.nodes().cordon("node-a", Optional.empty()));
        assertThat(store.read((Tx tx) -> tx.nodes().list()).getFirst().cordon()).isEmpty();
    }

    @Test
    void queues_are_stored_once_and_listed_by_name() {
        Queue research = store.write(tx -> tx.queues().insert(Queue.unlimited("research", "low priority", T0)));
        store.write(tx -> tx.queues().insert(Queue.unlimited(Queue.DEFAULT, "", T0)));

        assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> store.write(tx -> tx.queues().insert(Queue.unlimited("research", "again", T0))))
                .hasMessage("queue 'research' already exists");
        assertThat(store.read((Tx tx) -> tx.queues().find("research"))).contains(research);
        assertThat(store.read((Tx tx) -> tx.queues().list())).extracting(Queue::name).containsExactly("default", "research");
    }

    @Test
    void a_queue_keeps_its_quota_and_cohorts_keep_their_parents() {
        QueueSpec spec = new QueueSpec("vision", Optional.of("research"), new Quota(Map.of(Quota.GPU, 16L, Quota.GPU + ":H100", 8L)),
                Optional.of(new Quota(Map.of(Quota.GPU, 4L))));
        store.write(tx -> tx.queues().insert(new Queue(spec, "computer vision", T0)));
        store.write(tx -> tx.queues().putCohort(new CohortSpec("research", Optional.of("org")), T0));
        store.write(tx -> tx.queues().putCohort(new CohortSpec("org", Optional.empty()), T0));

        assertThat(store.read((Tx tx) -> tx.queues().find("vision")).orElseThrow().spec()).isEqualTo(spec);
        QueueSpec smaller = new QueueSpec("vision", Optional.empty(), new Quota(Map.of(Quota.GPU, 8L)), Optional.empty());
        store.write(tx -> tx.queues().update(new Queue(smaller, "smaller", T0)));
        assertThat(store.read((Tx tx) -> tx.queues().find("vision")).orElseThrow().spec()).isEqualTo(smaller);
        assertThat(store.read((Tx tx) -> tx.queues().cohorts())).containsExactly(
                new CohortSpec("org", Optional.empty()), new CohortSpec("research", Optional.of("org")));
        assertFailsWith(ErrorCode.NOT_FOUND, () -> store.write(tx -> tx.queues().update(Queue.unlimited("nope", "", T0))));
    }

    @Test
    void a_deleted_queue_or_cohort_is_gone_and_deleting_it_again_finds_nothing() {
        store.write(tx -> tx.queues().insert(Queue.unlimited("scratch", "", T0)));
        store.write(tx -> tx.queues().putCohort(new CohortSpec("lab", Optional.empty()), T0));

        assertThat(store.write((Tx tx) -> tx.queues().delete("scratch"))).isTrue();
        assertThat(store.write((Tx tx) -> tx.queues().deleteCohort("lab"))).isTrue();

        assertThat(store.read((Tx tx) -> tx.queues().find("scratch"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.queues().cohorts())).isEmpty();
        assertThat(store.write((Tx tx) -> tx.queues().delete("scratch"))).isFalse();
        assertThat(store.write((Tx tx) -> tx.queues().deleteCohort("lab"))).isFalse();
    }
}
