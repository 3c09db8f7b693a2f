package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.kubernetes.KubernetesCluster;
import dev.lepton.kubernetes.node.NodeTaints;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the executor does with a cluster, as scenarios that run twice: against the mock API server with the
 * test kubelet (always), and against a real cluster (when {@code KUBECONFIG} is set). A subclass says how a
 * worker is made to behave: told to the test kubelet, or written as the container's command.
 */
abstract class PodScenarios {
    private static final Duration QUIET = Duration.ofMillis(500);

    private final List<KubernetesExecutor> executors = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();

    protected abstract KubernetesCluster cluster();

    /** A client to look at and meddle with the cluster, as an operator would. */
    protected abstract KubernetesClient admin();

    /** A node to bind workers to. */
    protected abstract String node();

    protected abstract Duration patience();

    /** A worker that prints {@link #greeting} and exits with {@code code}. */
    protected abstract LaunchSpec exiting(AttemptId attempt, int code);

    /** A worker that prints {@link #greeting} and runs until stopped, ending with 143 on SIGTERM. */
    protected abstract LaunchSpec runningUntilStopped(AttemptId attempt);

    /** A worker that uses more memory than its limit. */
    protected abstract LaunchSpec overMemory(AttemptId attempt);

    /** A worker whose image no registry has. */
    protected abstract LaunchSpec unpullable(AttemptId attempt);

    /** A worker that prints {@link #greeting}, waits until {@link #tell told}, then prints {@link #TOLD} and exits with 0. */
    protected abstract LaunchSpec printingUntilTold(AttemptId attempt);

    /** Tells a {@link #printingUntilTold} worker to go on. */
    protected abstract void tell(AttemptId attempt);

    /** Why the API server cannot stream a followed log, if it cannot: the streaming scenario is then skipped, saying so. */
    protected Optional<String> whyLogsCannotStream() {
        return Optional.empty();
    }

    /** The worker's pod goes without its container's end being recorded: force-deleted, or gone with its node. */
    protected abstract void podGoes(AttemptId attempt);

    /** Checks, where it can, that rank 0's address resolves from {@code from}'s container. */
    protected void assertResolves(AttemptId from, String address) {}

    protected static String greeting(AttemptId attempt) {
        return "hello from " + attempt + "\n";
    }

    /** What a {@link #printingUntilTold} worker prints once told. */
    protected static final String TOLD = "told\n";

    protected final AttemptId newAttempt() {
        String uid = "scenario-" + UUID.randomUUID().toString().substring(0, 8);
        jobs.add(uid);
        return new AttemptId(uid, 1, 0);
    }

    protected final KubernetesExecutor executor(Consumer<WorkerExit> exits) {
        KubernetesExecutor executor = cluster().executor(InstantSource.system());
        executor.observe(exits);
        executors.add(executor);
        return executor;
    }

    /** Then the subclass lets go of its cluster ({@link #afterScenarios}): JUnit runs a subclass's own after-methods first. */
    @AfterEach
    void removeWhatTheScenarioMade() {
        try {
            executors.forEach(KubernetesExecutor::close);
            String namespace = cluster().namespace();
            for (String uid : jobs) {
                admin().pods().inNamespace(namespace).withLabel("lepton.dev/job-uid", uid).withGracePeriod(0).delete();
                admin().services().inNamespace(namespace).withLabel("lepton.dev/job-uid", uid).delete();
            }
        } finally {
            afterScenarios();
        }
    }

    /** Closes what the subclass opened for a scenario. */
    protected abstract void afterScenarios();

    /** Every exit one executor reported. */
    protected static final class Exits implements Consumer<WorkerExit> {
        private final List<WorkerExit> seen = new CopyOnWriteArrayList<>();

        @Override
        public void accept(WorkerExit exit) {
            seen.add(exit);
        }

        List<WorkerExit> of(AttemptId attempt) {
            return seen.stream().filter(e -> e.attempt().equals(attempt)).toList();
        }

        WorkerExit awaitOnly(AttemptId attempt, Duration patience) {
            await().atMost(patience).until(() -> !of(attempt).isEmpty());
            await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> of(attempt).size() == 1);
            return of(attempt).getFirst();
        }
    }

    private Optional<Pod> pod(AttemptId attempt) {
        return Optional.ofNullable(admin().pods().inNamespace(cluster().namespace()).withName(PodNames.pod(attempt)).get());
    }

    private void awaitRunning(AttemptId attempt) {
        await().atMost(patience()).until(() -> pod(attempt).map(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .orElse(false));
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void a_gang_is_one_pod_per_worker_bound_to_its_node_with_its_image_requests_and_environment_and_rank_0_has_a_name() {
        Exits exits = new Exits();
        KubernetesExecutor executor = executor(exits);
        AttemptId rank0 = newAttempt();
        AttemptId rank1 = new AttemptId(rank0.jobUid(), 1, 1);
        LaunchSpec spec = runningUntilStopped(rank0);

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
        String address = executor.address(rank0, node());
        assertThat(address).isEqualTo(first.getSpec().getHostname() + "." + first.getSpec().getSubdomain() + "." + cluster().namespace()
                + ".svc");
        awaitRunning(rank0);
        awaitRunning(rank1);
        assertResolves(rank1, address);

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

    /** Closes a stream unread: true. */
    private static boolean closed(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
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

    /** Reads a log whole, for subclasses. */
    protected static String read(InputStream in) {
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
