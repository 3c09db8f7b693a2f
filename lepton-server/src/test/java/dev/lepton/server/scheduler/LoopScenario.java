package dev.lepton.server.scheduler;

import static org.awaitility.Awaitility.await;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The scheduler loop on simulated time, for scenario tests: a real SQLite store, a fake executor
 * whose workers run until told to end, and a clock that moves only when a test moves it.
 */
final class LoopScenario implements AutoCloseable {
    final Store store;
    final FakeClock clock = new FakeClock();
    final FakeExecutor executor = new FakeExecutor(clock);
    private SchedulerLoop loop;

    LoopScenario(Path dir) {
        store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")));
        store.write(tx -> tx.queues().insert(dev.lepton.core.queue.Queue.unlimited("default", "", clock.instant())));
    }

    /** Starts the loop over one node; jobs stored before are recovered as a restart would. */
    SchedulerLoop start(Node node, QuotaTree quotas, String policy) {
        return start(List.of(node), quotas, policy);
    }

    SchedulerLoop start(List<Node> nodes, QuotaTree quotas, String policy) {
        return start(nodes, quotas, new SchedulerConfig(Duration.ofSeconds(5), policy));
    }

    SchedulerLoop start(List<Node> nodes, QuotaTree quotas, SchedulerConfig config) {
        return start(() -> nodes, quotas, config);
    }

    /** Over nodes that change: as a node source does, {@code nodes} answers a new list after each change. */
    SchedulerLoop start(java.util.function.Supplier<List<Node>> nodes, QuotaTree quotas, SchedulerConfig config) {
        loop = new SchedulerLoop(store, executor, Placement.standard(), new Cluster(nodes), () -> quotas, clock,
                new JobWatchers(), config);
        loop.start();
        return loop;
    }

    SchedulerLoop loop() {
        return loop;
    }

    /** Stops the loop as a server stop would, leaving the store and the workers; {@link #start} again to restart. */
    void stopLoop() {
        loop.close();
        loop = null;
    }

    /** Stores a job without telling the loop: before {@link #start}, so that one turn sees them all. */
    Job insert(Job job) {
        return store.write(tx -> tx.jobs().insert(job));
    }

    Job submit(Job job) {
        Job stored = insert(job);
        loop.submitted(stored);
        return stored;
    }

    Job stored(String name) {
        return store.read(tx -> tx.jobs().find("ml", name)).orElseThrow();
    }

    List<Job> jobs() {
        return store.read(tx -> tx.jobs().active());
    }

    /** Names of the active jobs that match, sorted. */
    List<String> names(Predicate<Job> which) {
        return jobs().stream().filter(which).map(Job::name).sorted().toList();
    }

    void awaitPhase(String name, JobPhase phase) {
        awaitThat(name + " is " + phase, () -> stored(name).phase() == phase);
    }

    void awaitThat(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().alias(what).atMost(Duration.ofSeconds(10)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            jobs().forEach(j -> System.err.println("at timeout: " + j.name() + " " + j.phase() + " queue=" + j.spec().queue()
                    + " prio=" + j.spec().priority() + ": " + j.status().message()));
            System.err.println("at timeout: launches " + executor.launches().size() + " stops " + executor.stops());
            throw e;
        }
    }

    void wake() {
        loop.wake();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        store.close();
    }
}
