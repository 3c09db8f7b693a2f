package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.client.ApiException;
import dev.lepton.client.AuditFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's holds on the server's one node, over HTTP, with a real worker process: cordon, drain, uncordon. */
class NodeHoldsEndToEndTest {
    @TempDir
    Path home;
    TestServer server;
    String node;

    @BeforeEach
    void start() {
        server = TestServer.start(home);
        node = server.admin.nodes().getFirst().name();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_drained_node_moves_its_job_which_waits_until_the_node_is_uncordoned_and_then_runs_again() {
        server.admin.createJob(JobsEndToEndTest.job("long", "sleep 300"), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.job("default", "long").status().phase().equals("Running"));

        ApiNode drained = server.admin.cordonNode(node, "swap the disk", true);

        assertThat(drained.condition()).isEqualTo("Draining");
        assertThat(drained.cordon().by()).isEqualTo("admin");
        assertThat(drained.cordon().reason()).isEqualTo("swap the disk");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.job("default", "long").status().phase().equals("Queued"));
        ApiJob waiting = server.admin.job("default", "long");
        assertThat(waiting.status().failures()).as("a drain is no failure").isZero();
        assertThat(server.admin.jobEvents("default", "long")).anySatisfy(e -> assertThat(e.message()).contains("its node " + node + " is being drained"));
        // Its only node held, it waits: still queued a few turns later.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> server.admin.job("default", "long").status().phase().equals("Queued"));

        ApiNode back = server.admin.uncordonNode(node);

        assertThat(back.condition()).isEqualTo("Ready");
        assertThat(back.cordon()).isNull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            ApiJob again = server.admin.job("default", "long");
            return again.status().phase().equals("Running") && again.status().attempt() == 2;
        });
        assertThat(server.admin.audit(new AuditFilter(Optional.empty(), Optional.empty(), Optional.of("node.drain"), Optional.empty(),
                Optional.empty()), 10, Optional.empty()).items()).singleElement().satisfies(entry -> {
                    assertThat(entry.target()).isEqualTo("node/" + node);
                    assertThat(entry.actor()).isEqualTo("admin");
                });
        server.admin.cancelJob("default", "long");
    }

    @Test
    void a_cordoned_node_keeps_what_runs_there_and_takes_nothing_new_and_lists_filter_by_it() {
        server.admin.createJob(JobsEndToEndTest.job("first", "sleep 300"), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.job("default", "first").status().phase().equals("Running"));

        server.admin.cordonNode(node, "", false);
        server.admin.createJob(JobsEndToEndTest.job("second", "true"), false, Optional.empty());

        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> server.admin.job("default", "second").status().phase().equals("Queued"));
        assertThat(server.admin.job("default", "first").status().phase()).isEqualTo("Running");

        // A drain that lets work finish holds the node as a cordon does: nothing moves, nothing new comes.
        ApiNode letting = server.admin.drainNodeLettingWorkFinish(node, "kernel update");
        assertThat(letting.condition()).isEqualTo("Unschedulable");
        assertThat(letting.cordon().drain()).isTrue();
        assertThat(letting.cordon().letFinish()).isTrue();
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> server.admin.job("default", "second").status().phase().equals("Queued"));
        assertThat(server.admin.job("default", "first").status().attempt()).isEqualTo(1);
        assertThat(server.admin.job("default", "first").status().phase()).isEqualTo("Running");
        assertThat(server.admin.nodes(List.of("Unschedulable"), List.of())).extracting(ApiNode::name).containsExactly(node);
        assertThat(server.admin.nodes(List.of("Ready", "Down"), List.of())).isEmpty();
        assertThat(server.admin.nodes(List.of(), List.of("lepton.dev/os=" + server.admin.node(node).labels().get("lepton.dev/os")))).hasSize(1);
        assertThat(server.admin.nodes(List.of(), List.of("lepton.dev/os=plan9"))).isEmpty();
        server.admin.uncordonNode(node);
        server.admin.waitForJob("default", "second", Duration.ofSeconds(30));
        server.admin.cancelJob("default", "first");
    }

    @Test
    void bad_input_is_a_4xx_naming_what_is_wrong() throws Exception {
        assertThatThrownBy(() -> server.admin.nodes(List.of("Sleepy"), List.of())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("condition").contains("Sleepy").contains("Ready");
        });
        assertThatThrownBy(() -> server.admin.nodes(List.of(), List.of("gpu"))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("label").contains("key=value");
        });
        assertThatThrownBy(() -> server.admin.cordonNode("no-such-node", "", false)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> server.admin.cordonNode(node, "x".repeat(501), true)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("reason");
        });
        java.net.http.HttpResponse<String> cordonLettingFinish = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(server.server.url() + "/api/v1/nodes/" + node + "/cordon"))
                .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"letFinish\": true}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(cordonLettingFinish.statusCode()).isEqualTo(400);
        assertThat(cordonLettingFinish.body()).contains("letFinish");
        assertThat(server.admin.node(node).cordon()).as("nothing half-done").isNull();
    }
}
