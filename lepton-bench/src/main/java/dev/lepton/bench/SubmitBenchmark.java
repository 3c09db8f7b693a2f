package dev.lepton.bench;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.LeptonClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Against a running server: (1) time from submission to completion of a trivial job ({@code true})
 * on an idle node; (2) durable job submissions per second through the HTTP API from one client,
 * sequentially. (Many concurrent clients are measured with wrk, which costs the 2 cores less than a
 * JVM client would: see bench/lepton-submit.sh.)
 *
 * <p>Usage: {@code SubmitBenchmark URL TOKEN [submissions] [latencyRuns]}
 */
public final class SubmitBenchmark {
    private SubmitBenchmark() {}

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String token = args[1];
        int submissions = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int latencyRuns = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        LeptonClient client = new LeptonClient(server, Optional.of(token));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        List<Double> latencies = latency(client, run, latencyRuns);
        submit(client, run + "-w", submissions, 1);
        double sequential = submit(client, run + "-s", submissions, 1);

        latencies.sort(Double::compare);
        System.out.printf(Locale.ROOT, "| durable submissions/s, 1 client | %.0f |%n", sequential);
        System.out.printf(Locale.ROOT, "| submission → completion of `true`, idle node (min / median / p95 / max, %d runs) | %.3f / %.3f / %.3f / %.3f s |%n",
                latencies.size(), latencies.getFirst(), percentile(latencies, 0.5), percentile(latencies, 0.95), latencies.getLast());
        System.out.printf(Locale.ROOT, "{\"sequential_per_s\":%.1f,\"latency_s\":{\"min\":%.4f,\"median\":%.4f,\"p95\":%.4f,\"max\":%.4f}}%n",
                sequential, latencies.getFirst(), percentile(latencies, 0.5), percentile(latencies, 0.95), latencies.getLast());
    }

    /** Each run: submit, then block on the server's wait endpoint until the job has ended. */
    private static List<Double> latency(LeptonClient client, String run, int runs) {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs + 3; i++) {
            long start = System.nanoTime();
            String name = "lat-" + run + "-" + i;
            client.createJob(job(name), false, Optional.empty());
            ApiJob done = client.waitForJob("default", name, Duration.ofSeconds(30));
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (!done.status().phase().equals("Succeeded")) {
                throw new IllegalStateException(name + " ended " + done.status().phase() + ": " + done.status().message());
            }
            if (i >= 3) {
                seconds.add(elapsed);
            }
        }
        return seconds;
    }

    private static double submit(LeptonClient client, String run, int count, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        client.createJob(job("sub-" + run + "-" + i), false, Optional.empty());
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** A trivial job: one worker running {@code true}, asking for little so many fit at once. */
    private static ApiJob job(String name) {
        return ApiJob.of(ObjectMeta.named(name, null),
                new ApiJobSpec(List.of("true"), null, null, new ApiResources("100m", "16MiB", null), null, null, null, null, null, null, null, null));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
