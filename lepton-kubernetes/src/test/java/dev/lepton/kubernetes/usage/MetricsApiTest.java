package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lepton.kubernetes.MockCluster;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The metrics API as the mock API server serves it: absent as without metrics-server, a recorded PodMetricsList, a 503. */
class MetricsApiTest {
    /** As the API server's aggregator answers while metrics-server is registered but does not answer. */
    private static final String UNAVAILABLE = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
            "message":"the server is currently unable to handle the request (get pods.metrics.k8s.io)","reason":"ServiceUnavailable",\
            "details":{"group":"metrics.k8s.io","kind":"pods","causes":[{"reason":"UnexpectedServerResponse","message":"service unavailable"}]},\
            "code":503}""";

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private MockCluster cluster;
    private MetricsApi metrics;

    @BeforeEach
    void start() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(MetricsApi.class)).addAppender(logged);
        cluster = new MockCluster();
        metrics = new MetricsApi(cluster.admin(), MockCluster.NAMESPACE, "lepton.dev/job-uid");
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(MetricsApi.class)).detachAppender(logged);
        cluster.close();
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static String recorded() throws IOException {
        try (InputStream in = MetricsApiTest.class.getResourceAsStream("pod-metrics-list.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_cluster_without_a_metrics_api_answers_no_samples_and_says_so_once() {
        assertThat(metrics.read()).isEmpty();
        assertThat(metrics.read()).isEmpty();

        assertThat(messages()).containsExactly("the cluster has no metrics API (metrics.k8s.io/v1beta1, served by metrics-server): workers' "
                + "usage is not known");
    }

    @Test
    void a_recorded_pod_metrics_list_reads_as_its_pods_samples_asked_for_by_the_workers_label() throws IOException {
        String list = recorded();
        cluster.podMetrics(() -> list);

        assertThat(metrics.read()).extracting(PodSample::pod).containsExactly("lepton-train-7f3a-1-0", "lepton-train-7f3a-1-1");
        assertThat(requestPaths()).filteredOn(p -> p.startsWith("/apis/")).containsExactly(
                "/apis/metrics.k8s.io/v1beta1/namespaces/lepton-test/pods?labelSelector=lepton.dev%2Fjob-uid");
    }

    @Test
    void a_metrics_api_that_fails_answers_no_samples_at_once_says_so_once_and_says_when_it_answers_again() throws IOException {
        String path = "/apis/metrics.k8s.io/v1beta1/namespaces/lepton-test/pods?labelSelector=lepton.dev%2Fjob-uid";
        cluster.server().expect().get().withPath(path).andReturn(503, UNAVAILABLE).times(2);
        String list = recorded();
        cluster.podMetrics(() -> list);

        assertThat(metrics.read()).isEmpty();
        assertThat(metrics.read()).isEmpty();
        assertThat(metrics.read()).hasSize(2);

        assertThat(messages()).containsExactly("the metrics API did not answer; workers' usage stays as it was",
                "the metrics API answers: worker usage from PodMetrics");
    }

    private List<String> requestPaths() {
        List<String> paths = new ArrayList<>();
        try {
            for (RecordedRequest r; (r = cluster.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
                paths.add(r.getPath());
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return paths;
    }
}
