package dev.lepton.sim.pollux;

import dev.lepton.sim.ClusterFile;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Sia setting as a table: every {@code workload-*.csv} of each trace folder ({@code philly},
 * {@code saturn}, {@code newtrace}) under each policy on a cluster file, with Sia's calibration, next
 * to what the Sia paper reports for its own schedulers in that setting (they resize jobs and choose
 * GPU types; they are context, not a reproduction).
 * Usage: {@code SiaBenchmark <sia-workloads-dir> <cluster.yaml> <setting> [policy...]}, where
 * {@code setting} is a setting of {@code published-results/sia_sosp23_tables.csv}
 * ({@code heterogeneous-64gpu}, {@code homogeneous-64xT4}).
 */
public final class SiaBenchmark {
    private SiaBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: SiaBenchmark <sia-workloads-dir> <cluster.yaml> <setting> [policy...]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        ClusterSpec cluster = ClusterFile.load(Path.of(args[1]));
        String setting = args[2];
        List<String> policies = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("fifo", "tiresias", "default");
        List<String> published = Files.readAllLines(root.resolve("published-results/sia_sosp23_tables.csv"));
        for (String trace : List.of("philly", "saturn", "newtrace")) {
            Path dir = root.resolve("workloads").resolve(trace);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> workloads = PolluxBenchmark.workloads(dir);
            System.out.printf(Locale.ROOT, "### Sia setting: %s, %s (%s, %d workloads, 60 s rounds)%n%n", trace, setting, describe(cluster),
                    workloads.size());
            System.out.println("| policy | avg JCT (h) | p99 JCT (h) | makespan (h) | wall (s) |");
            System.out.println("|---|---|---|---|---|");
            for (String policy : policies) {
                long started = System.nanoTime();
                List<Summary> summaries = PolluxBenchmark.runs(workloads, policy, cluster, ProgressModel.SIA).stream()
                        .map(run -> Summary.of(run.jobs(), run.busyGpuSeconds(), cluster.totalGpus())).toList();
                double wall = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "| %s | **%.2f** | %.1f | %.1f | %.1f |%n", policy,
                        mean(summaries.stream().mapToDouble(Summary::avgJct).toArray()) / 3600,
                        mean(summaries.stream().mapToDouble(Summary::p99Jct).toArray()) / 3600,
                        mean(summaries.stream().mapToDouble(Summary::makespan).toArray()) / 3600, wall);
            }
            for (String line : published) {
                String[] f = line.split(",", -1);
                if (f.length > 7 && f[1].equals(setting) && f[2].replace("helios(saturn)", "saturn").equalsIgnoreCase(trace)) {
                    System.out.printf(Locale.ROOT, "| %s (published, Sia Table %s) | %s | %s | %s | |%n", f[3], f[0], f[4], f[6], f[7]);
                }
            }
            System.out.println();
        }
    }

    private static String describe(ClusterSpec cluster) {
        return String.join(" + ", cluster.groups().stream().map(g -> g.count() + " x " + g.gpus() + " " + g.gpuModel()).toList());
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(0);
    }
}
