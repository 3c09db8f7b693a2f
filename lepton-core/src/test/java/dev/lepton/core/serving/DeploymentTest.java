package dev.lepton.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentTest {
    static final DeploymentSpec SPEC = new DeploymentSpec(Optional.empty(), List.of("serve"), Optional.empty(), Optional.empty(), "default", 0,
            new Resources(1_000, 1L << 30, 0), ScalingPolicy.fixed(1), Optional.empty(), DeploymentSpec.Access.TOKEN, Optional.empty(), Optional.empty());
    static final Deployment FIRST = new Deployment("ml", "iris", "uid", "alice", 1, SPEC, Instant.EPOCH, 1);

    @Test
    void scaling_alone_keeps_the_revision_and_anything_a_replica_runs_makes_a_new_one() {
        assertThat(FIRST.withSpec(SPEC)).isSameAs(FIRST);
        assertThat(FIRST.withSpec(SPEC.withReplicas(2, 5)).revision()).isEqualTo(1);
        assertThat(FIRST.withSpec(SPEC.withReplicas(2, 5)).spec().scaling().maxReplicas()).isEqualTo(5);
        DeploymentSpec bigger = new DeploymentSpec(Optional.empty(), List.of("serve"), Optional.empty(), Optional.empty(), "default", 0,
                new Resources(2_000, 1L << 30, 0), ScalingPolicy.fixed(1), Optional.empty(), DeploymentSpec.Access.TOKEN, Optional.empty(), Optional.empty());
        assertThat(FIRST.withSpec(bigger).revision()).isEqualTo(2);
    }

    @Test
    void a_deployment_serves_a_model_or_a_command_never_both_nor_neither() {
        assertThatThrownBy(() -> new DeploymentSpec(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), "default", 0,
                Resources.NONE, ScalingPolicy.fixed(1), Optional.empty(), DeploymentSpec.Access.TOKEN, Optional.empty(), Optional.empty())).hasMessageContaining("exactly one");
    }
}
