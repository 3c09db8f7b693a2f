package dev.lepton.bench.jmh;

import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.FreeCapacity;
import dev.lepton.core.policy.RunningJobs;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.SchedulingPolicy;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Placement decisions with preemption in the loop: 5,000 nodes × 8 GPUs, every GPU busy, so each
 * decision must choose victims. Under {@code priority} the running jobs have priorities 0 to 2 and the
 * waiting job 3; under {@code las} all share one priority and the waiting job, with no service yet,
 * may preempt those past the 16 GPU-hour split. One decision is one {@link Allocator#allocate} call.
 */
@State(Scope.Thread)
public class PreemptionBenchmark {
    static final int NODES = 5_000;
    static final int CLUSTERS = 8;

    @Param({"priority", "las"})
    public String policy;

    /** GPUs of the waiting job: 1, or 8 (a whole node's worth, which must come from one node). */
    @Param({"1", "8"})
    public int gpus;

    private final Allocator allocator = Allocator.standard();
    private SchedulingPolicy scheduling;
    private SyntheticCluster[] clusters;
    private List<Candidate>[] inputs;
    private int next;
    private FreeCapacity[] kept;
    private RunningJobs[] keptRunning;
    private List<Candidate>[] waiting;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        scheduling = Policies.named(policy);
        boolean byPriority = policy.equals("priority");
        clusters = new SyntheticCluster[CLUSTERS];
        inputs = new List[CLUSTERS];
        kept = new FreeCapacity[CLUSTERS];
        keptRunning = new RunningJobs[CLUSTERS];
        waiting = new List[CLUSTERS];
        for (int k = 0; k < CLUSTERS; k++) {
            SyntheticCluster c = SyntheticCluster.generate(NODES, true, byPriority ? 3 : 1, new SplittableRandom(42 + k));
            clusters[k] = c;
            kept[k] = FreeCapacity.of(c.snapshot());
            keptRunning[k] = c.keptRunning(scheduling);
            waiting[k] = List.of(c.waiting("urgent", gpus, 1, byPriority ? 3 : 0));
            inputs[k] = c.with(waiting[k]);
            AllocationPlan plan = allocator.allocate(c.snapshot(), inputs[k], scheduling, Admission.NONE, c.now());
            if (plan.starts().size() != 1 || plan.preemptions().isEmpty()) {
                throw new IllegalStateException("expected a start with preemptions, got " + plan.starts().size() + " start(s), "
                        + plan.preemptions().size() + " preemption(s), waiting " + plan.waiting());
            }
            AllocationPlan fromKept = allocator.allocate(kept[k], keptRunning[k], waiting[k], scheduling, Admission.NONE, c.now());
            if (!fromKept.starts().equals(plan.starts()) || !fromKept.preemptions().equals(plan.preemptions())) {
                throw new IllegalStateException("kept state decided otherwise than a fresh snapshot: " + fromKept + " vs " + plan);
            }
        }
    }

    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AllocationPlan preemptingDecision() {
        int k = rotate();
        SyntheticCluster c = clusters[k];
        return allocator.allocate(c.snapshot(), inputs[k], scheduling, Admission.NONE, c.now());
    }

    /**
     * The same decision on capacity and running jobs the caller keeps current ({@link FreeCapacity},
     * {@link RunningJobs}), as a scheduler that decides often keeps them.
     */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AllocationPlan preemptingDecisionKeptIndex() {
        int k = rotate();
        return allocator.allocate(kept[k], keptRunning[k], waiting[k], scheduling, Admission.NONE, clusters[k].now());
    }

    private int rotate() {
        int k = next;
        next = k + 1 == CLUSTERS ? 0 : k + 1;
        return k;
    }
}
