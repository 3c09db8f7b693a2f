package dev.lepton.kubernetes;

import dev.lepton.core.execution.AttemptId;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Plays every node's kubelet against the {@link MockCluster}, which stores pods but runs nothing: a pod bound
 * to a node (as it is made, or later through its binding subresource) starts (Pending to Running, or waiting on an image it cannot pull), and ends as the test says
 * (an exit code, an OOM kill), or is stopped when deleted: its container ends with 143, as after SIGTERM,
 * and then the pod goes. Also serves each pod's log, and a follow of it as far as it has been written: the mock
 * sends each response whole, so a follow cannot stream here.
 *
 * <p>The mock removes a deleted object at once; a real API server keeps a pod through its grace period until
 * the kubelet has recorded how its containers ended. The kubelet puts a finalizer of its own on each pod it
 * starts so that the mock keeps it too. The executor under test never sees the finalizer (it reads phases,
 * container states and deletions, as on a real cluster).
 */
public final class TestKubelet implements AutoCloseable {
    static final String FINALIZER = "lepton.dev/test-kubelet";
    private static final long WAIT_SECONDS = 10;

    private final MockCluster cluster;
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> pods;
    /** One thread makes every change, in the order asked, so that the kubelet never races itself. */
    private final ExecutorService actions = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("test-kubelet").factory());
    private final Set<String> unpullable = ConcurrentHashMap.newKeySet();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Map<String, StringBuilder> logs = new ConcurrentHashMap<>();
    /** What each attempt's worker does once started, by attempt id; without a plan it runs until the test ends it. */
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    /** What each running worker uses, by attempt id, for the metrics API: CPU in nanocores and memory in KiB, as metrics-server writes them. */
    private final Map<String, long[]> use = new ConcurrentHashMap<>();

    /** The IP every running pod is given: a test that serves a pod's port on this machine gives 127.0.0.1. */
    private volatile String podIp;

    public TestKubelet(MockCluster cluster) {
        this.cluster = cluster;
        this.client = cluster.server().createClient();
        this.pods = client.pods().inNamespace(MockCluster.NAMESPACE).inform(new Events(), 0);
    }

    /** Every pod started from now on gets {@code ip} as its IP, in place of one of 10.0.0.0/24. */
    public TestKubelet podIp(String ip) {
        podIp = ip;
        return this;
    }

    /** What a worker does once it runs: prints {@code output}, then exits with {@code exitCode} or is OOM-killed; or runs on. */
    public record Plan(String output, Optional<Integer> exitCode, boolean oomKilled) {
        public static Plan exits(String output, int code) {
            return new Plan(output, Optional.of(code), false);
        }

        public static Plan runs(String output) {
            return new Plan(output, Optional.empty(), false);
        }

        public static Plan overMemory() {
            return new Plan("", Optional.empty(), true);
        }
    }

    /** The worker of {@code attempt}, once its pod runs, does as {@code plan} says. Give it before the launch. */
    public void plan(AttemptId attempt, Plan plan) {
        plans.put(attempt.toString(), plan);
    }

    /** Pods of this image wait with {@code ErrImagePull}, as for an image the registry does not have. */
    public TestKubelet cannotPull(String image) {
        unpullable.add(image);
        return this;
    }

    /** The worker prints {@code text}, which its pod's log then holds. */
    public void print(AttemptId attempt, String text) {
        run(() -> {
            start(podName(attempt));
            logs.computeIfAbsent(podName(attempt), n -> new StringBuilder()).append(text);
        });
    }

    /** The worker's process exits with {@code code}; its pod ends Succeeded or Failed. */
    public void exit(AttemptId attempt, int code) {
        run(() -> end(podName(attempt), code, code == 0 ? "Completed" : "Error"));
    }

    /** The kernel kills the worker over its memory limit: 137, {@code OOMKilled}. */
    public void oomKill(AttemptId attempt) {
        run(() -> end(podName(attempt), 137, "OOMKilled"));
    }

    /** The pod goes without its container's end being recorded (its node went, and with it the pod). */
    public void vanish(AttemptId attempt) {
        run(() -> {
            String name = podName(attempt);
            pod(name).edit(p -> {
                p.getMetadata().getFinalizers().remove(FINALIZER);
                return p;
            });
            pod(name).withGracePeriod(0).delete();
        });
    }

    /**
     * The attempt's worker uses {@code nanocores} of CPU and {@code kibibytes} of memory, which the cluster's metrics API
     * then reports for its pod, as metrics-server does from the kubelet's figures (the mock gets a metrics API with the
     * first call). May be given before the launch.
     */
    public void uses(AttemptId attempt, long nanocores, long kibibytes) {
        use.put(attempt.toString(), new long[] {nanocores, kibibytes});
        cluster.podMetrics(this::podMetricsList);
    }

    /**
     * The PodMetricsList metrics-server serves for the pods that run and have figures, in its format (metrics-server
     * 0.7: the pod's labels, the request's time as creation time, the scrape's time and window, per container).
     */
    private String podMetricsList() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> items = new ArrayList<>();
        for (Pod pod : pods.getStore().list()) {
            long[] figures = use.get(pod.getMetadata().getAnnotations().getOrDefault("lepton.dev/attempt", ""));
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (figures == null || !started.contains(pod.getMetadata().getName()) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue; // not started, or ended: metrics-server has no figures for it
            }
            String labels = pod.getMetadata().getLabels().entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                    .collect(Collectors.joining(","));
            items.add("""
                    {"metadata":{"name":"%s","namespace":"%s","creationTimestamp":"%s","labels":{%s}},"timestamp":"%s","window":"15.012s",\
                    "containers":[{"name":"worker","usage":{"cpu":"%dn","memory":"%dKi"}}]}""".formatted(pod.getMetadata().getName(),
                    MockCluster.NAMESPACE, now, labels, now, figures[0], figures[1]));
        }
        return "{\"kind\":\"PodMetricsList\",\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"metadata\":{},\"items\":["
                + String.join(",", items) + "]}";
    }

    /** Whether the kubelet has started the attempt's pod. */
    public boolean started(AttemptId attempt) {
        return started.contains(podName(attempt));
    }

    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    private final class Events implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            String name = pod.getMetadata().getName();
            actions.execute(() -> quietly(() -> start(name)));
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            String name = pod.getMetadata().getName();
            if (pod.getMetadata().getDeletionTimestamp() != null && pod.getMetadata().getFinalizers().contains(FINALIZER)) {
                actions.execute(() -> quietly(() -> terminate(name)));
            } else if (before.getSpec().getNodeName() == null && pod.getSpec().getNodeName() != null) {
                actions.execute(() -> quietly(() -> start(name))); // bound now, through the binding subresource
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {}
    }

    /** Pending to Running (or stuck on its image), once. Serves its log from now on. */
    private void start(String name) {
        Pod pod = pod(name).get();
        if (pod == null || pod.getSpec().getNodeName() == null || pod.getMetadata().getDeletionTimestamp() != null || !started.add(name)) {
            return;
        }
        pod(name).edit(p -> {
            p.getMetadata().getFinalizers().add(FINALIZER);
            return p;
        });
        logs.putIfAbsent(name, new StringBuilder());
        cluster.server().expect().get().withPath(logPath(name)).andReply(200, request -> logs.get(name).toString()).always();
        // The mock sends a response whole: a follow gets the log as it is now and ends, where a kubelet keeps it open.
        cluster.server().expect().get().withPath(logPath(name) + "&follow=true").andReply(200, request -> logs.get(name).toString())
                .always();
        String image = pod.getSpec().getContainers().getFirst().getImage();
        if (unpullable.contains(image)) {
            setStatus(name, "Pending", new ContainerStateBuilder().withNewWaiting().withReason("ErrImagePull")
                    .withMessage("rpc error: code = NotFound desc = failed to pull and unpack image \"" + image + "\": not found")
                    .endWaiting().build(), false);
            return;
        }
        setStatus(name, "Running", new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().build(),
                true);
        Plan plan = plans.get(pod.getMetadata().getAnnotations().getOrDefault("lepton.dev/attempt", ""));
        if (plan != null) {
            logs.get(name).append(plan.output());
            if (plan.oomKilled()) {
                end(name, 137, "OOMKilled");
            }
            plan.exitCode().ifPresent(code -> end(name, code, code == 0 ? "Completed" : "Error"));
        }
    }

    private void end(String name, int code, String reason) {
        start(name);
        setStatus(name, code == 0 ? "Succeeded" : "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                .withReason(reason).withFinishedAt(Instant.now().toString()).endTerminated().build(), false);
    }

    /** A deleted pod: its running container gets SIGTERM and ends with 143; then the pod goes. */
    private void terminate(String name) {
        Pod pod = pod(name).get();
        if (pod == null) {
            return;
        }
        boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        if (running) {
            setStatus(name, "Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(143).withReason("Error")
                    .withFinishedAt(Instant.now().toString()).endTerminated().build(), false);
        }
        pod(name).edit(p -> {
            p.getMetadata().getFinalizers().remove(FINALIZER);
            return p;
        });
    }

    private void setStatus(String name, String phase, io.fabric8.kubernetes.api.model.ContainerState state, boolean ready) {
        ContainerStatus container = new ContainerStatusBuilder().withName("worker").withState(state).withReady(ready)
                .withRestartCount(0).withImage(pod(name).get().getSpec().getContainers().getFirst().getImage()).build();
        pod(name).editStatus(p -> {
            if (p.getStatus() == null) {
                p.setStatus(new PodStatus()); // a real API server would have written Pending; the mock writes nothing
            }
            p.getStatus().setPhase(phase);
            p.getStatus().setPodIP(podIp != null ? podIp : "10.0.0." + (Math.abs(name.hashCode()) % 250 + 1));
            p.getStatus().setContainerStatuses(List.of(container));
            return p;
        });
    }

    private PodResource pod(String name) {
        return client.pods().inNamespace(MockCluster.NAMESPACE).withName(name);
    }

    static String logPath(String pod) {
        return "/api/v1/namespaces/" + MockCluster.NAMESPACE + "/pods/" + pod + "/log?container=worker";
    }

    /** The pod name the executor gives an attempt, found by its annotation. */
    private String podName(AttemptId attempt) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            for (Pod pod : pods.getStore().list()) {
                if (attempt.toString().equals(pod.getMetadata().getAnnotations().get("lepton.dev/attempt"))) {
                    return pod.getMetadata().getName();
                }
            }
            sleep();
        }
        throw new AssertionError("no pod for attempt " + attempt + " within " + WAIT_SECONDS + " s");
    }

    private void run(Runnable action) {
        Future<?> done = actions.submit(action);
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the test kubelet failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the test kubelet did not act within " + WAIT_SECONDS + " s", e);
        }
    }

    private void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            synchronized (errors) {
                errors.add(e.toString());
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        pods.close();
        actions.shutdownNow();
        client.close();
    }
}
