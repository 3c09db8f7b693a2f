package dev.lepton.server.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.NodeCordon;
import dev.lepton.core.node.NodeSource;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.store.Tx;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.TestNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nodes as their source tells them: joins, changes and departures, each an event, against a real store. */
class NodeRegistryTest {
    @TempDir
    Path dir;
    Store store;

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> events(String node) {
        return store.read((Tx tx) -> tx.events().list("cluster", "node/" + node, 0, 10)).stream()
                .map(e -> e.type() + ": " + e.message()).toList();
    }

    @Test
    void a_source_s_changes_become_the_registry_s_nodes_with_an_event_each() {
        store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")));
        NodeRegistry registry = new NodeRegistry(store, new FakeClock());
        AtomicInteger looks = new AtomicInteger();
        Node a = TestNodes.node("a").cpus(8).memory("32GiB").build();
        Node b = TestNodes.node("b").cpus(8).memory("32GiB").build();

        NodeSource.of(List.of(a, b)).start(registry::update);
        registry.onChange(looks::incrementAndGet);
        assertThat(registry.nodes()).containsExactly(a, b);
        assertThat(events("a")).singleElement().asString().startsWith("Joined: ");

        assertThat(registry.update(List.of(a, b))).as("the same nodes again change nothing").isFalse();
        Node bUnhealthy = TestNodes.node("b").cpus(8).memory("32GiB").unhealthy().build();
        assertThat(registry.update(List.of(a, bUnhealthy))).isTrue();
        assertThat(events("b")).last().isEqualTo("Changed: Ready → Unschedulable: takes no new work, what runs there goes on");

        assertThat(registry.update(List.of(a))).isTrue();
        assertThat(registry.nodes()).containsExactly(a);
        assertThat(events("b")).last().isEqualTo("Left: no longer listed by its source");
        assertThat(looks).as("the scheduler is asked to look again on each change").hasValue(2);

        // A server started again on the same home finds its nodes known: they register again rather than join.
        NodeRegistry restarted = new NodeRegistry(store, new FakeClock());
        restarted.update(List.of(a));
        assertThat(events("a")).last().asString().startsWith("Registered: ");
    }

    @Test
    void an_operators_hold_is_over_what_the_source_says_survives_a_restart_and_is_audited() {
        store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")));
        FakeClock clock = new FakeClock();
        NodeRegistry registry = new NodeRegistry(store, clock);
        AtomicInteger looks = new AtomicInteger();
        registry.onChange(looks::incrementAndGet);
        Node a = TestNodes.node("a").cpus(8).memory("32GiB").build();
        registry.update(List.of(a));

        assertThat(registry.hold("a", Optional.of(new NodeCordon("alice", "new fans", clock.instant(), true, false)), "alice", "node.drain"))
                .hasValueSatisfying(stored -> assertThat(stored.effective().condition()).isEqualTo(NodeCondition.DRAINING));
        assertThat(registry.nodes()).extracting(Node::condition).containsExactly(NodeCondition.DRAINING);
        assertThat(events("a")).last().isEqualTo("Draining: drained by alice: new fans");
        assertThat(store.read((Tx tx) -> tx.audit().list(0, 10))).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("alice");
            assertThat(entry.action()).isEqualTo("node.drain");
            assertThat(entry.target()).isEqualTo("node/a");
        });
        assertThat(looks).as("the scheduler looks again").hasValue(2);
        assertThat(registry.hold("nope", Optional.of(new NodeCordon("alice", "", clock.instant(), false, false)), "alice", "node.cordon")).isEmpty();

        // The source reports it again, as it was: the hold stays, across a restart too.
        registry.update(List.of(a));
        NodeRegistry restarted = new NodeRegistry(store, clock);
        restarted.update(List.of(a));
        assertThat(restarted.nodes()).extracting(Node::condition).containsExactly(NodeCondition.DRAINING);
        // A node that goes down is down, held or not; lifted, the hold leaves what the source says.
        restarted.update(List.of(a.withCondition(NodeCondition.DOWN)));
        assertThat(restarted.nodes()).extracting(Node::condition).containsExactly(NodeCondition.DOWN);
        restarted.update(List.of(a));
        restarted.hold("a", Optional.empty(), "bob", "node.uncordon");
        assertThat(restarted.nodes()).containsExactly(a);
        assertThat(events("a")).last().isEqualTo("Uncordoned: uncordoned by bob: takes work again as its source reports it");
    }
}
