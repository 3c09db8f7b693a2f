package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.FreeCapacity;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.RunningJobs;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The loop's picture of the nodes, kept as jobs start and end, against one built from scratch after every change. */
class ClusterTest {
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final List<Node> NODES = IntStream.rangeClosed(1, 4)
            .mapToObj(i -> TestNodes.node("n" + i).cpus(16).memory("64GiB").gpus(8, "H100").build()).toList();

    @Test
    void kept_up_to_date_it_equals_a_picture_built_from_scratch_after_every_start_and_end() {
        Random random = new Random(7);
        Cluster kept = new Cluster(() -> NODES);
        kept.refresh();
        Map<String, Job> held = new LinkedHashMap<>();
        Map<String, TreeSet<Integer>> freeGpus = new LinkedHashMap<>();
        NODES.forEach(n -> freeGpus.put(n.name(), new TreeSet<>(IntStream.range(0, 8).boxed().toList())));
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(3);
            if (action == 0 || held.isEmpty()) {
                Job started = start("j" + step, step + 1, random, freeGpus);
                if (started != null) {
                    kept.held(null, started);
                    held.put(started.uid(), started);
                }
            } else {
                Job job = new ArrayList<>(held.values()).get(random.nextInt(held.size()));
                List<WorkerStatus> live = job.status().workers().stream().filter(w -> !w.state().isFinished()).toList();
                WorkerStatus worker = live.get(random.nextInt(live.size()));
                Job after = JobTransitions.workerExited(job, new AttemptId(job.uid(), job.status().epoch(), worker.rank()), Optional.of(0),
                        Usage.NONE, T0).job();
                boolean stillHolds = !JobTransitions.running(after).isEmpty() && !after.phase().isTerminal();
                kept.held(job, stillHolds ? after : null);
                freeGpus.get(worker.node()).addAll(worker.gpuIndices());
                if (stillHolds) {
                    held.put(after.uid(), after);
                } else {
                    held.remove(job.uid());
                    // A gang that ended gives back the room of its other workers too.
                    job.status().workers().stream().filter(w -> !w.state().isFinished() && w.rank() != worker.rank())
                            .forEach(w -> freeGpus.get(w.node()).addAll(w.gpuIndices()));
                }
            }
            kept.refresh();

            Cluster fresh = new Cluster(() -> NODES);
            held.values().forEach(job -> fresh.held(null, job));
            fresh.refresh();
            assertThat(view(kept.current())).as("step %d", step).isEqualTo(view(fresh.current()));
            assertThat(kept.free().totalFreeGpus()).as("step %d", step).isEqualTo(fresh.free().totalFreeGpus());
            assertThat(placements(kept.free())).as("step %d", step).isEqualTo(placements(fresh.free()));
        }
        assertThat(held).as("the walk ends with work held, having started and ended much").isNotEmpty();
    }

    @Test
    void a_new_node_list_rebuilds_the_picture_with_what_jobs_hold() {
        AtomicReference<List<Node>> listed = new AtomicReference<>(NODES.subList(0, 2));
        Cluster cluster = new Cluster(listed::get);
        cluster.refresh();
        Job job = TestJobs.training().name("a").cpu("4").memory("8GiB").gpus(2).runningOn("n3").build();
        cluster.held(null, job);
        cluster.refresh();
        assertThat(cluster.free().totalFreeGpus()).as("its node is not listed yet").isEqualTo(16);

        listed.set(NODES.subList(0, 3));
        cluster.refresh();

        assertThat(cluster.free().totalFreeGpus()).isEqualTo(22);
        assertThat(view(cluster.current())).contains("n3 cpu=4000 mem=8589934592 gpus=[0, 1]");
        assertThat(cluster.capacity()).isSameAs(listed.get());
    }

    /** A one- or two-worker job on distinct free GPUs of random nodes, running; null when no node has the GPUs. */
    private static Job start(String name, long seq, Random random, Map<String, TreeSet<Integer>> freeGpus) {
        int workers = 1 + random.nextInt(2);
        int gpus = random.nextInt(3);
        List<Assignment> assignments = new ArrayList<>();
        List<String> nodes = new ArrayList<>(freeGpus.keySet());
        Collections.shuffle(nodes, random);
        for (int rank = 0; rank < workers; rank++) {
            String node = nodes.get(rank % nodes.size());
            TreeSet<Integer> free = freeGpus.get(node);
            if (free.size() < gpus) {
                assignments.forEach(a -> freeGpus.get(a.node()).addAll(a.gpuIndices()));
                return null;
            }
            List<Integer> taken = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                taken.add(free.pollFirst());
            }
            assignments.add(new Assignment(rank, node, taken));
        }
        Job queued = TestJobs.training().name(name).seq(seq).cpu("1").memory("2GiB").gpus(gpus).workers(workers).createdAt(T0).build();
        Job job = JobTransitions.schedule(queued, assignments);
        for (int rank = 0; rank < workers; rank++) {
            job = JobTransitions.workerStarted(job, ProcessRef.local(new AttemptId(job.uid(), job.status().epoch(), rank), 100 + rank, T0), T0);
        }
        return job;
    }

    /** Where the allocator would place a job of 1 to 8 GPUs, and a 2-worker gang of 4, alone: what the free capacity tells it. */
    private static List<String> placements(FreeCapacity free) {
        List<String> placed = new ArrayList<>();
        for (int gpus = 1; gpus <= 8; gpus++) {
            placed.add(placement(free, TestJobs.training().name("probe").seq(1_000_000).cpu("1").gpus(gpus).createdAt(T0).build()));
        }
        placed.add(placement(free, TestJobs.training().name("gang").seq(1_000_000).cpu("1").gpus(4).workers(2).createdAt(T0).build()));
        return placed;
    }

    private static String placement(FreeCapacity free, Job probe) {
        AllocationPlan plan = Allocator.standard().allocate(free, new RunningJobs(Policies.named("priority")),
                List.of(Candidates.waiting(probe, T0)), Policies.named("priority"), Admission.NONE, T0);
        return plan.starts().stream().flatMap(s -> s.assignments().stream()).map(a -> a.node() + a.gpuIndices()).toList().toString();
    }

    private static List<String> view(ClusterSnapshot snapshot) {
        return snapshot.nodes().stream().map(n -> n.name() + " cpu=" + n.allocated().cpuMillis() + " mem=" + n.allocated().memoryBytes()
                + " gpus=" + new TreeSet<>(n.gpusInUse())).toList();
    }
}
