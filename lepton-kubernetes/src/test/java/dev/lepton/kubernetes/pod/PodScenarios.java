package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.kubernetes.PodBinding;
import dev.lepton.kubernetes.node.NodeTaints;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the executor does with a cluster, as scenarios that run twice: against the mock API server with the
 * test kubelet (always), and against a real cluster (when {@code KUBECONFIG} is set); each of those again with the
 * executor binding pods through the binding subresource. A subclass says how a worker is made to behave: told to the
 * test kubelet, or written as the container's command ({@link ScenarioCluster}).
 */
abstract class PodScenarios extends ScenarioCluster {
    @Test
    void a_gang_is_one_pod_per_worker_bound_to_its_node_with_its_image_requests_and_environment_and_rank_0_has_a_name() {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId rank0 = newAttempt();
        AttemptId rank1 = new AttemptId(rank0.jobUid(), 1, 1);
        LaunchSpec spec = runningUntilStopped(rank0);
        String beforeLaunch = executor.address(rank0, node());

        executor.launch(spec);
        executor.launch(runningUntilStopped(rank1));

        for (AttemptId attempt : List.of(rank0, rank1)) {
            Pod pod = pod(attempt).orElseThrow();
            Container container = pod.getSpec().getContainers().getFirst();
            assertThat(pod.getSpec().getNodeName()).isEqualTo(node());
            assertThat(container.getImage()).isEqualTo(spec.image().orElseThrow());
            assertThat(container.getResources().getRequests()).isEqualTo(container.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(env(container)).containsEntry("LEPTON_ATTEMPT_ID", attempt.toString())
                    .containsEntry("LEPTON_WORKER_RANK", Integer.toString(attempt.rank()));
            assertThat(pod.getSpec().getTolerations()).containsExactlyInAnyOrderElementsOf(
                    NodeTaints.tolerations(admin().nodes().withName(node()).get()));
        }
        Service service = admin().services().inNamespace(cluster().namespace()).withName(PodNames.service(rank0.jobUid(), 1)).get();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        Pod first = pod(rank0).orElseThrow();
        String address = first.getSpec().getHostname() + "." + first.getSpec().getSubdomain() + "." + cluster().namespace() + ".svc";
        assertThat(beforeLaunch).as("what the gang's LEPTON_MASTER_ADDR is given: rank 0's name in its service").isEqualTo(address);
        awaitRunning(rank0);
        awaitRunning(rank1);
        assertResolves(rank1, address);
        String ip = pod(rank0).orElseThrow().getStatus().getPodIP();
        org.awaitility.Awaitility.await().atMost(patience()).untilAsserted(() -> assertThat(executor.address(rank0, node()))
                .as("once it runs, its pod's IP, as the server reaches a replica").isEqualTo(ip));

        executor.stop(rank0, Duration.ofSeconds(30));
        executor.stop(rank1, Duration.ofSeconds(30));
        assertThat(exits.awaitOnly(rank0, patience()).exitCode()).contains(143);
        assertThat(exits.awaitOnly(rank1, patience()).exitCode()).contains(143);
    }

    @Test
    void a_worker_s_exit_code_reaches_its_exit_and_its_log_stays_readable() throws IOException {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();

        ProcessRef process = executor.launch(exiting(attempt, 3));

        assertThat(process.handle()).isEqualTo("pod " + cluster().namespace() + "/" + PodNames.pod(attempt));
        assertThat(process.pid()).isEmpty();
        WorkerExit exit = exits.awaitOnly(attempt, patience());
        assertThat(exit.exitCode()).contains(3);
        assertThat(exit.reason()).isEmpty();
        try (InputStream log = executor.openLog(attempt, 0).orElseThrow()) {
            assertThat(new String(log.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(greeting(attempt));
        }
    }

    @Test
    void a_follow_of_an_ended_worker_gives_its_log_from_the_offset_and_ends_and_a_pod_never_made_has_none() {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(exiting(attempt, 0));
        exits.awaitOnly(attempt, patience());

        assertThat(read(executor.followLog(attempt, 0).orElseThrow())).isEqualTo(greeting(attempt));
        assertThat(read(executor.followLog(attempt, 6).orElseThrow())).isEqualTo(greeting(attempt).substring(6));
        assertThat(executor.followLog(newAttempt(), 0)).isEmpty();
    }

    @Test
    void a_follow_passes_each_line_on_as_the_worker_writes_it_and_ends_when_the_worker_ends() throws IOException {
        whyLogsCannotStream().ifPresent(why -> Assumptions.abort(why));
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(printingUntilTold(attempt));
        awaitRunning(attempt);
        await().atMost(patience()).until(() -> executor.followLog(attempt, 0).map(PodScenarios::closed).orElse(false));

        try (BufferedReader lines = new BufferedReader(new InputStreamReader(executor.followLog(attempt, 0).orElseThrow(),
                StandardCharsets.UTF_8))) {
            assertThat(assertTimeoutPreemptively(patience(), lines::readLine)).isEqualTo(greeting(attempt).strip());
            assertThat(exits.of(attempt)).as("the line came while the worker ran").isEmpty();
            tell(attempt);
            assertThat(assertTimeoutPreemptively(patience(), lines::readLine)).isEqualTo(TOLD.strip());
            assertThat(assertTimeoutPreemptively(patience(), lines::readLine)).as("the stream ends with the worker").isNull();
        }
        assertThat(exits.awaitOnly(attempt, patience()).exitCode()).contains(0);
    }

    @Test
    void a_worker_over_its_memory_limit_is_oomkilled() {
        Exits exits = new Exits();
        AttemptId attempt = newAttempt();

        executor(exits).launch(overMemory(attempt));

        WorkerExit exit = exits.awaitOnly(attempt, patience());
        assertThat(exit.oomKilled()).isTrue();
        assertThat(exit.exitCode()).contains(137);
    }

    @Test
    void an_image_that_cannot_be_pulled_fails_the_worker_in_the_runtime_s_words_and_its_pod_goes() {
        Exits exits = new Exits();
        AttemptId attempt = newAttempt();

        executor(exits).launch(unpullable(attempt));

        WorkerExit exit = exits.awaitOnly(attempt, patience());
        assertThat(exit.exitCode()).isEmpty();
        assertThat(exit.reason()).hasValueSatisfying(r -> assertThat(PodOutcome.IMAGE_FAILURES).contains(r));
        assertThat(exit.message()).hasValueSatisfying(m -> assertThat(m).isNotBlank());
        assertThat(exit.lost()).isFalse();
        await().atMost(patience()).until(() -> pod(attempt).isEmpty());
    }

    @Test
    void a_worker_s_pod_carries_its_job_s_stop_grace_and_a_stop_with_it_deletes_the_pod_and_ends_the_worker_on_sigterm() {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(Workers.withStopGrace(runningUntilStopped(attempt), Duration.ofSeconds(45)));
        assertThat(pod(attempt).orElseThrow().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(45L);
        awaitRunning(attempt);

        executor.stop(attempt, Duration.ofSeconds(45));
        executor.stop(attempt, Duration.ofSeconds(45));

        assertThat(exits.awaitOnly(attempt, patience()).exitCode()).contains(143);
        await().atMost(patience()).until(() -> pod(attempt).isEmpty());
    }

    @Test
    void after_a_restart_a_new_executor_finds_the_running_pod_once_and_reports_its_end_alone() {
        Exits before = new Exits();
        KubernetesExecutor first = executor(before);
        AttemptId attempt = newAttempt();
        ProcessRef launched = first.launch(runningUntilStopped(attempt));
        awaitRunning(attempt);
        first.close();

        Exits after = new Exits();
        KubernetesExecutor second = executor(after);
        Map<AttemptId, ProcessRef> found = second.recover(Set.of(attempt, newAttempt()));

        assertThat(found).containsOnlyKeys(attempt);
        assertThat(found.get(attempt).handle()).isEqualTo(launched.handle());
        assertThat(second.recover(Set.of(attempt))).isEqualTo(found);
        assertThatThrownBy(() -> second.launch(runningUntilStopped(attempt))).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("already running");
        second.stop(attempt, Duration.ofSeconds(30));
        assertThat(after.awaitOnly(attempt, patience()).exitCode()).contains(143);
        assertThat(before.of(attempt)).isEmpty();
    }

    @Test
    void a_pod_that_goes_behind_lepton_s_back_is_a_lost_worker() {
        Exits exits = new Exits();
        AttemptId attempt = newAttempt();
        executor(exits).launch(runningUntilStopped(attempt));
        awaitRunning(attempt);

        podGoes(attempt);

        WorkerExit exit = exits.awaitOnly(attempt, patience());
        assertThat(exit.lost()).isTrue();
        assertThat(exit.message()).hasValueSatisfying(m -> assertThat(m).contains("was deleted before it ended"));
    }

    @Test
    void a_launch_on_a_node_the_cluster_does_not_have_fails_and_makes_nothing() {
        AttemptId attempt = newAttempt();
        LaunchSpec nowhere = Workers.spec(attempt, "no-such-node").build();

        assertThatThrownBy(() -> executor(new Exits()).launch(nowhere)).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("the cluster has no node no-such-node");
        assertThat(pod(attempt)).isEmpty();
    }

    @Test
    void removing_a_job_s_attempts_deletes_its_pods_and_service() {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(exiting(attempt, 0));
        exits.awaitOnly(attempt, patience());
        assertThat(executor.jobUids()).contains(attempt.jobUid());

        executor.remove(attempt.jobUid());

        await().atMost(patience()).until(() -> pod(attempt).isEmpty());
        assertThat(admin().services().inNamespace(cluster().namespace()).withName(PodNames.service(attempt.jobUid(), 1)).get()).isNull();
        assertThat(executor.jobUids()).doesNotContain(attempt.jobUid());
    }

    // --- binding through the subresource (clusters connected with PodBinding.BINDING; skipped, saying so, elsewhere) ---

    private void requireBindingSubresource() {
        if (cluster().binding() != PodBinding.BINDING) {
            Assumptions.abort("the executor binds by spec.nodeName here; the suites connected with --kubernetes-binding binding run this");
        }
    }
    @Test
    void a_pod_is_made_for_lepton_s_scheduler_with_its_node_in_an_annotation_and_bound_there_through_the_binding_subresource() {
        requireBindingSubresource();
        Exits exits = new Exits();
        AttemptId attempt = newAttempt();

        executor(exits).launch(exiting(attempt, 0));

        Pod pod = pod(attempt).orElseThrow();
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo(PodBinding.SCHEDULER_NAME);
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(PodNames.NODE_ANNOTATION, node());
        assertThat(pod.getSpec().getNodeName()).as("bound before the launch returned").isEqualTo(node());
        assertThat(scheduled(pod)).as("the API server records the binding as PodScheduled").isTrue();
        assertThat(exits.awaitOnly(attempt, patience()).exitCode()).contains(0);
    }

    @Test
    void a_binding_the_api_server_refuses_fails_the_launch_in_its_words_and_deletes_the_pod() {
        requireBindingSubresource();
        KubernetesExecutor executor = executorOn(clusterWithoutBindingPermission());
        AttemptId attempt = newAttempt();

        assertThatThrownBy(() -> executor.launch(runningUntilStopped(attempt))).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("cannot bind pod " + cluster().namespace() + "/" + PodNames.pod(attempt) + " to node " + node())
                .hasMessageContaining("403").hasMessageContaining("cannot create resource \"pods/binding\"");
        await().atMost(patience()).until(() -> pod(attempt).isEmpty());
        assertThat(executor.recover(Set.of(attempt))).isEmpty();
    }

    @Test
    void a_pod_a_crash_left_unbound_is_bound_to_its_node_on_recovery_and_runs_as_launched() {
        requireBindingSubresource();
        AttemptId attempt = newAttempt();
        leaveUnbound(runningUntilStopped(attempt));

        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        Map<AttemptId, ProcessRef> found = executor.recover(Set.of(attempt));

        assertThat(found).containsOnlyKeys(attempt);
        assertThat(pod(attempt).orElseThrow().getSpec().getNodeName()).isEqualTo(node());
        awaitRunning(attempt);
        executor.stop(attempt, Duration.ofSeconds(30));
        assertThat(exits.awaitOnly(attempt, patience()).exitCode()).contains(143);
    }

    @Test
    void recovery_deletes_a_pod_left_unbound_whose_attempt_the_server_no_longer_counts_on() {
        requireBindingSubresource();
        AttemptId forgotten = newAttempt();
        leaveUnbound(runningUntilStopped(forgotten));

        assertThat(executor(new Exits()).recover(Set.of(newAttempt()))).isEmpty();

        await().atMost(patience()).until(() -> pod(forgotten).isEmpty());
    }

    /** The fixture's word against the real API server's: the mock's binding must refuse what a real one refuses. */
    @Test
    void the_api_server_binds_a_pod_made_for_lepton_s_scheduler_once_and_refuses_a_second_binding_with_a_conflict() {
        AttemptId attempt = newAttempt();
        leaveUnbound(runningUntilStopped(attempt));
        String name = PodNames.pod(attempt);
        String path = "/api/v1/namespaces/" + cluster().namespace() + "/pods/" + name + "/binding";

        admin().raw(path, "POST", WorkerPods.binding(name, cluster().namespace(), node()));

        assertThat(pod(attempt).orElseThrow().getSpec().getNodeName()).isEqualTo(node());
        assertThatThrownBy(() -> admin().raw(path, "POST", WorkerPods.binding(name, cluster().namespace(), node())))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on pods/binding \"" + name + "\": pod "
                            + name + " is already assigned to node \"" + node() + "\"");
                });
    }

    // --- usage from the metrics API, and modelled energy ---

    @Test
    void a_busy_worker_s_cpu_time_and_memory_come_from_the_metrics_api_and_its_exit_carries_them() {
        whyNoMetricsApi().ifPresent(Assumptions::abort);
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(busy(attempt));
        awaitRunning(attempt);

        await().atMost(patience()).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Usage usage = executor.sampleUsage().getOrDefault(attempt, Usage.NONE);
            return usage.cpuSeconds() > 0 && usage.peakMemoryBytes() > 0;
        });
        Usage sampled = executor.sampleUsage().get(attempt);

        executor.stop(attempt, Duration.ofSeconds(30));
        WorkerExit exit = exits.awaitOnly(attempt, patience());
        assertThat(exit.usage().cpuSeconds()).isGreaterThanOrEqualTo(sampled.cpuSeconds());
        assertThat(exit.usage().peakMemoryBytes()).isGreaterThanOrEqualTo(sampled.peakMemoryBytes());
    }

    @Test
    void where_the_cluster_has_no_metrics_api_a_worker_s_usage_is_not_known_and_nothing_fails() {
        whyMetricsApi().ifPresent(Assumptions::abort);
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(runningUntilStopped(attempt));
        awaitRunning(attempt);

        assertThat(executor.sampleUsage()).doesNotContainKey(attempt);
        assertThat(executor.sampleUsage()).doesNotContainKey(attempt);

        executor.stop(attempt, Duration.ofSeconds(30));
        WorkerExit exit = exits.awaitOnly(attempt, patience());
        assertThat(exit.exitCode()).contains(143);
        assertThat(exit.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void a_worker_s_energy_is_modelled_from_its_node_s_power_and_grows_and_says_it_was_modelled() throws InterruptedException {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId attempt = newAttempt();
        executor.launch(runningUntilStopped(attempt));
        awaitRunning(attempt);

        WorkerEnergy first = executor.sampleEnergy().get(attempt);
        Thread.sleep(50);
        WorkerEnergy second = executor.sampleEnergy().get(attempt);

        assertThat(first.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(first.source()).startsWith("model:");
        assertThat(second.joules()).isGreaterThan(first.joules());
        executor.stop(attempt, Duration.ofSeconds(30));
        exits.awaitOnly(attempt, patience());
    }
}
