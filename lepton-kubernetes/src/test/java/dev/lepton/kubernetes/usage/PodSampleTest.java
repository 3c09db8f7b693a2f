package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodSampleTest {
    /** A PodMetricsList as metrics-server 0.7 serves it ({@code kubectl get --raw /apis/metrics.k8s.io/v1beta1/namespaces/ml/pods}). */
    static List<PodSample> recorded() throws IOException {
        try (InputStream in = PodSampleTest.class.getResourceAsStream("pod-metrics-list.json")) {
            return Serialization.unmarshal(in, GenericKubernetesResourceList.class).getItems().stream().map(PodSample::of).toList();
        }
    }

    @Test
    void a_pod_metrics_list_as_metrics_server_serves_it_reads_as_each_pod_s_cpu_rate_memory_and_scrape() throws IOException {
        List<PodSample> samples = recorded();

        assertThat(samples).extracting(PodSample::pod).containsExactly("lepton-train-7f3a-1-0", "lepton-train-7f3a-1-1");
        PodSample busy = samples.getFirst();
        assertThat(busy.cpuCores()).isCloseTo(1.987654321, within(1e-12));
        assertThat(busy.memoryBytes()).isEqualTo(2L << 30);
        assertThat(busy.timestamp()).isEqualTo(Instant.parse("2026-12-05T09:13:52Z"));
        assertThat(busy.window()).isEqualTo(Duration.ofMillis(15_012));
        PodSample idle = samples.getLast();
        assertThat(idle.cpuCores()).isZero();
        assertThat(idle.memoryBytes()).isEqualTo(1236L * 1024);
        assertThat(idle.window()).isEqualTo(Duration.ofMillis(20_395));
    }

    @Test
    void a_window_is_read_as_go_writes_durations_and_anything_else_is_refused() {
        assertThat(PodSample.goDuration("p", "15.012s")).isEqualTo(Duration.ofMillis(15_012));
        assertThat(PodSample.goDuration("p", "1m0.5s")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(PodSample.goDuration("p", "1h2m3s")).isEqualTo(Duration.ofSeconds(3_723));
        assertThat(PodSample.goDuration("p", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> PodSample.goDuration("p", "15")).hasMessage("pod p: unreadable window '15'");
        assertThatThrownBy(() -> PodSample.goDuration("p", "15s later")).hasMessage("pod p: unreadable window '15s later'");
    }
}
