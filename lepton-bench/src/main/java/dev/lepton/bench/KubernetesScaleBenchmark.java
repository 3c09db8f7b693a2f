package dev.lepton.bench;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ApiQueueSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.LeptonClient;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.MockCluster;
import dev.lepton.server.ExecutorChoice;
import dev.lepton.server.ServerAssembly;
import dev.lepton.server.ServerConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The server at cluster scale, end to end: fabric8's mock API server (CRUD) holding {@code nodes} Kubernetes
 * nodes of 8 GPUs, the server in this JVM with {@code --executor kubernetes}, and {@code jobs} one-GPU jobs
 * waiting in a queue whose GPU quota is 0. The quota is then raised, and the benchmark counts pods as the mock
 * stores them, bound to their nodes ({@code spec.nodeName}): each is a placement, a durable commit and the
 * API calls that create it. Prints the pods/s from the quota change to the last pod, and a timeline.
 *
 * <p>Usage: {@code KubernetesScaleBenchmark [nodes] [jobs]} (defaults 5000, 10000); bench/k8s-scale.sh runs it.
 */
public final class KubernetesScaleBenchmark {
    private static final int GPUS_PER_NODE = 8;

    private KubernetesScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        boolean ceiling = args.length > 2 && args[2].equals("--mock-only");
        Path home = Files.createTempDirectory("lepton-k8s-scale");
        try (MockCluster cluster = new MockCluster()) {
            long start = System.nanoTime();
            parallel(nodes, i -> cluster.add(ClusterNodes.node(String.format(Locale.ROOT, "node-%05d", i)).cpu("128").memory("1Ti")
                    .gpus(GPUS_PER_NODE, "NVIDIA-H100-80GB-HBM3", 81_559).build()));
            System.err.printf(Locale.ROOT, "k8s-scale: %,d nodes in the mock API server in %.1f s%n", nodes, seconds(start));
            if (ceiling) {
                mockOnly(cluster, nodes, jobs);
                return;
            }

            PodCount pods = new PodCount(cluster);
            ExecutorChoice kubernetes = new ExecutorChoice(ExecutorChoice.Kind.KUBERNETES, Optional.empty(),
                    Optional.of(cluster.kubeconfig(home)), Optional.empty());
            try (ServerAssembly server = new ServerAssembly(ServerConfig.defaults(home.resolve("server")).withPort(0).withExecutor(kubernetes),
                    Clock.systemUTC())) {
                LeptonClient client = new LeptonClient(URI.create(server.url()), Optional.of(token(home.resolve("server"))));
                start = System.nanoTime();
                while (client.nodes().size() < nodes) {
                    Thread.sleep(200);
                }
                System.err.printf(Locale.ROOT, "k8s-scale: the server lists them after %.1f s%n", seconds(start));

                client.applyQueue(queue(0), false);
                start = System.nanoTime();
                parallel(jobs, i -> client.createJob(job(i), false, Optional.empty()));
                System.err.printf(Locale.ROOT, "k8s-scale: %,d one-GPU jobs waiting, submitted in %.1f s%n", jobs, seconds(start));

                long released = System.nanoTime();
                client.applyQueue(queue(jobs), false);
                List<String> timeline = new ArrayList<>();
                int seen = 0;
                while (pods.bound() < jobs) {
                    Thread.sleep(1_000);
                    int now = pods.bound();
                    timeline.add(String.format(Locale.ROOT, "| %.0f | %,d | %,d |", seconds(released), now, now - seen));
                    seen = now;
                    if (seconds(released) > 600) {
                        throw new IllegalStateException("only " + now + " of " + jobs + " pods after 10 minutes");
                    }
                }
                double elapsed = (pods.lastAt() - released) / 1e9;
                double first = (pods.firstAt() - released) / 1e9;
                System.out.println("| seconds since the quota allowed them | pods bound | in that second |");
                System.out.println("|---|---|---|");
                timeline.forEach(System.out::println);
                System.out.printf(Locale.ROOT, "%n%,d pods bound on %,d nodes in %.2f s: %.0f pods/s end to end (first pod after %.2f s)%n",
                        jobs, nodes, elapsed, jobs / elapsed, first);
                System.out.printf(Locale.ROOT, "{\"nodes\":%d,\"jobs\":%d,\"seconds\":%.3f,\"pods_per_s\":%.1f,\"first_pod_s\":%.3f}%n",
                        nodes, jobs, elapsed, jobs / elapsed, first);
            }
            pods.close();
        }
    }

    /** The mock's own ceiling: the same number of bound pods created straight through the client, 16 at a time, no Lepton. */
    private static void mockOnly(MockCluster cluster, int nodes, int pods) throws Exception {
        long start = System.nanoTime();
        parallel(pods, i -> cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("p" + i).addToLabels("lepton.dev/job-uid", "u" + i).endMetadata()
                .withNewSpec().withNodeName(String.format(Locale.ROOT, "node-%05d", i % nodes)).addNewContainer().withName("worker")
                .withImage("pytorch/pytorch:2.5.1").withCommand("python", "train.py").endContainer().endSpec().build()).create());
        double elapsed = seconds(start);
        System.out.printf(Locale.ROOT, "mock API server alone: %,d pods created on %,d nodes in %.2f s: %.0f pods/s%n", pods, nodes, elapsed,
                pods / elapsed);
    }

    private static ApiQueue queue(int gpus) {
        return new ApiQueue("Queue", null, ObjectMeta.named("scale", null), new ApiQueueSpec("", null, Map.of("nvidia.com/gpu",
                Integer.toString(gpus)), null), null);
    }

    private static ApiJob job(int i) {
        return ApiJob.of(ObjectMeta.named("j" + i, null), new ApiJobSpec(List.of("python", "train.py"), null, null,
                new ApiResources("1", "4Gi", 1), 1, "scale", null, null, null, null, null, null).withImage("pytorch/pytorch:2.5.1"));
    }

    private static String token(Path home) throws Exception {
        return Files.readAllLines(home.resolve("credentials")).stream().filter(l -> l.startsWith("token=")).map(l -> l.substring(6))
                .findFirst().orElseThrow();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** {@code action} for 0 … n−1 on 16 threads; the first failure fails the run. */
    private static void parallel(int n, java.util.function.IntConsumer action) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = IntStream.range(0, n).mapToObj(i -> threads.submit(() -> action.accept(i))).<Future<?>>map(f -> f).toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    /** Pods as the API server stores them, counted once each when first seen bound to a node. */
    private static final class PodCount implements AutoCloseable {
        private final SharedIndexInformer<Pod> informer;
        private final AtomicInteger bound = new AtomicInteger();
        private volatile long firstAt;
        private volatile long lastAt;

        PodCount(MockCluster cluster) {
            informer = cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    if (pod.getSpec().getNodeName() != null) {
                        long now = System.nanoTime();
                        if (bound.getAndIncrement() == 0) {
                            firstAt = now;
                        }
                        lastAt = now;
                    }
                }

                @Override
                public void onUpdate(Pod before, Pod pod) {}

                @Override
                public void onDelete(Pod pod, boolean finalStateUnknown) {}
            }, 0);
        }

        int bound() {
            return bound.get();
        }

        long firstAt() {
            return firstAt;
        }

        long lastAt() {
            return lastAt;
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}
