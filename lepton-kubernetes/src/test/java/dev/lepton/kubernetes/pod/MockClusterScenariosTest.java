package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.Usage;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.FakePrometheus;
import dev.lepton.kubernetes.KubernetesCluster;
import dev.lepton.kubernetes.MockCluster;
import dev.lepton.kubernetes.PodBinding;
import dev.lepton.kubernetes.TestKubelet;
import dev.lepton.kubernetes.TestKubelet.Plan;
import dev.lepton.kubernetes.node.KubernetesNodeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import dev.lepton.testing.FakeClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios against fabric8's mock API server (CRUD), the test kubelet playing node-a. */
class MockClusterScenariosTest extends PodScenarios {
    private static final String UNPULLABLE = "registry.invalid/lepton/no-such-image:0";

    @TempDir
    Path dir;

    private MockCluster cluster;
    private TestKubelet kubelet;
    private KubernetesCluster kubernetes;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.add(ClusterNodes.node("node-a").taint("dedicated", "lepton", "NoExecute").build());
        kubelet = new TestKubelet(cluster).cannotPull(UNPULLABLE);
        kubernetes = cluster.connect(dir, binding());
    }

    /** How the executor binds pods here: by {@code spec.nodeName}; the binding subresource in {@link MockClusterBindingScenariosTest}. */
    protected PodBinding binding() {
        return PodBinding.NODE_NAME;
    }

    @Override
    protected KubernetesCluster clusterWithoutBindingPermission() {
        return cluster.connectWithoutBindingPermission(dir);
    }

    /** A quarter of a core and 48 MiB, as the metrics API reports it. */
    @Override
    protected LaunchSpec busy(AttemptId attempt) {
        kubelet.plan(attempt, Plan.runs(greeting(attempt)));
        kubelet.uses(attempt, 250_000_000, 48 * 1024);
        return Workers.spec(attempt, node()).build();
    }

    /** The mock has a metrics API once a worker's use is given ({@link #busy}), none before. */
    @Override
    protected Optional<String> whyNoMetricsApi() {
        return Optional.empty();
    }

    @Override
    protected Optional<String> whyMetricsApi() {
        return Optional.empty();
    }

    @Override
    protected void afterScenarios() {
        kubelet.close();
        cluster.close();
    }

    @Override
    protected KubernetesCluster cluster() {
        return kubernetes;
    }

    @Override
    protected KubernetesClient admin() {
        return cluster.admin();
    }

    @Override
    protected String node() {
        return "node-a";
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(15);
    }

    @Override
    protected LaunchSpec exiting(AttemptId attempt, int code) {
        kubelet.plan(attempt, Plan.exits(greeting(attempt), code));
        return Workers.spec(attempt, node()).build();
    }

    @Override
    protected LaunchSpec runningUntilStopped(AttemptId attempt) {
        kubelet.plan(attempt, Plan.runs(greeting(attempt)));
        return Workers.spec(attempt, node()).build();
    }

    @Override
    protected LaunchSpec overMemory(AttemptId attempt) {
        kubelet.plan(attempt, Plan.overMemory());
        return Workers.spec(attempt, node()).build();
    }

    @Override
    protected LaunchSpec unpullable(AttemptId attempt) {
        return Workers.spec(attempt, node()).image(UNPULLABLE).build();
    }

    @Override
    protected void podGoes(AttemptId attempt) {
        kubelet.vanish(attempt);
    }

    @Override
    protected LaunchSpec printingUntilTold(AttemptId attempt) {
        kubelet.plan(attempt, Plan.runs(greeting(attempt)));
        return Workers.spec(attempt, node()).build();
    }

    @Override
    protected void tell(AttemptId attempt) {
        kubelet.print(attempt, TOLD);
        kubelet.exit(attempt, 0);
    }

    /** Its responses go out whole: a follow gets the log as it is and ends at once. */
    @Override
    protected Optional<String> whyLogsCannotStream() {
        return Optional.of("fabric8's mock API server sends each response whole, so a follow there cannot stream;"
                + " RealClusterScenariosTest runs this scenario against a real kubelet");
    }

    // --- what only the mock lets a test see ---

    /** Every request the API server has received, taken from its record. */
    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest request;
        while ((request = cluster.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            all.add(request);
        }
        return all;
    }

    private static List<String> deletions(List<RecordedRequest> requests, AttemptId attempt) {
        return requests.stream().filter(r -> r.getMethod().equals("DELETE") && r.getPath().endsWith("/pods/" + PodNames.pod(attempt)))
                .map(RecordedRequest::getUtf8Body).toList();
    }

    @Test
    void a_launch_takes_its_node_s_taints_from_the_node_source_s_watch_without_asking_the_api_server() throws InterruptedException {
        try (KubernetesNodeSource nodes = kubernetes.nodeSource()) {
            nodes.start(list -> {});
            KubernetesExecutor executor = kubernetes.executor(InstantSource.system(), nodes);
            executor.observe(new Exits());
            AttemptId attempt = newAttempt();
            requests();

            executor.launch(runningUntilStopped(attempt));

            assertThat(cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(PodNames.pod(attempt)).get().getSpec().getTolerations())
                    .extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).containsExactly("dedicated=lepton:NoExecute");
            assertThat(requests()).noneMatch(r -> r.getMethod().equals("GET") && r.getPath().startsWith("/api/v1/nodes/node-a"));
            executor.close();
        }
    }

    @Test
    void a_worker_alone_gets_no_service_a_gang_s_rank_0_does() {
        KubernetesExecutor executor = executor(new Exits());
        AttemptId alone = newAttempt();
        AttemptId gang = newAttempt();
        kubelet.plan(alone, Plan.runs(""));
        kubelet.plan(gang, Plan.runs(""));

        executor.launch(Workers.spec(alone, node()).env("LEPTON_WORLD_SIZE", "1").build());
        executor.launch(Workers.spec(gang, node()).env("LEPTON_WORLD_SIZE", "2").build());

        assertThat(cluster.admin().services().inNamespace(MockCluster.NAMESPACE).list().getItems())
                .extracting(svc -> svc.getMetadata().getName()).containsExactly(PodNames.service(gang.jobUid(), gang.epoch()));
    }

    @Test
    void a_stop_asks_for_its_grace_in_whole_seconds_rounded_up_and_never_none() throws InterruptedException {
        KubernetesExecutor executor = executor(new Exits());
        AttemptId slow = newAttempt();
        AttemptId fast = newAttempt();
        executor.launch(runningUntilStopped(slow));
        executor.launch(runningUntilStopped(fast));
        await().atMost(patience()).until(() -> kubelet.started(slow) && kubelet.started(fast));

        executor.stop(slow, Duration.ofMillis(45_500));
        executor.stop(fast, Duration.ZERO);

        await().atMost(patience()).until(() -> cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).list().getItems().isEmpty());
        List<RecordedRequest> requests = requests();
        assertThat(deletions(requests, slow)).singleElement().asString().contains("\"gracePeriodSeconds\":46");
        assertThat(deletions(requests, fast)).singleElement().asString().contains("\"gracePeriodSeconds\":1");
    }

    @Test
    void a_stop_with_the_job_s_grace_asks_the_api_server_for_the_grace_the_pod_was_made_with() throws InterruptedException {
        KubernetesExecutor executor = executor(new Exits());
        AttemptId attempt = newAttempt();
        executor.launch(Workers.withStopGrace(runningUntilStopped(attempt), Duration.ofSeconds(90)));
        await().atMost(patience()).until(() -> kubelet.started(attempt));
        assertThat(cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(PodNames.pod(attempt)).get().getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(90L);

        executor.stop(attempt, Duration.ofSeconds(90));

        await().atMost(patience()).until(() -> cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).list().getItems().isEmpty());
        assertThat(deletions(requests(), attempt)).singleElement().asString().contains("\"gracePeriodSeconds\":90");
    }

    @Test
    void a_follow_asks_the_api_server_to_follow_and_a_log_now_shorter_than_the_offset_reads_as_nothing_and_says_its_length()
            throws InterruptedException {
        KubernetesExecutor executor = executor(new Exits());
        AttemptId attempt = newAttempt();
        executor.launch(runningUntilStopped(attempt));
        await().atMost(patience()).until(() -> executor.openLog(attempt, 0).map(PodScenarios::read).orElse("").equals(greeting(attempt)));
        requests();

        assertThat(read(executor.followLog(attempt, 0).orElseThrow())).isEqualTo(greeting(attempt));
        assertThat(requests()).filteredOn(r -> r.getPath().contains("/pods/" + PodNames.pod(attempt) + "/log")).singleElement()
                .satisfies(r -> assertThat(r.getPath()).contains("follow=true"));

        // As after the kubelet rotated the log: the follower's offset is past its end.
        long past = greeting(attempt).length() + 100L;
        assertThat(read(executor.followLog(attempt, past).orElseThrow())).isEmpty();
        assertThat(executor.logSize(attempt)).hasValue(greeting(attempt).length());
    }

    private List<RecordedRequest> metricsRequests() throws InterruptedException {
        return requests().stream().filter(r -> r.getPath().startsWith("/apis/metrics.k8s.io/")).toList();
    }

    @Test
    void the_metrics_api_is_asked_once_per_ten_seconds_of_the_executor_s_clock_and_its_figures_stand_between() throws InterruptedException {
        FakeClock clock = new FakeClock(Instant.now());
        KubernetesExecutor executor = executor(new Exits(), clock);
        AttemptId attempt = newAttempt();
        executor.launch(busy(attempt));
        awaitRunning(attempt);
        requests();

        Usage first = executor.sampleUsage().get(attempt);
        clock.advance(Duration.ofSeconds(9));
        assertThat(executor.sampleUsage()).containsEntry(attempt, first);
        assertThat(metricsRequests()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        executor.sampleUsage();
        assertThat(metricsRequests()).hasSize(1);

        // A quarter of a core over metrics-server's first window (15.012 s), and 48 MiB.
        assertThat(first.cpuSeconds()).isCloseTo(0.25 * 15.012, within(1e-9));
        assertThat(first.peakMemoryBytes()).isEqualTo(48L << 20);
    }

    @Test
    void a_worker_s_modelled_energy_is_its_share_of_its_node_s_power_over_the_executor_s_time() {
        FakeClock clock = new FakeClock(Instant.now());
        KubernetesExecutor executor = executor(new Exits(), clock);
        AttemptId attempt = newAttempt();
        executor.launch(busy(attempt));
        awaitRunning(attempt);
        executor.sampleUsage();
        clock.advance(Duration.ofSeconds(30)); // past the pod's making, where its energy starts
        double before = executor.sampleEnergy().get(attempt).joules();

        clock.advance(Duration.ofSeconds(10));
        WorkerEnergy after = executor.sampleEnergy().get(attempt);

        // node-a: 8 logical CPUs of the table's general row, 6.4..26.8 W. The worker asks 500m of 8 CPUs (1/16 of the
        // idle power) and uses a quarter of a core (1/32 of the rest): 0.4 + 0.6375 W.
        assertThat(after.joules() - before).isCloseTo(10 * (6.4 / 16 + 20.4 / 32), within(1e-9));
        assertThat(after.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(after.source()).isEqualTo("model:tdp-table");
    }

    @Test
    void a_worker_asking_for_amd_gpus_is_a_pod_on_the_amd_node_requesting_amd_com_gpu_which_the_api_server_keeps() {
        cluster.add(ClusterNodes.node("mi300-a").allocatable("amd.com/gpu", "8").build());
        AttemptId attempt = newAttempt();

        executor(new Exits()).launch(Workers.spec(attempt, "mi300-a").accelerators("amd.com/gpu", 4, 5).build());

        var pod = cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(PodNames.pod(attempt)).get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("mi300-a");
        var resources = pod.getSpec().getContainers().getFirst().getResources();
        assertThat(resources.getRequests()).containsEntry("amd.com/gpu", new Quantity("2")).doesNotContainKey("nvidia.com/gpu");
        assertThat(resources.getLimits()).containsEntry("amd.com/gpu", new Quantity("2")).doesNotContainKey("nvidia.com/gpu");
    }

    @Test
    void a_pod_binds_with_tolerations_for_the_taints_lepton_placed_it_by() {
        AttemptId attempt = newAttempt();

        executor(new Exits()).launch(runningUntilStopped(attempt));

        assertThat(cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName(PodNames.pod(attempt)).get().getSpec().getTolerations())
                .singleElement().satisfies(t -> {
                    assertThat(t.getKey()).isEqualTo("dedicated");
                    assertThat(t.getValue()).isEqualTo("lepton");
                    assertThat(t.getEffect()).isEqualTo("NoExecute");
                });
    }

    // --- energy measured through Prometheus ---

    /** node-a's model for a busy worker (see above): 0.4 W of idle share and 0.6375 W for a quarter of a core. */
    private static final double MODELLED_WATTS = 6.4 / 16 + 20.4 / 32;

    @Test
    void a_running_worker_s_energy_is_kepler_s_through_prometheus_from_its_first_reading_and_the_model_stands_in_while_prometheus_fails() {
        try (FakePrometheus prometheus = new FakePrometheus()) {
            FakeClock clock = new FakeClock(Instant.now());
            KubernetesExecutor executor = executorOn(cluster.connect(dir, prometheus.url()), clock);
            AttemptId attempt = newAttempt();
            String pod = PodNames.pod(attempt);
            executor.launch(busy(attempt));
            awaitRunning(attempt);
            executor.sampleUsage();
            prometheus.counters(FakePrometheus.KEPLER, "pod_name", Map.of(pod, 1_000.0));
            clock.advance(Duration.ofSeconds(30));

            WorkerEnergy first = executor.sampleEnergy().get(attempt);
            assertThat(first).as("modelled up to Kepler's first reading, which starts its count")
                    .extracting(WorkerEnergy::provenance, WorkerEnergy::source).containsExactly(Provenance.MODELLED, "model:tdp-table");

            prometheus.counters(FakePrometheus.KEPLER, "pod_name", Map.of(pod, 1_250.0));
            clock.advance(Duration.ofSeconds(10));
            WorkerEnergy second = executor.sampleEnergy().get(attempt);
            assertThat(second.joules() - first.joules()).isCloseTo(250, within(1e-9));
            assertThat(second).extracting(WorkerEnergy::provenance, WorkerEnergy::source).containsExactly(Provenance.MEASURED, "prometheus:kepler");

            clock.advance(Duration.ofSeconds(2));
            assertThat(executor.sampleEnergy().get(attempt)).as("between readings: nothing more yet").isEqualTo(second);

            prometheus.answer(FakePrometheus.KEPLER, "error-timeout.json");
            clock.advance(Duration.ofSeconds(8));
            WorkerEnergy outage = executor.sampleEnergy().get(attempt);
            assertThat(outage.joules() - second.joules()).as("the model from Kepler's last reading on").isCloseTo(10 * MODELLED_WATTS, within(1e-9));
            assertThat(outage.provenance()).isEqualTo(Provenance.MODELLED);

            prometheus.counters(FakePrometheus.KEPLER, "pod_name", Map.of(pod, 2_000.0));
            clock.advance(Duration.ofSeconds(10));
            WorkerEnergy back = executor.sampleEnergy().get(attempt);
            assertThat(back.joules() - outage.joules()).as("the model up to the reading; what Kepler counted meanwhile is not added again")
                    .isCloseTo(10 * MODELLED_WATTS, within(1e-9));

            prometheus.counters(FakePrometheus.KEPLER, "pod_name", Map.of(pod, 2_100.0));
            clock.advance(Duration.ofSeconds(10));
            WorkerEnergy after = executor.sampleEnergy().get(attempt);
            assertThat(after.joules() - back.joules()).isCloseTo(100, within(1e-9));
            assertThat(after.provenance()).isEqualTo(Provenance.MEASURED);
        }
    }

    @Test
    void a_gpu_worker_without_kepler_has_its_gpus_from_the_dcgm_exporter_and_its_cpu_modelled_and_is_marked_modelled_naming_both() {
        cluster.add(ClusterNodes.node("gpu-1").cpu("8").gpus(2, "NVIDIA-H100-80GB-HBM3", 81_559).build());
        try (FakePrometheus prometheus = new FakePrometheus()) {
            FakeClock clock = new FakeClock(Instant.now());
            KubernetesExecutor executor = executorOn(cluster.connect(dir, prometheus.url()), clock);
            AttemptId attempt = newAttempt();
            String pod = PodNames.pod(attempt);
            kubelet.plan(attempt, Plan.runs(greeting(attempt)));
            executor.launch(Workers.spec(attempt, "gpu-1").gpus(0, 1).build());
            awaitRunning(attempt);
            prometheus.answer(FakePrometheus.DCGM, 200, FakePrometheus.vector(
                    List.of(Map.of("pod", pod, "gpu", "0", "UUID", "GPU-0"), Map.of("pod", pod, "gpu", "1", "UUID", "GPU-1")),
                    List.of(900_000_000.0, 800_000_000.0)));
            clock.advance(Duration.ofSeconds(30));
            WorkerEnergy first = executor.sampleEnergy().get(attempt);

            prometheus.answer(FakePrometheus.DCGM, 200, FakePrometheus.vector(
                    List.of(Map.of("pod", pod, "gpu", "0", "UUID", "GPU-0"), Map.of("pod", pod, "gpu", "1", "UUID", "GPU-1")),
                    List.of(907_000_000.0, 806_500_000.0)));
            clock.advance(Duration.ofSeconds(10));
            WorkerEnergy second = executor.sampleEnergy().get(attempt);

            // 7,000 + 6,500 J from the GPUs' counters (mJ); the CPU side at gpu-1's table model without usage: its 500m
            // request of 8 CPUs, 6.4 / 16 W idle share and 20.4 / 16 W for half a core busy.
            assertThat(second.joules() - first.joules()).isCloseTo(13_500 + 10 * (6.4 / 16 + 20.4 / 16), within(1e-6));
            assertThat(second).extracting(WorkerEnergy::provenance, WorkerEnergy::source)
                    .containsExactly(Provenance.MODELLED, "prometheus:dcgm+model:tdp-table");
        }
    }

    @Test
    void a_prometheus_that_does_not_answer_at_start_is_not_fatal_and_the_workers_keep_their_model() {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FakeClock clock = new FakeClock(Instant.now());
        KubernetesExecutor executor = executorOn(cluster.connect(dir, java.net.URI.create("http://127.0.0.1:" + port)), clock);
        AttemptId attempt = newAttempt();
        executor.launch(busy(attempt));
        awaitRunning(attempt);
        executor.sampleUsage();
        clock.advance(Duration.ofSeconds(30));
        double before = executor.sampleEnergy().get(attempt).joules();

        clock.advance(Duration.ofSeconds(10));
        WorkerEnergy after = executor.sampleEnergy().get(attempt);

        assertThat(after.joules() - before).isCloseTo(10 * MODELLED_WATTS, within(1e-9));
        assertThat(after).extracting(WorkerEnergy::provenance, WorkerEnergy::source).containsExactly(Provenance.MODELLED, "model:tdp-table");
    }
}
