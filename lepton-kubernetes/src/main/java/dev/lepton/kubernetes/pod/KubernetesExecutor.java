package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.EnergySampling;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.execution.AttemptCleanup;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ContainerImages;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.LogFollow;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.UsageSampling;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.kubernetes.PodBinding;
import dev.lepton.kubernetes.node.NodeTaints;
import dev.lepton.kubernetes.usage.MetricsApi;
import dev.lepton.kubernetes.usage.NodePowerModels;
import dev.lepton.kubernetes.usage.PrometheusEnergy;
import dev.lepton.kubernetes.usage.PodUse;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each worker as a pod in one namespace of a cluster, on the node Lepton placed it on. An informer on
 * the namespace's Lepton pods turns each watched pod's end into one {@link WorkerExit}: its container's exit
 * code, {@code OOMKilled}, an image that cannot be pulled (the pod is then deleted), or lost when the pod
 * goes before it ends. Pods outlive the server; a new executor finds them by their labels.
 *
 * <p>A pod is bound to its node as it is made ({@code spec.nodeName}), or made for Lepton's scheduler and bound
 * through the binding subresource ({@link PodBinding}, {@link PodBinder}). {@link #stop} deletes the pod with the
 * grace period (the kubelet sends SIGTERM, then SIGKILL). {@link #close()} stops watching and never deletes pods.
 * Ended pods stay, for their logs, until their job's attempts are removed ({@link AttemptCleanup#remove}).
 * Usage comes from the metrics API; energy from the cluster's Prometheus where it measures a worker's pod (Kepler, the
 * DCGM exporter), else from the nodes' power models ({@link PodSampling}).
 */
public final class KubernetesExecutor implements Executor, LogAccess, LogFollow, ContainerImages, AttemptCleanup, UsageSampling,
        EnergySampling {
    private static final Logger log = LoggerFactory.getLogger(KubernetesExecutor.class);
    /** How long {@link #close()} lets deletions under way finish. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final KubernetesClient client;
    /** The world size of a worker without a gang: it reaches itself on its own loopback, and needs no service. */
    private static final String ALONE = "1";

    private final String namespace;
    private final PodBinding binding;
    private final PodBinder binder;
    private final PodCleanup cleanup;
    private final PodSampling sampling;
    private final Optional<PrometheusEnergy> prometheus;
    /** Nodes no watch held, read once from the API server for their power models. */
    private final ConcurrentMap<String, Node> fetched = new ConcurrentHashMap<>();
    private final InstantSource clock;
    /** Nodes as a watch already holds them (the node source's), so that a launch does not ask the API server for its node. */
    private final Function<String, Optional<Node>> nodes;
    private final PodLogs logs;
    private final SharedIndexInformer<Pod> pods;
    /** API calls that must not hold up their caller (a stop comes from the scheduler's loop). */
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentMap<AttemptId, WatchedPod> watched = new ConcurrentHashMap<>();
    /** Exits found by {@link #leftover}: asked for more than once, answered the same each time. */
    private final ConcurrentMap<AttemptId, WorkerExit> leftovers = new ConcurrentHashMap<>();
    private volatile Consumer<WorkerExit> observer;
    private volatile boolean closed;

    /**
     * Watches the namespace's Lepton pods from now on; throws if it cannot list them (no such namespace,
     * no permission, no API server). {@code client} is the executor's own: {@link #close()} closes it.
     * {@code nodes} looks a node up where a watch holds it ({@link dev.lepton.kubernetes.node.KubernetesNodeSource#cached}),
     * empty where it does not: the executor then asks the API server. {@code binding} says how a new pod is bound
     * to its node. Energy is modelled: nothing measures the nodes.
     */
    public KubernetesExecutor(KubernetesClient client, String namespace, InstantSource clock, Duration requestTimeout,
                              Function<String, Optional<Node>> nodes, PodBinding binding) {
        this(client, namespace, clock, requestTimeout, nodes, binding, Optional.empty());
    }

    /**
     * The same, with workers' energy measured where {@code prometheus} has it (and modelled where it has not, or does
     * not answer); {@link #close()} closes it.
     */
    public KubernetesExecutor(KubernetesClient client, String namespace, InstantSource clock, Duration requestTimeout,
                              Function<String, Optional<Node>> nodes, PodBinding binding, Optional<PrometheusEnergy> prometheus) {
        this.client = requireNonNull(client, "client is null");
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.binding = requireNonNull(binding, "binding is null");
        this.binder = new PodBinder(client, namespace);
        this.cleanup = new PodCleanup(client, namespace);
        this.sampling = new PodSampling(new MetricsApi(client, namespace, PodNames.JOB_LABEL), NodePowerModels.bundled(), this::knownNode,
                prometheus, clock);
        this.clock = requireNonNull(clock, "clock is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.logs = new PodLogs(client, namespace, requestTimeout);
        try {
            this.pods = client.pods().inNamespace(namespace).withLabel(PodNames.JOB_LABEL).inform(new PodEvents(), 0);
        } catch (KubernetesClientException e) {
            calls.shutdown();
            client.close();
            prometheus.ifPresent(PrometheusEnergy::close);
            throw new IllegalStateException(("cannot watch the pods of namespace " + namespace + ": " + e.getMessage()).replaceAll("\\s+", " ")
                    .strip(), e);
        }
        log.atInfo().setMessage("watching worker pods").addKeyValue("namespace", namespace).addKeyValue("pods", pods.getStore().list().size())
                .log();
    }

    @Override
    public void observe(Consumer<WorkerExit> observer) {
        this.observer = requireNonNull(observer, "observer is null");
    }

    @Override
    public ProcessRef launch(LaunchSpec spec) {
        requireOpen();
        AttemptId attempt = spec.attempt();
        WatchedPod worker = new WatchedPod(attempt);
        if (watched.putIfAbsent(attempt, worker) != null) {
            throw new LaunchFailedException("attempt " + attempt + " is already running", null);
        }
        try {
            Pod pod = WorkerPods.pod(spec, namespace, tolerations(spec), binding);
            if (attempt.rank() == 0 && !ALONE.equals(spec.env().get("LEPTON_WORLD_SIZE"))) {
                createService(attempt);
            }
            Pod created = create(attempt, pod);
            if (binding == PodBinding.BINDING) {
                binder.bind(attempt, pod.getMetadata().getName(), spec.node());
            }
            ProcessRef ref = new ProcessRef(attempt, handle(pod), Optional.empty(), createdAt(created));
            worker.created(ref, WatchedPod.Requested.of(pod, spec.node()));
        } catch (RuntimeException e) {
            watched.remove(attempt, worker);
            throw e;
        }
        // It may have ended before it was watched: what the informer holds now settles that.
        current(attempt).ifPresent(this::consider);
        log.atInfo().setMessage("worker launched").addKeyValue("attempt", attempt).addKeyValue("pod", handle(PodNames.pod(attempt)))
                .addKeyValue("node", spec.node()).addKeyValue("image", spec.image().orElse("")).addKeyValue("binding", binding.label()).log();
        return worker.process();
    }

    /**
     * The node's taints Lepton placed by, tolerated, from the node source's watch (an API call only for a node it
     * has not seen yet); a node the cluster does not have is a failed launch.
     */
    private List<Toleration> tolerations(LaunchSpec spec) {
        Optional<Node> watched = nodes.apply(spec.node());
        if (watched.isPresent()) {
            return NodeTaints.tolerations(watched.get());
        }
        Node node;
        try {
            node = client.nodes().withName(spec.node()).get();
        } catch (KubernetesClientException e) {
            throw new LaunchFailedException("cannot read node " + spec.node() + " for attempt " + spec.attempt() + ": " + e.getMessage(), e);
        }
        if (node == null) {
            throw new LaunchFailedException("cannot run attempt " + spec.attempt() + ": the cluster has no node " + spec.node(), null);
        }
        return NodeTaints.tolerations(node);
    }

    /** The gang's headless service; one left by an earlier launch of this attempt is as good. */
    private void createService(AttemptId attempt) {
        try {
            client.services().inNamespace(namespace).resource(WorkerPods.service(attempt, namespace)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new LaunchFailedException("cannot create the service of attempt " + attempt + ": " + e.getMessage(), e);
            }
        }
    }

    private Pod create(AttemptId attempt, Pod pod) {
        try {
            return client.pods().inNamespace(namespace).resource(pod).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new LaunchFailedException("attempt " + attempt + " is already running: pod " + handle(pod) + " exists", e);
            }
            throw new LaunchFailedException("cannot create pod " + handle(pod) + " for attempt " + attempt + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the pod with {@code grace} (at least a second: with none, nothing would record how the worker ended). */
    @Override
    public void stop(AttemptId attempt, Duration grace) {
        requireNonNull(grace, "grace is null");
        WatchedPod worker = watched.get(attempt);
        if (worker == null || !worker.isCreated() || !worker.markStopping()) {
            return;
        }
        long seconds = WorkerPods.graceSeconds(grace);
        log.atInfo().setMessage("stopping worker").addKeyValue("attempt", attempt).addKeyValue("graceSeconds", seconds).log();
        calls.execute(() -> delete(attempt, seconds));
    }

    private void delete(AttemptId attempt, long graceSeconds) {
        try {
            client.pods().inNamespace(namespace).withName(PodNames.pod(attempt)).withGracePeriod(graceSeconds).delete();
        } catch (KubernetesClientException e) {
            log.atWarn().setMessage("cannot delete worker pod").addKeyValue("attempt", attempt).addKeyValue("error", e.getMessage()).log();
        }
    }

    @Override
    public Map<AttemptId, ProcessRef> recover(Set<AttemptId> attempts) {
        requireOpen();
        Map<String, Pod> byAttempt = new HashMap<>();
        for (Pod pod : client.pods().inNamespace(namespace).withLabel(PodNames.JOB_LABEL).list().getItems()) {
            attemptOf(pod).ifPresent(a -> byAttempt.put(a.toString(), pod));
        }
        Map<AttemptId, ProcessRef> found = new HashMap<>();
        for (AttemptId attempt : attempts) {
            WatchedPod known = watched.get(attempt);
            if (known != null && known.isCreated()) {
                found.put(attempt, known.process());
                continue;
            }
            Pod pod = byAttempt.remove(attempt.toString());
            if (pod != null && known == null && PodBinder.unbound(pod) && !binder.bindLeftBehind(attempt, pod)) {
                continue;
            }
            if (pod != null && PodOutcome.of(attempt, pod) instanceof PodOutcome.Going) {
                WatchedPod worker = new WatchedPod(attempt);
                String node = Optional.ofNullable(pod.getSpec().getNodeName()).or(() -> PodBinder.chosenNode(pod)).orElse("");
                worker.created(new ProcessRef(attempt, handle(pod), Optional.empty(), createdAt(pod)), WatchedPod.Requested.of(pod, node));
                if (watched.putIfAbsent(attempt, worker) == null) {
                    found.put(attempt, worker.process());
                    current(attempt).ifPresent(this::consider);
                }
            }
        }
        binder.deleteUnbound(byAttempt.values(), watched::containsKey);
        log.atInfo().setMessage("recovered workers").addKeyValue("requested", attempts.size()).addKeyValue("found", found.size()).log();
        return found;
    }

    /** Each launch is two or three calls to the API server, which mostly wait on the network: many at once. */
    @Override
    public int launchParallelism() {
        return 32;
    }

    /**
     * The worker's pod IP once its pod has one: how the server reaches a running replica (a worker alone has no headless
     * service, and the server need not use the cluster's DNS). Before that, as given to a gang at launch for
     * {@code LEPTON_MASTER_ADDR}, rank 0's name in the gang's headless service.
     */
    @Override
    public String address(AttemptId attempt, String node) {
        Pod pod = pods.getStore().getByKey(namespace + "/" + PodNames.pod(attempt));
        String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip != null && !ip.isBlank() ? ip : PodNames.pod(attempt) + "." + PodNames.service(attempt.jobUid(), attempt.epoch()) + "." + namespace + ".svc";
    }

    @Override
    public Optional<WorkerExit> leftover(AttemptId attempt) {
        if (watched.containsKey(attempt)) {
            return Optional.empty();
        }
        WorkerExit settled = leftovers.get(attempt);
        if (settled != null) {
            return Optional.of(settled);
        }
        Pod pod;
        try {
            pod = client.pods().inNamespace(namespace).withName(PodNames.pod(attempt)).get();
        } catch (KubernetesClientException e) {
            // Only asked for attempts recover() found no running pod for: none runs, and none is counted twice.
            log.atWarn().setMessage("cannot read a leftover pod, taken as gone").addKeyValue("attempt", attempt)
                    .addKeyValue("error", e.getMessage()).log();
            return Optional.empty();
        }
        if (pod == null || !attemptOf(pod).equals(Optional.of(attempt))) {
            return Optional.empty();
        }
        Optional<WorkerExit> exit = switch (PodOutcome.of(attempt, pod)) {
            case PodOutcome.Going going -> Optional.empty();
            case PodOutcome.Ended ended -> Optional.of(ended.exit());
            case PodOutcome.CannotStart cannot -> {
                calls.execute(() -> delete(attempt, 0));
                yield Optional.of(cannot.exit());
            }
        };
        return exit.map(e -> Optional.ofNullable(leftovers.putIfAbsent(attempt, e)).orElse(e));
    }

    // --- the pod informer: one thread delivers its events in order ---

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            consider(pod);
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            consider(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            attemptOf(pod).map(watched::get).filter(WatchedPod::isCreated)
                    .ifPresent(worker -> finish(worker, PodOutcome.gone(worker.attempt(), pod)));
        }
    }

    /** A watched pod's latest state: reported if it ended or can never start. */
    private void consider(Pod pod) {
        Optional<WatchedPod> worker = attemptOf(pod).map(watched::get).filter(WatchedPod::isCreated);
        if (worker.isEmpty()) {
            return;
        }
        AttemptId attempt = worker.get().attempt();
        switch (PodOutcome.of(attempt, pod)) {
            case PodOutcome.Going going -> { }
            case PodOutcome.Ended ended -> finish(worker.get(), ended.exit());
            case PodOutcome.CannotStart cannot -> {
                if (finish(worker.get(), cannot.exit())) {
                    calls.execute(() -> delete(attempt, 0));
                }
            }
        }
    }

    /** Reports the exit, once; true if this call did. */
    private boolean finish(WatchedPod worker, WorkerExit ending) {
        if (closed || !worker.markReported()) {
            return false;
        }
        watched.remove(worker.attempt(), worker);
        // What the metrics API last said it used, where it said anything.
        PodUse use = worker.meter().use();
        WorkerExit exit = use.sampled() ? new WorkerExit(ending.attempt(), ending.exitCode(), use.usage(), ending.reason(), ending.message())
                : ending;
        log.atInfo().setMessage("worker exited").addKeyValue("attempt", exit.attempt())
                .addKeyValue("exitCode", exit.exitCode().map(String::valueOf).orElse("none"))
                .addKeyValue("reason", exit.reason().orElse("none")).addKeyValue("message", exit.message().orElse("")).log();
        Consumer<WorkerExit> target = observer;
        if (target == null) {
            log.atWarn().setMessage("worker exit dropped, no observer registered").addKeyValue("attempt", exit.attempt()).log();
            return true;
        }
        try {
            target.accept(exit);
        } catch (RuntimeException e) {
            log.atError().setMessage("exit observer failed").addKeyValue("attempt", exit.attempt()).setCause(e).log();
        }
        return true;
    }

    private Optional<Pod> current(AttemptId attempt) {
        return Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + PodNames.pod(attempt)));
    }

    /** The attempt a pod runs, from its annotation; empty for a pod that is not a Lepton worker's. */
    static Optional<AttemptId> attemptOf(Pod pod) {
        Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(PodNames.ATTEMPT_ANNOTATION);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AttemptId.parse(text));
        } catch (IllegalArgumentException e) {
            log.atWarn().setMessage("pod with a malformed attempt annotation ignored").addKeyValue("pod", pod.getMetadata().getName())
                    .addKeyValue("annotation", text).log();
            return Optional.empty();
        }
    }

    private String handle(Pod pod) {
        return handle(pod.getMetadata().getName());
    }

    /** How people see the worker: {@code pod NAMESPACE/NAME}. */
    private String handle(String podName) {
        return "pod " + namespace + "/" + podName;
    }

    /** When the API server made the pod, as it says; this server's clock if it says nothing readable. */
    private Instant createdAt(Pod pod) {
        String created = pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
        try {
            return created == null ? clock.instant() : Instant.parse(created);
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    // --- LogAccess and LogFollow ---

    /** A pod the informer does not hold has no log to ask the API server for (none yet, or none any more). */
    @Override
    public Optional<InputStream> openLog(AttemptId attempt, long offset) {
        return current(attempt).isEmpty() ? Optional.empty() : logs.open(attempt, offset);
    }

    @Override
    public OptionalLong logSize(AttemptId attempt) {
        return logs.length(attempt);
    }

    /** The API server's follow: the kubelet passes each write on until the container ends. */
    @Override
    public Optional<InputStream> followLog(AttemptId attempt, long offset) {
        return current(attempt).isEmpty() ? Optional.empty() : logs.follow(attempt, offset);
    }

    // --- UsageSampling and EnergySampling: the metrics API, Prometheus, and the nodes' power models ---

    /** The running workers' CPU time and peak memory by the metrics API ({@link PodSampling}); none where it has none. */
    @Override
    public Map<AttemptId, Usage> sampleUsage() {
        return sampling.usage(created());
    }

    /** The running workers' energy: measured where the cluster's Prometheus has it, modelled otherwise ({@link PodSampling}). */
    @Override
    public Map<AttemptId, WorkerEnergy> sampleEnergy() {
        return sampling.energy(created());
    }

    private List<WatchedPod> created() {
        return watched.values().stream().filter(WatchedPod::isCreated).toList();
    }

    /** A node as the node source's watch holds it, else as the API server said once. */
    private Optional<Node> knownNode(String name) {
        Optional<Node> node = nodes.apply(name);
        if (node.isPresent() || name.isEmpty()) {
            return node;
        }
        try {
            return Optional.ofNullable(fetched.computeIfAbsent(name, n -> client.nodes().withName(n).get()));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    // --- AttemptCleanup: pods and services, by their job's label ---

    /** Deletes the job's pods and services, unless a worker of it still runs. */
    @Override
    public void remove(String jobUid) {
        if (watched.keySet().stream().anyMatch(a -> a.jobUid().equals(jobUid))) {
            log.atWarn().setMessage("job's pods kept: a worker of it still runs").addKeyValue("job", jobUid).log();
            return;
        }
        if (cleanup.remove(jobUid)) {
            logs.forget(jobUid);
        }
    }

    @Override
    public Set<String> jobUids() {
        return cleanup.jobUids();
    }

    /** The kubelet rotates container logs itself ({@code containerLogMaxSize}); there is nothing for Lepton to cut. */
    @Override
    public void capLogs(long maxBytes) {}

    /** Stops watching; pods run on. Deletions already asked for still go out (for a few seconds at most). */
    @Override
    public void close() {
        closed = true;
        pods.close();
        calls.shutdown();
        try {
            if (!calls.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.atWarn().setMessage("pod deletions still under way at close, abandoned").log();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        prometheus.ifPresent(PrometheusEnergy::close);
        log.atInfo().setMessage("executor closed, worker pods left running").addKeyValue("watched", watched.size()).log();
        watched.clear();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("executor is closed");
        }
    }
}
