package dev.lepton.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesConfigTest {
    @Test
    void by_default_the_environment_says_where_the_cluster_is_and_requests_are_bounded() {
        KubernetesConfig config = KubernetesConfig.defaults();

        assertThat(config.kubeconfig()).isEmpty();
        assertThat(config.namespace()).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.prometheus()).as("energy modelled unless a Prometheus is named").isEmpty();
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

    @Test
    void the_prometheus_url_is_kept_with_its_path_and_the_other_settings_keep_it() {
        KubernetesConfig config = KubernetesConfig.defaults().withPrometheus("https://monitoring.example.org/prometheus").withNamespace("ml");

        assertThat(config.prometheus()).contains(URI.create("https://monitoring.example.org/prometheus"));
        assertThat(config.withBinding(PodBinding.BINDING).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)).prometheus())
                .isEqualTo(config.prometheus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"prometheus:9090", "ftp://prometheus:9090", "/api/v1", "http://", "http://prom:9090/?x=1", "http://prom 9090"})
    void a_prometheus_url_that_is_no_absolute_http_url_is_refused_naming_the_flag_and_the_value(String url) {
        assertThatThrownBy(() -> KubernetesConfig.defaults().withPrometheus(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--prometheus-url: must be an absolute http or https URL, such as http://prometheus.monitoring:9090 (got '"
                        + url + "')");
    }
}
