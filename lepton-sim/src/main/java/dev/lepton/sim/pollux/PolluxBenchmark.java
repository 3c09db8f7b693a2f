package dev.lepton.sim.pollux;

import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Acceptance B2 as a table: every {@code workload-*.csv} of a folder under each policy on 16 × 4 T4,
 * the mean of the per-workload average JCTs next to the published figure.
 * Usage: {@code PolluxBenchmark <workloads-dir> [load-label] [policy...]}.
 */
public final class PolluxBenchmark {
    /** Published means of per-workload average JCT (s), artifact {@code results-jobload/*}, by load label. */
    private static final Map<String, Map<String, Double>> PUBLISHED = Map.of(
            "0.5", Map.of("pollux", 1534.0, "tiresias", 2091.0, "optimus", 2395.0),
            "1.0", Map.of("pollux", 2751.0, "tiresias", 4038.0, "optimus", 5682.0),
            "1.5", Map.of("pollux", 3685.0, "tiresias", 6182.0, "optimus", 7235.0),
            "2.0", Map.of("pollux", 5289.0, "tiresias", 10040.0, "optimus", 9721.0));

    private PolluxBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PolluxBenchmark <workloads-dir> [load-label] [policy...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String label = args.length > 1 ? args[1] : "1.0";
        List<String> policies = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("tiresias", "tiresias-artifact", "optimus", "default");
        List<Path> workloads = workloads(dir);
        Map<String, Double> published = PUBLISHED.getOrDefault(label, Map.of());
        System.out.printf(Locale.ROOT, "### Pollux setting, %s load (%s, 16 x 4 T4, 60 s rounds)%n%n", label, dir);
        System.out.println("| policy | " + String.join(" | ", workloads.stream().map(w -> w.getFileName().toString().replace(".csv", "")).toList())
                + " | mean (s) | published (s) | diff | p99 JCT, all jobs (s) | wall (s) |");
        System.out.println("|---".repeat(workloads.size() + 6) + "|");
        for (String policy : policies) {
            long started = System.nanoTime();
            List<PolluxRun> runs = runs(workloads, policy, polluxCluster(), ProgressModel.POLLUX);
            double wall = (System.nanoTime() - started) / 1e9;
            double[] averages = runs.stream().mapToDouble(PolluxRun::averageJct).toArray();
            double mean = Arrays.stream(averages).average().orElse(0);
            double[] jcts = runs.stream().flatMap(r -> r.jobs().stream()).mapToDouble(JobResult::jct).sorted().toArray();
            double p99 = jcts[Math.max(0, (int) Math.ceil(0.99 * jcts.length) - 1)];
            Double pub = published.get(policy.equals("las") || policy.equals(PolluxPolicies.TIRESIAS_ARTIFACT) ? "tiresias" : policy);
            StringBuilder row = new StringBuilder("| " + policy + " |");
            for (double a : averages) {
                row.append(String.format(Locale.ROOT, " %.0f |", a));
            }
            row.append(String.format(Locale.ROOT, " **%.1f** | %s | %s |", mean, pub == null ? "–" : String.format(Locale.ROOT, "%.0f", pub),
                    pub == null ? "–" : String.format(Locale.ROOT, "%+.1f%%", 100 * (mean - pub) / pub)));
            row.append(String.format(Locale.ROOT, " %.0f | %.2f |", p99, wall));
            System.out.println(row);
        }
        if (published.containsKey("pollux")) {
            System.out.printf(Locale.ROOT, "| pollux (published, not simulated) | %s **%.0f** | %.0f | | | |%n", "– |".repeat(workloads.size()),
                    published.get("pollux"), published.get("pollux"));
        }
    }

    /** The mean over {@code workloads} of per-workload average JCT under {@code policy}, workloads run in parallel. */
    public static double meanAverageJct(Path workloadsDir, String policy) {
        return runs(workloads(workloadsDir), policy, polluxCluster(), ProgressModel.POLLUX).stream().mapToDouble(PolluxRun::averageJct).average().orElse(0);
    }

    /** Each of {@code workloads} under {@code policy}, in parallel, in the order given. */
    static List<PolluxRun> runs(List<Path> workloads, String policy, ClusterSpec cluster, ProgressModel model) {
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(workloads.size(), Runtime.getRuntime().availableProcessors()))) {
            List<Future<PolluxRun>> runs = new ArrayList<>();
            for (Path w : workloads) {
                runs.add(pool.submit(() -> PolluxSimulation.run(w, null, cluster, policy, 1.0, 0, model, line -> {})));
            }
            List<PolluxRun> done = new ArrayList<>();
            for (Future<PolluxRun> run : runs) {
                done.add(run.get());
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a workload failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The artifact's cluster: 16 nodes of 4 T4 GPUs (g4dn.12xlarge: 48 vCPU, 192 GiB). */
    public static ClusterSpec polluxCluster() {
        return new ClusterSpec(List.of(new ClusterSpec.NodeGroup(16, 4, "T4", 48_000, 192L << 30)));
    }

    static List<Path> workloads(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("workload-\\d+\\.csv"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException(dir + ": no workload-N.csv files");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
