package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Resources;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.core.serving.Probe;
import dev.lepton.core.serving.RevisionTraffic;
import dev.lepton.core.serving.ScalingMetric;
import dev.lepton.core.serving.ScalingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link DeploymentRepository} promises on every database. */
abstract class DeploymentContract extends StoreContract {
    static final DeploymentSpec MODEL = new DeploymentSpec(Optional.of(new DeploymentSpec.ModelSource("ab".repeat(32), "iris.onnx")), List.of(),
            Optional.empty(), Optional.empty(), "default", 0, new Resources(1_000, 1L << 30, 0), ScalingPolicy.of(0, 3, ScalingMetric.RPS, 20),
            Optional.of(new DeploymentSpec.Batching(8, Duration.ofMillis(5))), DeploymentSpec.Access.TOKEN,
            Optional.empty(), Optional.of(new Probe("/v2/health/live", Duration.ofSeconds(10), Duration.ofSeconds(1), 3)));

    static Deployment deployment(String project, String name) {
        return new Deployment(project, name, "uid-" + name, "alice", 1, MODEL, T0, 0);
    }

    @Test
    void a_deployment_reads_back_as_stored_with_its_first_revision() {
        Deployment stored = store.write(tx -> tx.deployments().insert(deployment("ml", "iris")));

        assertThat(store.read((Tx tx) -> tx.deployments().find("iris"))).contains(stored);
        assertThat(stored.spec()).isEqualTo(MODEL);
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 1))).contains(MODEL);
        assertThat(store.read((Tx tx) -> tx.deployments().list(Optional.of("ml")))).containsExactly(stored);
        assertThat(store.read((Tx tx) -> tx.deployments().list(Optional.of("vision")))).isEmpty();
    }

    @Test
    void a_name_is_unique_on_the_server_whatever_the_project() {
        store.write(tx -> tx.deployments().insert(deployment("ml", "iris")));

        assertThatThrownBy(() -> store.write(tx -> tx.deployments().insert(deployment("vision", "iris"))))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessageContaining("in project ml");
    }

    @Test
    void a_changed_replica_spec_is_a_new_revision_kept_beside_the_old_and_a_stale_update_is_refused() {
        Deployment first = store.write(tx -> tx.deployments().insert(deployment("ml", "iris")));
        DeploymentSpec scaled = new DeploymentSpec(MODEL.model(), List.of(), Optional.empty(), Optional.empty(), "default", 0,
                new Resources(2_000, 1L << 30, 0), MODEL.scaling(), MODEL.batching(), DeploymentSpec.Access.TOKEN,
                MODEL.readiness(), MODEL.liveness());

        Deployment second = store.write(tx -> tx.deployments().update(first.withSpec(scaled), T0.plusSeconds(5)));

        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.resourceVersion()).isEqualTo(first.resourceVersion() + 1);
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 1))).contains(MODEL);
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 2))).contains(scaled);
        assertThatThrownBy(() -> store.write(tx -> tx.deployments().update(first.withSpec(MODEL.withReplicas(1, 1)), T0)))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
    }

    @Test
    void endpoint_tokens_are_kept_by_their_hash_listed_without_it_revoked_by_id_and_deleted_with_their_deployment() {
        store.write(tx -> {
            tx.deployments().insert(deployment("ml", "iris"));
            return tx.deployments().insert(deployment("ml", "rose"));
        });
        TokenRecord first = store.write(tx -> tx.deployments().addEndpointToken("iris", "a1".repeat(32), "alice", T0));
        store.write(tx -> tx.deployments().addEndpointToken("iris", "b2".repeat(32), "bob", T0.plusSeconds(1)));
        store.write(tx -> tx.deployments().addEndpointToken("rose", "c3".repeat(32), "alice", T0));

        assertThat(first).isEqualTo(new TokenRecord("a1".repeat(6), "alice", T0));
        assertThat(store.read((Tx tx) -> tx.deployments().endpointTokens("iris"))).extracting(TokenRecord::id, TokenRecord::user)
                .containsExactly(tuple("a1".repeat(6), "alice"), tuple("b2".repeat(6), "bob"));
        assertThat(store.read((Tx tx) -> tx.deployments().endpointTokenHashes()))
                .isEqualTo(Map.of("iris", Set.of("a1".repeat(32), "b2".repeat(32)), "rose", Set.of("c3".repeat(32))));
        assertThatThrownBy(() -> store.write(tx -> tx.deployments().addEndpointToken("rose", "a1".repeat(32), "eve", T0)))
                .as("the same secret twice").isInstanceOf(RuntimeException.class);

        boolean revoked = store.write(tx -> tx.deployments().revokeEndpointToken("iris", "b2".repeat(6)));
        boolean revokedElsewhere = store.write(tx -> tx.deployments().revokeEndpointToken("rose", "a1".repeat(6)));
        assertThat(revoked).isTrue();
        assertThat(revokedElsewhere).as("another deployment's").isFalse();
        store.write(tx -> tx.deployments().delete("rose"));
        assertThat(store.read((Tx tx) -> tx.deployments().endpointTokenHashes())).isEqualTo(Map.of("iris", Set.of("a1".repeat(32))));
    }

    @Test
    void traffic_adds_up_per_revision_and_feedback_counts_once_per_prediction_with_the_mean_of_its_ratings() {
        store.write(tx -> {
            tx.deployments().insert(deployment("ml", "iris"));
            tx.deployments().addTraffic("iris", 1, 10, 1);
            tx.deployments().addTraffic("iris", 1, 5, 0);
            tx.deployments().addTraffic("iris", 2, 3, 0);
            tx.deployments().putFeedback("iris", "1.a", 1, OptionalDouble.of(1), Optional.empty(), "alice", T0);
            tx.deployments().putFeedback("iris", "1.a", 1, OptionalDouble.of(0), Optional.of("setosa"), "alice", T0);
            tx.deployments().putFeedback("iris", "1.b", 1, OptionalDouble.of(1), Optional.empty(), "bob", T0);
            tx.deployments().putFeedback("iris", "2.c", 2, OptionalDouble.empty(), Optional.of("virginica"), "bob", T0);
            tx.deployments().putFeedback("iris", "3.d", 3, OptionalDouble.of(0.5), Optional.empty(), "bob", T0);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.deployments().traffic("iris"))).containsExactly(
                new RevisionTraffic(1, 15, 1, 2, 2, OptionalDouble.of(0.5)),
                new RevisionTraffic(2, 3, 0, 1, 0, OptionalDouble.empty()),
                new RevisionTraffic(3, 0, 0, 1, 1, OptionalDouble.of(0.5)));
    }

    @Test
    void a_deleted_deployment_is_gone_with_its_revisions() {
        store.write(tx -> tx.deployments().insert(deployment("ml", "iris")));
        store.write(tx -> {
            tx.deployments().addTraffic("iris", 1, 1, 0);
            return null;
        });

        assertThat(store.write((Tx tx) -> tx.deployments().delete("iris"))).isTrue();
        assertThat(store.write((Tx tx) -> tx.deployments().delete("iris"))).isFalse();
        assertThat(store.read((Tx tx) -> tx.deployments().find("iris"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 1))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.deployments().traffic("iris"))).isEmpty();
    }
}
