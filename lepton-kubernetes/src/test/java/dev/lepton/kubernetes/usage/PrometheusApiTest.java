package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.kubernetes.FakePrometheus;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Failed;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Series;
import dev.lepton.kubernetes.usage.PrometheusAnswer.Vector;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus' HTTP API over real HTTP: answers written to its documented format, its error answers, a slow and a closed server. */
class PrometheusApiTest {
    private final FakePrometheus prometheus = new FakePrometheus();
    private final PrometheusApi api = new PrometheusApi(prometheus.url(), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        api.close();
        prometheus.close();
    }

    @Test
    void an_instant_vector_reads_as_its_series_with_their_labels_and_values() {
        prometheus.answer(FakePrometheus.DCGM, "dcgm-by-pod-and-gpu.json");

        PrometheusAnswer answer = api.query(PrometheusEnergy.dcgmQuery("ml"));

        assertThat(answer).isInstanceOfSatisfying(Vector.class, vector -> assertThat(vector.series()).containsExactly(
                new Series(Map.of("pod", "lepton-train-7f3a-1-0", "gpu", "0", "UUID", "GPU-5fd4ab2c-8d1e-4c43-9a3e-0b8f1c2d7e61"), 912_345_678),
                new Series(Map.of("pod", "lepton-train-7f3a-1-0", "gpu", "1", "UUID", "GPU-a0c1e9b4-3f27-4d8a-b6e5-7c9d2f1e0a38"), 887_654_321)));
    }

    @Test
    void the_query_goes_whole_and_url_encoded_to_api_v1_query_under_the_url_s_own_path() {
        try (PrometheusApi prefixed = new PrometheusApi(URI.create(prometheus.url() + "/prometheus"), Duration.ofSeconds(5))) {
            assertThat(prefixed.queryUri().getPath()).isEqualTo("/prometheus/api/v1/query");
            assertThat(prefixed.query(PrometheusEnergy.keplerQuery("ml"))).isEqualTo(new Vector(java.util.List.of()));
        }

        assertThat(prometheus.queries()).containsExactly("sum by (pod_name) ({__name__=~\"kepler_container_(package|dram|other)_joules_total\","
                + "container_namespace=\"ml\",pod_name=~\"lepton-.+\"})");
    }

    @Test
    void an_error_answer_reads_as_its_type_and_message_with_the_http_status() {
        prometheus.answer(FakePrometheus.KEPLER, "error-bad-data.json");
        prometheus.answer(FakePrometheus.DCGM, "error-timeout.json");

        assertThat(api.query(PrometheusEnergy.keplerQuery("ml")))
                .isEqualTo(new Failed("bad_data: invalid parameter \"query\": 1:8: parse error: unexpected \"(\" (HTTP 400)"));
        assertThat(api.query(PrometheusEnergy.dcgmQuery("ml"))).isEqualTo(new Failed("timeout: query timed out in expression evaluation (HTTP 503)"));
    }

    @Test
    void a_result_that_is_no_vector_or_a_body_that_is_no_api_json_is_no_answer() {
        prometheus.answer(FakePrometheus.KEPLER, "scalar.json");
        prometheus.answer(FakePrometheus.DCGM, 502, "<html><body>502 Bad Gateway</body></html>");

        assertThat(api.query(PrometheusEnergy.keplerQuery("ml"))).isEqualTo(new Failed("a scalar result, not a vector"));
        assertThat(api.query(PrometheusEnergy.dcgmQuery("ml")))
                .isEqualTo(new Failed("HTTP 502, not Prometheus' API JSON: <html><body>502 Bad Gateway</body></html>"));
    }

    @Test
    void a_sample_that_is_not_a_number_is_no_answer_and_one_that_is_not_finite_is_left_out() {
        assertThat(PrometheusApi.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1796464800.123,"NaN"]},\
                {"metric":{"pod":"b"},"value":[1796464800.123,"7"]}]}}""")).isEqualTo(new Vector(java.util.List.of(new Series(Map.of("pod", "b"), 7))));
        assertThat(PrometheusApi.parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1796464800.123,"seven"]}]}}"""))
                .isEqualTo(new Failed("a sample value that is no number: seven"));
    }

    @Test
    void a_prometheus_slower_than_the_timeout_is_no_answer_within_it() {
        prometheus.slow(Duration.ofSeconds(3));
        try (PrometheusApi impatient = new PrometheusApi(prometheus.url(), Duration.ofMillis(200))) {
            assertThat(impatient.query(PrometheusEnergy.keplerQuery("ml"))).isEqualTo(new Failed("no answer within 200 ms"));
        }
    }

    @Test
    void a_port_nothing_listens_on_is_connection_refused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (PrometheusApi nobody = new PrometheusApi(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2))) {
            assertThat(nobody.query("vector(1)")).isEqualTo(new Failed("connection refused"));
        }
    }
}
