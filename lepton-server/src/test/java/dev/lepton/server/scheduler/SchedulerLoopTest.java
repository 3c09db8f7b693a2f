package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.WorkerState;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeExecutor;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler loop on simulated time with a fake executor and a real SQLite store: gangs,
 * retries with back-off, and what a restart finds.
 */
class SchedulerLoopTest {
    static final Node NODE = TestNodes.node("n1").cpus(8).memory("32GiB").build();

    @TempDir
    Path dir;
    LoopScenario scenario;
    FakeClock clock;
    FakeExecutor executor;
    SchedulerLoop loop;

    @BeforeEach
    void open() {
        scenario = new LoopScenario(dir);
        clock = scenario.clock;
        executor = scenario.executor;
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    void startLoop() {
        loop = scenario.start(NODE, dev.lepton.core.quota.QuotaTree.of(List.of(dev.lepton.core.quota.QueueSpec.unlimited("default")), List.of()), "priority");
    }

    Job submit(Job job) {
        return scenario.submit(job);
    }

    Job stored(String name) {
        return scenario.stored(name);
    }

    void awaitPhase(String name, JobPhase phase) {
        scenario.awaitPhase(name, phase);
    }

    /** The loop on the nodes {@code nodes} holds (a test changes them as a source would), workers ending with 143 when stopped. */
    private void startOn(java.util.concurrent.atomic.AtomicReference<List<Node>> nodes) {
        loop = scenario.start(nodes::get, dev.lepton.core.quota.QuotaTree.of(List.of(dev.lepton.core.quota.QueueSpec.unlimited("default")),
                List.of()), new SchedulerConfig(Duration.ofSeconds(5), "priority"));
        executor.exitOnStop(143);
    }

    @Test
    void a_gang_across_nodes_meets_at_the_address_its_executor_gives_for_rank_0() {
        loop = scenario.start(List.of(TestNodes.node("n1").cpus(4).memory("32GiB").build(), TestNodes.node("n2").cpus(4).memory("32GiB").build()),
                dev.lepton.core.quota.QuotaTree.of(List.of(dev.lepton.core.quota.QueueSpec.unlimited("default")), List.of()), "priority");
        submit(TestJobs.training().name("wide").workers(2).cpu("3").build());
        awaitPhase("wide", JobPhase.RUNNING);

        String rank0 = stored("wide").status().workers().getFirst().node();
        assertThat(executor.launches()).extracting(l -> l.node()).containsExactlyInAnyOrder("n1", "n2");
        // The fake executor answers a node's own name, as a cluster's DNS would resolve it; never this machine's loopback.
        assertThat(executor.launches()).allSatisfy(l -> {
            assertThat(l.env()).containsEntry("LEPTON_MASTER_ADDR", rank0);
            assertThat(l.env()).containsEntry("MASTER_ADDR", rank0);
        });

        // A worker alone is its own rank 0, on its loopback wherever it runs: a cluster need make no name for it.
        submit(TestJobs.training().name("alone").cpu("1").build());
        awaitPhase("alone", JobPhase.RUNNING);
        assertThat(executor.launches()).filteredOn(l -> l.attempt().jobUid().equals(stored("alone").uid())).singleElement()
                .satisfies(l -> assertThat(l.env()).containsEntry("LEPTON_MASTER_ADDR", "127.0.0.1"));
    }

    @Test
    void a_node_leaving_the_cluster_mid_gang_loses_its_workers_stops_the_rest_and_the_job_runs_again_elsewhere() {
        Node n1 = TestNodes.node("n1").cpus(4).memory("32GiB").build();
        Node n2 = TestNodes.node("n2").cpus(4).memory("32GiB").build();
        java.util.concurrent.atomic.AtomicReference<List<Node>> nodes = new java.util.concurrent.atomic.AtomicReference<>(List.of(n1, n2));
        startOn(nodes);
        Job job = submit(TestJobs.training().name("wide").workers(2).cpu("3").maxRetries(1).backoff(Duration.ofSeconds(1)).build());
        awaitPhase("wide", JobPhase.RUNNING);
        int onN2 = stored("wide").status().workers().stream().filter(w -> w.node().equals("n2")).findFirst().orElseThrow().rank();

        nodes.set(List.of(n1));
        loop.wake();

        awaitPhase("wide", JobPhase.QUEUED);
        Job lost = stored("wide");
        assertThat(lost.status().workers()).extracting(w -> w.rank() == onN2 ? w.state() == WorkerState.LOST : w.state() == WorkerState.KILLED)
                .containsOnly(true);
        assertThat(lost.status().message()).contains("its node n2 left the cluster");
        assertThat(executor.stops()).as("the rest of the gang, and the lost worker's remains").containsExactlyInAnyOrder(
                new AttemptId(job.uid(), 1, 0), new AttemptId(job.uid(), 1, 1));

        Node n3 = TestNodes.node("n3").cpus(4).memory("32GiB").build();
        nodes.set(List.of(n1, n3));
        clock.advance(Duration.ofSeconds(1));
        loop.wake();
        awaitPhase("wide", JobPhase.RUNNING);
        assertThat(stored("wide").status().epoch()).isEqualTo(2);
        assertThat(stored("wide").status().workers()).extracting(w -> w.node()).containsExactlyInAnyOrder("n1", "n3");
    }

    @Test
    void a_node_going_down_mid_gang_loses_its_workers_while_one_merely_unschedulable_keeps_them() {
        Node n1 = TestNodes.node("n1").cpus(4).memory("32GiB").build();
        Node n2 = TestNodes.node("n2").cpus(4).memory("32GiB").build();
        Node n3 = TestNodes.node("n3").cpus(4).memory("32GiB").build();
        java.util.concurrent.atomic.AtomicReference<List<Node>> nodes = new java.util.concurrent.atomic.AtomicReference<>(List.of(n1, n2));
        startOn(nodes);
        Job job = submit(TestJobs.training().name("wide").workers(2).cpu("3").maxRetries(1).backoff(Duration.ofSeconds(1)).build());
        awaitPhase("wide", JobPhase.RUNNING);

        // Cordoned (or under pressure): it takes nothing new, and what runs there goes on.
        nodes.set(List.of(n1, n2.withCondition(NodeCondition.UNSCHEDULABLE), n3));
        loop.wake();
        submit(TestJobs.training().name("next").cpu("3").build());
        awaitPhase("next", JobPhase.RUNNING);
        assertThat(stored("next").status().workers().getFirst().node()).isEqualTo("n3");
        assertThat(stored("wide").phase()).isEqualTo(JobPhase.RUNNING);
        assertThat(executor.stops()).isEmpty();

        // NotReady: what ran there is lost, the rest of the gang stopped, and the job waits for room elsewhere.
        nodes.set(List.of(n1, n2.withCondition(NodeCondition.DOWN), n3));
        loop.wake();
        awaitPhase("wide", JobPhase.QUEUED);
        Job lost = stored("wide");
        int onN2 = lost.status().workers().stream().filter(w -> w.node().equals("n2")).findFirst().orElseThrow().rank();
        assertThat(lost.status().workers()).extracting(w -> w.rank() == onN2 ? w.state() == WorkerState.LOST : w.state() == WorkerState.KILLED)
                .containsOnly(true);
        assertThat(lost.status().message()).contains("its node n2 is down");
        assertThat(executor.stops()).containsExactlyInAnyOrder(new AttemptId(job.uid(), 1, 0), new AttemptId(job.uid(), 1, 1));

        executor.finish(new AttemptId(stored("next").uid(), 1, 0), 0);
        clock.advance(Duration.ofSeconds(1));
        loop.wake();
        awaitPhase("wide", JobPhase.RUNNING);
        assertThat(stored("wide").status().workers()).extracting(w -> w.node()).containsExactlyInAnyOrder("n1", "n3");
    }

    @Test
    void a_drained_node_moves_its_work_elsewhere_as_a_preemption_not_a_failure() {
        Node n1 = TestNodes.node("n1").cpus(4).memory("32GiB").build();
        Node n2 = TestNodes.node("n2").cpus(4).memory("32GiB").build();
        java.util.concurrent.atomic.AtomicReference<List<Node>> nodes = new java.util.concurrent.atomic.AtomicReference<>(List.of(n1, n2));
        startOn(nodes);
        Job job = submit(TestJobs.training().name("solo").cpu("3").maxRetries(0).build());
        awaitPhase("solo", JobPhase.RUNNING);
        String first = stored("solo").status().workers().getFirst().node();
        Node drained = (first.equals("n1") ? n1 : n2).withCondition(NodeCondition.DRAINING);

        nodes.set(first.equals("n1") ? List.of(drained, n2) : List.of(n1, drained));
        loop.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> stored("solo").status().epoch() == 2 && stored("solo").phase() == JobPhase.RUNNING);
        Job moved = stored("solo");
        assertThat(moved.status().workers().getFirst().node()).isNotEqualTo(first);
        assertThat(moved.status().failures()).as("a drain is no failure: a job with no retries left runs again").isZero();
        assertThat(executor.stops()).containsExactly(new AttemptId(job.uid(), 1, 0));
    }

    @Test
    void a_failed_worker_stops_its_gang_and_the_job_is_retried_once_its_back_off_has_passed() {
        startLoop();
        executor.exitOnStop(143);
        Job job = submit(TestJobs.training().name("gang").workers(2).maxRetries(1).backoff(Duration.ofSeconds(30)).build());
        awaitPhase("gang", JobPhase.RUNNING);

        executor.finish(new AttemptId(job.uid(), 1, 0), 3);
        awaitPhase("gang", JobPhase.QUEUED);

        Job retrying = stored("gang");
        assertThat(executor.stops()).containsExactly(new AttemptId(job.uid(), 1, 1));
        assertThat(retrying.status().workers()).extracting(w -> w.state()).containsExactly(WorkerState.FAILED, WorkerState.KILLED);
        assertThat(retrying.status().notBefore()).contains(clock.instant().plusSeconds(30));
        loop.wake();
        await().during(Duration.ofMillis(300)).until(() -> executor.launches().size() == 2);

        clock.advance(Duration.ofSeconds(30));
        loop.wake();
        awaitPhase("gang", JobPhase.RUNNING);
        assertThat(stored("gang").status().epoch()).isEqualTo(2);
        executor.finishAll(0);
        awaitPhase("gang", JobPhase.SUCCEEDED);
        assertThat(stored("gang").status().failures()).isEqualTo(1);
    }

    @Test
    void a_higher_priority_job_preempts_and_the_victim_keeps_its_place_while_an_impossible_job_holds_nobody_back() {
        startLoop();
        Job hog = submit(TestJobs.training().name("hog").cpu("8").seq(1).command("sleep", "60").build());
        awaitPhase("hog", JobPhase.RUNNING);
        submit(TestJobs.training().name("huge").gpus(4).seq(2).build());
        submit(TestJobs.training().name("low").cpu("1").priority(0).seq(3).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("huge").status().message().contains("cannot run"));
        assertThat(stored("huge").status().message()).contains("needs 4 nvidia.com/gpu per worker, the largest node has 0");

        submit(TestJobs.training().name("high").cpu("1").priority(10).seq(4).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.stops().contains(new AttemptId(hog.uid(), 1, 0)));
        executor.finish(new AttemptId(hog.uid(), 1, 0), 143);

        awaitPhase("high", JobPhase.RUNNING);
        Job preempted = stored("hog");
        assertThat(preempted.phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(preempted.status().failures()).as("preemption is not a failure").isZero();
        List<dev.lepton.core.event.Event> events = scenario.store.read(tx -> tx.events().list("ml", "job/hog", 0, 100));
        assertThat(events).extracting(e -> e.type()).contains("Preempted");
        assertThat(stored("low").phase()).as("low waits behind hog, which kept its place").isEqualTo(JobPhase.QUEUED);

        executor.finish(new AttemptId(stored("high").uid(), 1, 0), 0);
        awaitPhase("hog", JobPhase.RUNNING);
        assertThat(stored("hog").status().epoch()).isEqualTo(2);
        assertThat(executor.launches()).extracting(l -> l.env().get("LEPTON_JOB")).containsExactly("hog", "high", "hog");
        assertThat(stored("huge").phase()).isEqualTo(JobPhase.QUEUED);
    }

    @Test
    void after_a_restart_running_workers_are_readopted_and_those_that_ended_meanwhile_are_settled() {
        Job alive = scenario.insert(TestJobs.training().name("alive").seq(1).runningOn("n1").build());
        Job finished = scenario.insert(TestJobs.training().name("finished").seq(2).runningOn("n1").build());
        Job vanished = scenario.insert(TestJobs.training().name("vanished").seq(3).runningOn("n1").build());
        Job launching = scenario.insert(TestJobs.training().name("launching").seq(4).scheduledOn("n1").build());
        executor.stillRunning(ProcessRef.local(TestJobs.attempt(alive, 0), 4242, clock.instant()));
        executor.endedWhileUnwatched(TestJobs.attempt(finished, 0), 0);

        startLoop();

        awaitPhase("finished", JobPhase.SUCCEEDED);
        awaitPhase("vanished", JobPhase.FAILED);
        assertThat(stored("vanished").status().message()).contains("lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("launching").status().epoch() == 2);
        assertThat(stored("launching").status().failures()).as("an interrupted launch is not a failure").isZero();
        assertThat(stored("alive").phase()).isEqualTo(JobPhase.RUNNING);
        assertThat(scenario.store.read((dev.lepton.store.Tx tx) -> tx.events().list("ml", "job/alive", 0, 100)))
                .as("the job's history records the restart and what was found").anySatisfy(e -> {
                    assertThat(e.type()).isEqualTo("Readopted");
                    assertThat(e.message()).isEqualTo("the server restarted; re-adopted worker 0 (pid 4242)");
                });

        executor.finish(TestJobs.attempt(alive, 0), 0);
        awaitPhase("alive", JobPhase.SUCCEEDED);
        assertThat(executor.launches()).extracting(l -> l.attempt().jobUid()).containsExactly(launching.uid());
        assertThat(vanished.uid()).isNotEqualTo(alive.uid());
    }
}
