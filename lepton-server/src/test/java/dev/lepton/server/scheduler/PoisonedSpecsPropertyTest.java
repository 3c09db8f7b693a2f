package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.node.process.LocalExecutorConfig;
import dev.lepton.node.process.LocalProcessExecutor;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs the API refuses, fed straight into the loop as a bug or a future route might let them
 * through, with real worker processes: each job leaves {@code Scheduled} (its launch fails the
 * attempt, or it runs), none stops the loop, and an ordinary job submitted beside them succeeds.
 */
class PoisonedSpecsPropertyTest {
    private static final long SEED = 0x70150;
    private static final int JOBS = 24;
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    /** Each poison, as what it does to an otherwise ordinary job. */
    private static final List<UnaryOperator<TestJobs.Builder>> POISONS = List.of(
            b -> b.env("A", "x\0y"),
            b -> b.command("sh", "-c", "echo \0"),
            b -> b.env("BIG", "x".repeat(200_000)),
            b -> b.command(""),
            b -> b.maxDuration(FOREVER),
            b -> b.maxDuration(FOREVER).checkpointSignal("USR1", FOREVER),
            b -> b.command("false").maxRetries(3).backoff(FOREVER).maxBackoff(FOREVER),
            b -> b.command("false").maxRetries(2).backoff(Duration.ofDays(365_000)).maxBackoff(FOREVER),
            b -> b.command("no-such-program-" + Long.toHexString(SEED)));

    @TempDir
    Path dir;
    Store store;
    LocalProcessExecutor executor;
    SchedulerLoop loop;

    @BeforeEach
    void start() {
        store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")));
        store.write(tx -> tx.queues().insert(dev.lepton.core.queue.Queue.unlimited("default", "", Clock.systemUTC().instant())));
        executor = new LocalProcessExecutor(LocalExecutorConfig.defaults(dir.resolve("attempts")), Clock.systemUTC());
        Node node = TestNodes.node("n1").cpus(64).memory("64GiB").build();
        loop = new SchedulerLoop(store, executor, Placement.standard(), new Cluster(() -> List.of(node)),
                () -> QuotaTree.of(List.of(QueueSpec.unlimited("default")), List.of()), Clock.systemUTC(), new JobWatchers(),
                new SchedulerConfig(Duration.ofSeconds(5), "priority"));
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.close();
        executor.close();
        store.close();
    }

    @Test
    void every_poisoned_job_leaves_scheduled_and_an_ordinary_job_beside_them_succeeds() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> poisoned = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            int poison = i < POISONS.size() ? i : random.nextInt(POISONS.size());
            String name = "poison-" + i + "-kind-" + poison;
            submit(POISONS.get(poison).apply(TestJobs.training().name(name).command("true").cpu("100m").memory("64MiB")).build());
            poisoned.add(name);
        }
        submit(TestJobs.training().name("ordinary").command("true").cpu("100m").memory("64MiB").build());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(phase("ordinary")).isEqualTo(JobPhase.SUCCEEDED);
            for (String name : poisoned) {
                assertThat(phase(name)).as(name + ": " + stored(name).status().message())
                        .isIn(JobPhase.SUCCEEDED, JobPhase.FAILED, JobPhase.QUEUED, JobPhase.RUNNING);
            }
        });
        assertThat(poisoned.stream().map(this::stored).filter(j -> j.phase() == JobPhase.FAILED).map(j -> j.status().message()))
                .as("launches that cannot happen fail with their reason")
                .anyMatch(m -> m.contains("could not be launched"));
    }

    private void submit(Job job) {
        loop.submitted(store.write(tx -> tx.jobs().insert(job)));
    }

    private Job stored(String name) {
        return store.read(tx -> tx.jobs().find("ml", name)).orElseThrow();
    }

    private JobPhase phase(String name) {
        return stored(name).phase();
    }
}
