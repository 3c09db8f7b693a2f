package dev.lepton.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Capacity and running jobs that the caller keeps current ({@link FreeCapacity}, {@link RunningJobs})
 * give the same plans as a fresh snapshot and list every time, and a plan leaves them as it found
 * them: 400 random steps of arrivals, ends, starts and preemptions.
 */
class FreeCapacityTest {
    @ParameterizedTest
    @ValueSource(strings = {"priority", "default", "backfill", "fifo"})
    void a_kept_index_plans_exactly_as_a_fresh_snapshot(String policyName) {
        SchedulingPolicy policy = Policies.named(policyName);
        Allocator allocator = Allocator.standard();
        SplittableRandom random = new SplittableRandom(7);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            nodes.add(Fixtures.node("n" + i, i % 3 == 0 ? 4 : 8));
        }
        FreeCapacity kept = FreeCapacity.of(snapshot(nodes, List.of()));
        RunningJobs keptRunning = new RunningJobs(policy);
        List<Candidate> running = new ArrayList<>();
        List<Candidate> waiting = new ArrayList<>();
        int starts = 0;
        int preemptions = 0;
        for (int step = 0; step < 400; step++) {
            Instant now = Fixtures.at(step * 60L);
            for (int n = random.nextInt(3); n > 0; n--) {
                int gpus = new int[] {1, 1, 2, 4, 8, 12}[random.nextInt(6)];
                waiting.add(Fixtures.job("j" + step + "-" + n, gpus, step * 60L, 60L * (1 + random.nextInt(30)))
                        .withPriority(random.nextInt(3)));
            }
            if (!running.isEmpty() && random.nextInt(3) == 0) {
                Candidate ended = running.remove(random.nextInt(running.size()));
                kept.stopped(ended);
                keptRunning.remove(ended.id());
            }
            List<Candidate> all = new ArrayList<>(running);
            all.addAll(waiting);
            AllocationPlan fresh = allocator.allocate(snapshot(nodes, running), all, policy, Admission.NONE, now);
            int freeBefore = kept.totalFreeGpus();

            AllocationPlan fromIndex = allocator.allocate(kept, keptRunning, waiting, policy, Admission.NONE, now);

            assertThat(describe(fromIndex)).as("step %d", step).isEqualTo(describe(fresh));
            assertThat(kept.totalFreeGpus()).as("the plans left the index as it was").isEqualTo(freeBefore);
            assertThat(keptRunning.all()).containsExactlyElementsOf(running);
            for (AllocationPlan.Preemption p : fromIndex.preemptions()) {
                running.removeIf(r -> r.id().equals(p.victim().id()));
                kept.stopped(p.victim());
                keptRunning.remove(p.victim().id());
                waiting.add(p.victim().waitingSince(now));
                preemptions++;
            }
            for (AllocationPlan.Start s : fromIndex.starts()) {
                waiting.removeIf(w -> w.id().equals(s.candidate().id()));
                Candidate started = s.candidate().runningOn(s.assignments(), now);
                running.add(started);
                keptRunning.add(started, now);
                kept.started(s.candidate(), s.assignments());
                starts++;
            }
        }
        assertThat(starts).isGreaterThan(100);
        if (policy.preemptive()) {
            assertThat(preemptions).isPositive();
        }
    }

    private static List<String> describe(AllocationPlan plan) {
        List<String> lines = new ArrayList<>();
        plan.starts().forEach(s -> lines.add("start " + s.candidate().id() + " " + s.assignments()));
        plan.preemptions().forEach(p -> lines.add("preempt " + p.victim().id() + " for " + p.beneficiary()));
        plan.waiting().forEach(w -> lines.add("wait " + w.candidate() + " " + w.cause() + ": " + w.reason()));
        return lines;
    }

    private static ClusterSnapshot snapshot(List<Node> nodes, List<Candidate> running) {
        Map<String, TreeSet<Integer>> used = new HashMap<>();
        for (Candidate c : running) {
            for (Assignment a : c.assignments()) {
                used.computeIfAbsent(a.node(), n -> new TreeSet<>()).addAll(a.gpuIndices());
            }
        }
        List<NodeState> states = new ArrayList<>();
        for (Node n : nodes) {
            TreeSet<Integer> inUse = used.getOrDefault(n.name(), new TreeSet<>());
            states.add(new NodeState(n, new Resources(0, 0, inUse.size()), inUse));
        }
        return new ClusterSnapshot(states);
    }
}
