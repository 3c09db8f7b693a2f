package dev.lepton.kubernetes.pod;

import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.kubernetes.KubernetesCluster;
import dev.lepton.kubernetes.PodBinding;
import dev.lepton.kubernetes.node.NodeTaints;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/**
 * The cluster {@link PodScenarios} run on, as a subclass says (its hooks: the cluster, its node, how a worker is made to
 * behave), and what the scenarios do with it: executors and attempts made for a scenario and removed after it, every
 * exit an executor reports, the pods as the API server holds them.
 */
abstract class ScenarioCluster {
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

    /** The same cluster, as a user whose role lets it do all Lepton does but bind pods ({@code pods/binding}); it binds through the subresource. */
    protected abstract KubernetesCluster clusterWithoutBindingPermission();

    /** A worker that keeps a CPU busy and holds some memory, until stopped (143 on SIGTERM). */
    protected abstract LaunchSpec busy(AttemptId attempt);

    /** Why the cluster cannot show what a worker uses through the metrics API, if it cannot (no metrics-server): the usage scenario is then skipped. */
    protected abstract Optional<String> whyNoMetricsApi();

    /** Why the cluster has a metrics API, if it has: the scenario of a cluster without one is then skipped. */
    protected abstract Optional<String> whyMetricsApi();

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
        return executor(exits, InstantSource.system());
    }

    /** An executor on the scenario's cluster that keeps time by {@code clock}, closed with the scenario. */
    protected final KubernetesExecutor executor(Consumer<WorkerExit> exits, InstantSource clock) {
        KubernetesExecutor executor = cluster().executor(clock);
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

    protected final Optional<Pod> pod(AttemptId attempt) {
        return Optional.ofNullable(admin().pods().inNamespace(cluster().namespace()).withName(PodNames.pod(attempt)).get());
    }

    protected final void awaitRunning(AttemptId attempt) {
        await().atMost(patience()).until(() -> pod(attempt).map(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .orElse(false));
    }

    protected static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** Closes a stream unread: true. */
    protected static boolean closed(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /** Whether the API server recorded the pod's binding. */
    protected static boolean scheduled(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
    }
    /** The pod as the executor makes it for the binding subresource, and then nothing more: the server died. */
    protected final void leaveUnbound(LaunchSpec spec) {
        Pod pod = WorkerPods.pod(spec, cluster().namespace(), NodeTaints.tolerations(admin().nodes().withName(node()).get()), PodBinding.BINDING);
        admin().pods().inNamespace(cluster().namespace()).resource(pod).create();
    }
    /** An executor on {@code other}, closed with the scenario's. */
    protected final KubernetesExecutor executorOn(KubernetesCluster other) {
        KubernetesExecutor executor = other.executor(InstantSource.system());
        executor.observe(new Exits());
        executors.add(executor);
        return executor;
    }

    /** An executor on {@code other} that keeps time by {@code clock}, closed with the scenario's. */
    protected final KubernetesExecutor executorOn(KubernetesCluster other, InstantSource clock) {
        KubernetesExecutor executor = other.executor(clock);
        executor.observe(new Exits());
        executors.add(executor);
        return executor;
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
