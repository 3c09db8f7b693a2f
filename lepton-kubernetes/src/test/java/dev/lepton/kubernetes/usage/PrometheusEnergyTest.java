package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lepton.kubernetes.FakePrometheus;
import dev.lepton.kubernetes.usage.PrometheusEnergy.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Workers' energy from Kepler's and the DCGM exporter's counters through a Prometheus over real HTTP. */
class PrometheusEnergyTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final String RANK_0 = "lepton-train-7f3a-1-0";
    private static final String RANK_1 = "lepton-train-7f3a-1-1";
    private static final List<String> WATCHED = List.of(RANK_0, RANK_1);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private FakePrometheus prometheus;
    private PrometheusEnergy energy;

    @BeforeEach
    void start() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(PrometheusEnergy.class)).addAppender(logged);
        prometheus = new FakePrometheus();
        energy = new PrometheusEnergy(new PrometheusApi(prometheus.url(), Duration.ofSeconds(5)), "ml");
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(PrometheusEnergy.class)).detachAppender(logged);
        energy.close();
        prometheus.close();
    }

    private List<String> logged(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void each_round_asks_one_query_per_metric_for_all_of_lepton_s_pods_in_the_namespace() {
        energy.read(T0, WATCHED);

        assertThat(prometheus.queries()).containsExactly(
                "sum by (pod_name) ({__name__=~\"kepler_container_(package|dram|other)_joules_total\",container_namespace=\"ml\",pod_name=~\"lepton-.+\"})",
                "sum by (pod_name) (kepler_pod_cpu_joules_total{pod_namespace=\"ml\",zone=~\"package|dram\",pod_name=~\"lepton-.+\"})",
                "sum by (pod, gpu, UUID) (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{namespace=\"ml\",pod=~\"lepton-.+\"})");
    }

    @Test
    void kepler_s_counters_give_each_pod_what_it_drew_since_its_first_reading() {
        prometheus.answer(FakePrometheus.KEPLER, "kepler-0.7-by-pod.json");
        Reading first = energy.read(T0, WATCHED).orElseThrow();
        prometheus.answer(FakePrometheus.KEPLER, "kepler-0.7-by-pod-later.json");
        Reading later = energy.read(T0.plusSeconds(10), WATCHED).orElseThrow();

        assertThat(first.cpu()).isEqualTo(Map.of(RANK_0, 0.0, RANK_1, 0.0));
        assertThat(later.cpu()).isEqualTo(Map.of(RANK_0, 350.0, RANK_1, 300.0));
        assertThat(later.at()).isEqualTo(T0.plusSeconds(10));
        assertThat(later.gpu()).isEmpty();
    }

    @Test
    void the_dcgm_exporter_s_millijoules_give_each_pod_its_gpus_joules_summed_over_its_gpus() {
        prometheus.answer(FakePrometheus.DCGM, "dcgm-by-pod-and-gpu.json");
        energy.read(T0, WATCHED);
        prometheus.answer(FakePrometheus.DCGM, "dcgm-by-pod-and-gpu-later.json");

        Reading later = energy.read(T0.plusSeconds(10), WATCHED).orElseThrow();

        assertThat(later.gpu(RANK_0)).hasValueSatisfying(j -> assertThat(j).isCloseTo(7_000 + 6_500, within(1e-6)));
        assertThat(later.gpu(RANK_1)).as("no series: the model stands in").isEmpty();
        assertThat(later.cpu(RANK_0)).isEmpty();
    }

    @Test
    void kepler_s_rewrite_is_read_too_and_preferred_for_a_pod_both_have() {
        prometheus.answer(FakePrometheus.KEPLER, "kepler-0.7-by-pod.json").answer(FakePrometheus.KEPLER_POD, "kepler-pod-by-pod.json");
        energy.read(T0, WATCHED);
        prometheus.counters(FakePrometheus.KEPLER, "pod_name", Map.of(RANK_0, 9_321.75, RANK_1, 4_970.5));
        prometheus.counters(FakePrometheus.KEPLER_POD, "pod_name", Map.of(RANK_0, 2_800.25));

        Reading later = energy.read(T0.plusSeconds(10), WATCHED).orElseThrow();

        assertThat(later.cpu()).isEqualTo(Map.of(RANK_0, 50.0, RANK_1, 100.0));
    }

    @Test
    void a_pod_lepton_does_not_watch_is_left_out() {
        prometheus.answer(FakePrometheus.KEPLER, "kepler-0.7-by-pod.json");

        assertThat(energy.read(T0, List.of(RANK_1)).orElseThrow().cpu()).containsOnlyKeys(RANK_1);
    }

    @Test
    void an_outage_gives_no_reading_says_so_once_and_says_when_prometheus_answers_again() {
        prometheus.answer(FakePrometheus.KEPLER, "kepler-0.7-by-pod.json");
        energy.read(T0, WATCHED);
        prometheus.answer(FakePrometheus.KEPLER, "error-timeout.json");

        assertThat(energy.read(T0.plusSeconds(10), WATCHED)).isEmpty();
        assertThat(energy.read(T0.plusSeconds(20), WATCHED)).isEmpty();
        assertThat(energy.read(T0.plusSeconds(30), WATCHED)).isEmpty();
        prometheus.answer(FakePrometheus.KEPLER, "kepler-0.7-by-pod-later.json");
        Optional<Reading> back = energy.read(T0.plusSeconds(40), WATCHED);

        assertThat(logged(Level.WARN)).containsExactly("Prometheus did not answer; workers' energy modelled until it does");
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getKeyValuePairs().toString()).contains("timeout: query timed out in expression evaluation (HTTP 503)"));
        assertThat(logged(Level.INFO)).containsExactly(
                "Prometheus answers: workers' energy measured where Kepler or the DCGM exporter has their pods",
                "Prometheus answers: workers' energy measured where Kepler or the DCGM exporter has their pods");
        assertThat(back).hasValueSatisfying(r -> assertThat(r.cpu()).isEqualTo(Map.of(RANK_0, 350.0, RANK_1, 300.0)));
    }
}
