package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Resources;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.core.serving.ScalingMetric;
import dev.lepton.core.serving.ScalingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link DeploymentRepository} promises on every database. */
abstract class DeploymentContract extends StoreContract {
    static final DeploymentSpec MODEL = new DeploymentSpec(Optional.of(new DeploymentSpec.ModelSource("ab".repeat(32), "iris.onnx")), List.of(),
            Optional.empty(), Optional.empty(), "default", 0, new Resources(1_000, 1L << 30, 0), ScalingPolicy.of(0, 3, ScalingMetric.RPS, 20),
            Optional.of(new DeploymentSpec.Batching(8, Duration.ofMillis(5))), DeploymentSpec.Access.TOKEN);

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
                new Resources(2_000, 1L << 30, 0), MODEL.scaling(), MODEL.batching(), DeploymentSpec.Access.TOKEN);

        Deployment second = store.write(tx -> tx.deployments().update(first.withSpec(scaled), T0.plusSeconds(5)));

        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.resourceVersion()).isEqualTo(first.resourceVersion() + 1);
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 1))).contains(MODEL);
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 2))).contains(scaled);
        assertThatThrownBy(() -> store.write(tx -> tx.deployments().update(first.withSpec(MODEL.withReplicas(1, 1)), T0)))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
    }

    @Test
    void a_deleted_deployment_is_gone_with_its_revisions() {
        store.write(tx -> tx.deployments().insert(deployment("ml", "iris")));

        assertThat(store.write((Tx tx) -> tx.deployments().delete("iris"))).isTrue();
        assertThat(store.write((Tx tx) -> tx.deployments().delete("iris"))).isFalse();
        assertThat(store.read((Tx tx) -> tx.deployments().find("iris"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.deployments().revision("iris", 1))).isEmpty();
    }
}
