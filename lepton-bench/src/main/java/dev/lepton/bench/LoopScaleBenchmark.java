package dev.lepton.bench;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.server.scheduler.Cluster;
import dev.lepton.server.scheduler.JobWatchers;
import dev.lepton.server.scheduler.SchedulerConfig;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.FakeExecutor;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * The server's side of binding at cluster scale, without an API server: the scheduler loop on a real
 * SQLite store (durable commits), {@code nodes} nodes of 8 GPUs and {@code jobs} one-GPU jobs waiting in a
 * queue whose GPU quota is 0; the quota is raised and the benchmark times until every job runs. The executor
 * launches nothing (each launch returns at once), so what is measured is placement, the commits of each
 * attempt and of its workers' start, and the loop's bookkeeping: the ceiling of the end-to-end figure. Then, with
 * them all running, one ends at a time while more wait: each ending's turn, through to its successor's launch.
 *
 * <p>Usage: {@code LoopScaleBenchmark [nodes] [jobs]} (defaults 5000, 10000).
 */
public final class LoopScaleBenchmark {
    /** How many jobs end, one at a time, in the churn phase. */
    private static final int CHURN = 500;

    private LoopScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("lepton-loop-scale");
        Clock clock = Clock.systemUTC();
        FakeExecutor executor = new FakeExecutor(clock);
        List<Node> cluster = IntStream.range(0, nodes).mapToObj(i -> TestNodes.node(String.format(Locale.ROOT, "node-%05d", i)).cpus(128)
                .memory("1TiB").gpus(8, "H100").build()).toList();
        AtomicReference<QuotaTree> quotas = new AtomicReference<>(quotas(0));
        try (Store store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")))) {
            store.write(tx -> tx.queues().insert(Queue.unlimited("scale", "", clock.instant())));
            SchedulerLoop loop = new SchedulerLoop(store, executor, Placement.standard(), new Cluster(() -> cluster), quotas::get, clock,
                    new JobWatchers(), SchedulerConfig.DEFAULTS);
            loop.start();
            for (int i = 0; i < jobs; i++) {
                Job job = TestJobs.training().name("j" + i).seq(i + 1).queue("scale").cpu("1").memory("4GiB").gpus(1).build();
                loop.submitted(store.write(tx -> tx.jobs().insert(job)));
            }
            loop.positionOf(store.read(tx -> tx.jobs().find("ml", "j0")).orElseThrow()).get(); // every submission seen
            long start = System.nanoTime();
            quotas.set(quotas(jobs));
            loop.wake();
            while (executor.launches().size() < jobs) {
                Thread.sleep(20);
            }
            double launched = (System.nanoTime() - start) / 1e9;
            while (store.read(tx -> tx.jobs().active()).stream().filter(j -> j.phase() == JobPhase.RUNNING).count() < jobs) {
                Thread.sleep(20);
            }
            double running = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%,d one-GPU jobs on %,d nodes of 8 GPUs: all launched after %.2f s (%.0f/s), all stored running "
                    + "after %.2f s (%.0f/s)%n", jobs, nodes, launched, jobs / launched, running, jobs / running);
            churn(store, executor, loop, jobs);
            loop.close();
        }
    }

    /**
     * The loop's turn with that many jobs running: more jobs wait behind the queue's quota, which the running ones use
     * up; one running job ends at a time, and the time until its successor is launched is one turn's work (the exit
     * stored, a plan over every node and running job, the new attempt stored). Prints the median and 99th percentile.
     */
    private static void churn(Store store, FakeExecutor executor, SchedulerLoop loop, int jobs) throws Exception {
        int turns = Math.min(CHURN, jobs);
        for (int i = 0; i < turns; i++) {
            Job job = TestJobs.training().name("w" + i).seq(jobs + i + 1).queue("scale").cpu("1").memory("4GiB").gpus(1).build();
            loop.submitted(store.write(tx -> tx.jobs().insert(job)));
        }
        loop.positionOf(store.read(tx -> tx.jobs().find("ml", "w0")).orElseThrow()).get();
        List<AttemptId> first = executor.launches().stream().limit(turns).map(LaunchSpec::attempt).toList();
        long[] nanos = new long[turns];
        for (int i = 0; i < turns; i++) {
            long start = System.nanoTime();
            executor.finish(first.get(i), 0);
            while (executor.launchCount() < jobs + i + 1) {
                LockSupport.parkNanos(20_000);
            }
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "with %,d jobs running: one ending to its successor's launch, median %.2f ms, p99 %.2f ms (%d turns)%n",
                jobs, nanos[turns / 2] / 1e6, nanos[turns * 99 / 100] / 1e6, turns);
    }

    private static QuotaTree quotas(int gpus) {
        return QuotaTree.of(List.of(new QueueSpec("scale", Optional.empty(), new Quota(Map.of(Quota.GPU, (long) gpus)), Optional.empty())),
                List.of());
    }
}
