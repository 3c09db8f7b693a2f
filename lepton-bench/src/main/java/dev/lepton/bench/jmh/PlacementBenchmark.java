package dev.lepton.bench.jmh;

import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.FreeCapacity;
import dev.lepton.core.policy.RunningJobs;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.SchedulingPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Placement decisions without preemption on 5,000 nodes × 8 GPUs, about half of them busy. One
 * decision is one call of {@link Allocator#allocate} as the server makes it (the standard pipeline,
 * with reasons): the snapshot, every running job and the waiting ones, the plan back. Calls rotate
 * over {@value #CLUSTERS} clusters generated from different seeds, so no two consecutive calls see the
 * same input. The plan is not applied: the allocator is a pure function of its input.
 */
@State(Scope.Thread)
public class PlacementBenchmark {
    static final int NODES = 5_000;
    static final int CLUSTERS = 8;
    static final int QUEUE = 100;
    /** Jobs started by the kept-index benchmark that stay running before the oldest ends. */
    static final int KEPT_RUNNING = 64;

    @Param({"default"})
    public String policy;

    private final Allocator allocator = Allocator.standard();
    private SchedulingPolicy scheduling;
    private SyntheticCluster[] clusters;
    private List<Candidate>[] oneGpu;
    private List<Candidate>[] queueOfOneGpu;
    private List<Candidate>[] gang512x1;
    private List<Candidate>[] gang64x8;
    private int next;
    /** Per cluster: capacity kept current across calls, as a caller that decides often keeps it. */
    private FreeCapacity[] kept;
    private RunningJobs[] keptRunning;
    /** Per cluster: the jobs started by {@link #singleGpuKeptIndex} and not yet ended, oldest first. */
    private ArrayDeque<AllocationPlan.Start>[] startedHere;
    private int arrivals;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        scheduling = Policies.named(policy);
        clusters = new SyntheticCluster[CLUSTERS];
        oneGpu = new List[CLUSTERS];
        queueOfOneGpu = new List[CLUSTERS];
        gang512x1 = new List[CLUSTERS];
        gang64x8 = new List[CLUSTERS];
        kept = new FreeCapacity[CLUSTERS];
        keptRunning = new RunningJobs[CLUSTERS];
        startedHere = new ArrayDeque[CLUSTERS];
        for (int k = 0; k < CLUSTERS; k++) {
            SyntheticCluster c = SyntheticCluster.generate(NODES, false, 1, new SplittableRandom(42 + k));
            clusters[k] = c;
            kept[k] = FreeCapacity.of(c.snapshot());
            keptRunning[k] = c.keptRunning(scheduling);
            startedHere[k] = new ArrayDeque<>();
            oneGpu[k] = c.with(List.of(c.waiting("one-gpu", 1, 1, 0)));
            List<Candidate> queue = new ArrayList<>(QUEUE);
            for (int i = 0; i < QUEUE; i++) {
                queue.add(c.waiting("queued-" + i, 1, 1, 0));
            }
            queueOfOneGpu[k] = c.with(queue);
            gang512x1[k] = c.with(List.of(c.waiting("gang-512x1", 1, 512, 0)));
            gang64x8[k] = c.with(List.of(c.waiting("gang-64x8", 8, 64, 0)));
            expectStarts(c, oneGpu[k], 1, 1);
            expectStarts(c, queueOfOneGpu[k], QUEUE, 1);
            expectStarts(c, gang512x1[k], 1, 512);
            expectStarts(c, gang64x8[k], 1, 64);
        }
    }

    /** Guards the measurement: each input must lead to the decision it is meant to time. */
    private void expectStarts(SyntheticCluster c, List<Candidate> input, int starts, int workersEach) {
        AllocationPlan plan = allocator.allocate(c.snapshot(), input, scheduling, Admission.NONE, c.now());
        if (plan.starts().size() != starts || !plan.preemptions().isEmpty()
                || plan.starts().stream().anyMatch(s -> s.assignments().size() != workersEach)) {
            throw new IllegalStateException("expected " + starts + " start(s) of " + workersEach + " worker(s) and no preemption, got "
                    + plan.starts().size() + " start(s), " + plan.preemptions().size() + " preemption(s), waiting " + plan.waiting());
        }
    }

    private int rotate() {
        int k = next;
        next = k + 1 == CLUSTERS ? 0 : k + 1;
        return k;
    }

    private AllocationPlan decide(List<Candidate>[] inputs) {
        int k = rotate();
        SyntheticCluster c = clusters[k];
        return allocator.allocate(c.snapshot(), inputs[k], scheduling, Admission.NONE, c.now());
    }

    /** One waiting 1-GPU job: decisions per second, and the latency distribution for p99. */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AllocationPlan singleGpu() {
        return decide(oneGpu);
    }

    /**
     * One 1-GPU job on capacity and running jobs the caller keeps current ({@link FreeCapacity},
     * {@link RunningJobs}): the decision, then its start applied to both, and one earlier start ended
     * so that the cluster stays about half busy.
     */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AllocationPlan singleGpuKeptIndex() {
        int k = rotate();
        SyntheticCluster c = clusters[k];
        Candidate job = c.waiting("arrival-" + arrivals++, 1, 1, 0);
        AllocationPlan plan = allocator.allocateInOrder(kept[k], keptRunning[k], List.of(job), scheduling, Admission.NONE, c.now());
        AllocationPlan.Start start = plan.starts().getFirst();
        kept[k].started(start.candidate(), start.assignments());
        keptRunning[k].add(start.candidate().runningOn(start.assignments(), c.now()), c.now());
        startedHere[k].addLast(start);
        if (startedHere[k].size() > KEPT_RUNNING) {
            AllocationPlan.Start ended = startedHere[k].removeFirst();
            kept[k].stopped(ended.candidate().runningOn(ended.assignments(), c.now()));
            keptRunning[k].remove(ended.candidate().id());
        }
        return plan;
    }

    /** A backlog of {@value #QUEUE} waiting 1-GPU jobs placed in one call, as a loop catching up does; per job. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(QUEUE)
    public AllocationPlan singleGpuBacklog() {
        return decide(queueOfOneGpu);
    }

    /** A gang of 512 workers of 1 GPU each, all or none. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AllocationPlan gang512x1Gpu() {
        return decide(gang512x1);
    }

    /** A gang of 64 workers of 8 GPUs each (512 GPUs on 64 whole nodes). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AllocationPlan gang64x8Gpu() {
        return decide(gang64x8);
    }
}
