package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiPlacement;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.core.node.NodeSettings;
import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator declares about the server's machine (lepton server --node-label, --node-taint,
 * --node-tier, --node-region, --node-price) is what placement filters on, through the real API.
 */
class NodeSettingsEndToEndTest {
    @TempDir
    Path home;
    TestServer server;

    @BeforeEach
    void start() {
        NodeSettings edge = new NodeSettings(Map.of("site", "lab"), Set.of(new Taint("dedicated", "vision")), Tier.EDGE, "eu-north", 1.5);
        server = TestServer.start(home, config -> config.withNode(edge));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ApiJob submit(String name, ApiPlacement placement) {
        return server.admin.createJob(ApiJob.of(ObjectMeta.named(name, null), new ApiJobSpec(List.of("true"), null, null, null, null,
                null, null, null, null, null, null, placement)), false, Optional.empty());
    }

    String messageOf(String name) {
        return server.admin.job("default", name).status().message();
    }

    @Test
    void the_node_shows_what_was_declared_beside_what_was_probed() {
        ApiNode node = server.admin.nodes().getFirst();

        assertThat(node.labels()).containsEntry("site", "lab").containsKey("lepton.dev/os");
        assertThat(node.taints()).containsExactly("dedicated=vision");
        assertThat(node.tier()).isEqualTo("edge");
        assertThat(node.region()).isEqualTo("eu-north");
        assertThat(node.pricePerHour()).isEqualTo(1.5);
    }

    @Test
    void a_job_runs_there_only_if_it_tolerates_the_taint_and_asks_for_nothing_the_node_lacks() {
        submit("untolerant", null);
        submit("elsewhere", new ApiPlacement(Map.of("site", "hq"), List.of("dedicated=vision"), null, null, null));
        submit("datacenter", new ApiPlacement(null, List.of("dedicated=vision"), "datacenter", null, null));
        submit("us", new ApiPlacement(null, List.of("dedicated=vision"), null, List.of("us-east"), null));
        submit("fits", new ApiPlacement(Map.of("site", "lab"), List.of("dedicated=vision"), "edge", List.of("eu-north"), null));

        assertThat(server.admin.waitForJob("default", "fits", Duration.ofSeconds(30)).status().phase()).isEqualTo("Succeeded");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(messageOf("untolerant")).contains("has taint dedicated=vision that the job does not tolerate");
            assertThat(messageOf("elsewhere")).contains("lacks label site=hq");
            assertThat(messageOf("datacenter")).contains("is an edge node, the job needs datacenter");
            assertThat(messageOf("us")).contains("is in region eu-north, the job allows {us-east}");
        });
        assertThat(server.admin.job("default", "untolerant").status().phase()).isEqualTo("Queued");
    }
}
