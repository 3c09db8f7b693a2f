package dev.lepton.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubernetesConfigTest {
    @Test
    void by_default_the_environment_says_where_the_cluster_is_and_requests_are_bounded() {
        KubernetesConfig config = KubernetesConfig.defaults();

        assertThat(config.kubeconfig()).isEmpty();
        assertThat(config.namespace()).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void the_flags_set_the_kubeconfig_and_namespace() {
        KubernetesConfig config = KubernetesConfig.defaults().withKubeconfig(Path.of("/etc/lepton/kubeconfig")).withNamespace("ml-jobs");

        assertThat(config.kubeconfig()).contains(Path.of("/etc/lepton/kubeconfig"));
        assertThat(config.namespace()).contains("ml-jobs");
    }

    @Test
    void a_namespace_that_kubernetes_would_refuse_is_refused_naming_the_flag() {
        assertThatThrownBy(() -> KubernetesConfig.defaults().withNamespace("ML_Jobs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--namespace: must be 1-63 lowercase letters").hasMessageEndingWith("(got 'ML_Jobs')");
        assertThatThrownBy(() -> KubernetesConfig.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageStartingWith("connectTimeout must be more than 0");
    }
}
