package dev.lepton.bench;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.server.scheduler.Cluster;
import dev.lepton.server.scheduler.JobWatchers;
import dev.lepton.server.scheduler.SchedulerConfig;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.server.usage.LiveUsage;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeExecutor;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The scheduler loop's memory while jobs merely run: N running jobs of W workers each (with a
 * {@code maxDuration}, so each has a timer), their usage sampled every 2 s of simulated time for an
 * hour, the loop woken after every sample. Prints the heap in use after a full GC every 10 simulated
 * minutes: flat when the loop keeps one timer per job, growing when every sample adds timers.
 *
 * <p>Usage: {@code LoopMemoryBenchmark [jobs] [workers] [hours]} (default 500, 2, 1).
 */
public final class LoopMemoryBenchmark {
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);

    private LoopMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        double hours = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        Path dir = Files.createTempDirectory("lepton-loop-memory");
        FakeClock clock = new FakeClock();
        FakeExecutor executor = new FakeExecutor(clock);
        try (Store store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")))) {
            store.write(tx -> tx.queues().insert(Queue.unlimited(Queue.DEFAULT, "", clock.instant())));
            Node node = TestNodes.node("n1").cpus(jobs * workers + 8).memory((jobs * workers + 8) + "GiB").build();
            QuotaTree quotas = QuotaTree.of(List.of(QueueSpec.unlimited(Queue.DEFAULT)), List.of());
            SchedulerLoop loop = new SchedulerLoop(store, executor, Placement.standard(), new Cluster(() -> List.of(node)), () -> quotas,
                    clock, new JobWatchers(), SchedulerConfig.DEFAULTS);
            LiveUsage usage = new LiveUsage(store, clock, LiveUsage.PERSIST_EVERY);
            loop.start();
            for (int i = 0; i < jobs; i++) {
                Job job = TestJobs.training().name("run-" + i).seq(i + 1).workers(workers).cpu("1").memory("1GiB")
                        .maxDuration(Duration.ofHours((long) Math.ceil(hours) + 1)).build();
                loop.submitted(store.write(tx -> tx.jobs().insert(job)));
            }
            while (store.read(tx -> tx.jobs().active()).stream().filter(j -> j.phase() == JobPhase.RUNNING).count() < jobs) {
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "%d running jobs of %d workers; usage sampled every %ds of simulated time%n", jobs, workers,
                    SAMPLE_EVERY.toSeconds());
            System.out.println("| simulated time | samples | heap in use after GC |");
            System.out.println("|---|---|---|");
            long steps = (long) (hours * 3600 / SAMPLE_EVERY.toSeconds());
            long every = 600 / SAMPLE_EVERY.toSeconds();
            report(0, 0);
            for (long step = 1; step <= steps; step++) {
                clock.advance(SAMPLE_EVERY);
                usage.record(executor.sampleUsage());
                loop.wake();
                if (step % every == 0) {
                    loop.positionOf(store.read(tx -> tx.jobs().find("ml", "run-0")).orElseThrow()).get(); // the loop has caught up
                    report(step * SAMPLE_EVERY.toSeconds(), step);
                }
            }
            loop.close();
        }
    }

    private static void report(long seconds, long samples) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "| %d min | %,d | %.1f MiB |%n", seconds / 60, samples, used / (1024.0 * 1024.0));
    }
}
