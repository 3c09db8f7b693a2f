package dev.lepton.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.policy.Policies;
import dev.lepton.sim.AcceleratorUse;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import dev.lepton.sim.trace.TraceJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A cluster of NVIDIA and AMD nodes: each job uses devices of the resource it asks for, and only those. */
class MixedAcceleratorsTest {
    private static final String AMD = "amd.com/gpu";
    private static final String NVIDIA = "nvidia.com/gpu";

    /** Group 0: one node of 2 NVIDIA H100; group 1: one node of 2 AMD MI300X. */
    private static final ClusterSpec MIXED = new ClusterSpec(List.of(
            new ClusterSpec.NodeGroup(1, 2, NVIDIA, "H100", 64_000, 256L << 30, Optional.empty(), OptionalDouble.empty()),
            new ClusterSpec.NodeGroup(1, 2, AMD, "MI300X", 64_000, 256L << 30, Optional.empty(), OptionalDouble.empty())));

    private static TraceJob job(String id, long submitSeconds, long durationSeconds, int gpus, String accelerator) {
        return new TraceJob(id, submitSeconds * 1000, durationSeconds * 1000, gpus, 1, true, Optional.empty(), 0, 0, 0, "default",
                accelerator);
    }

    private static SimulationResult run(ClusterSpec cluster, TraceJob... jobs) {
        return new Simulator(cluster, SimulationConfig.of(Policies.named("fifo")), line -> {}).run(List.of(jobs));
    }

    @Test
    void jobs_of_each_accelerator_run_only_on_the_nodes_of_that_accelerator() {
        // a holds both AMD GPUs 0-100; c (NVIDIA) arrives at 5 and starts at once on the NVIDIA node, 5-35.
        // b (AMD) waits for a's GPUs although both NVIDIA GPUs are free from 35: it runs 100-150.
        SimulationResult result = run(MIXED, job("a", 0, 100, 2, AMD), job("c", 5, 30, 2, NVIDIA), job("b", 10, 50, 1, AMD));

        Map<String, JobResult> byId = result.jobs().stream().collect(Collectors.toMap(JobResult::id, Function.identity()));
        assertThat(byId.get("b").start()).isEqualTo(100);
        assertThat(byId.get("c").start()).isEqualTo(5);
        assertThat(byId.get("a").accelerator()).isEqualTo(AMD);
        Map<String, List<Integer>> groups = result.runs().stream().collect(Collectors.toMap(JobRuns::id,
                r -> r.spans().stream().map(RunSpan::group).distinct().toList()));
        assertThat(groups).containsExactlyInAnyOrderEntriesOf(Map.of("a", List.of(1), "b", List.of(1), "c", List.of(0)));
    }

    @Test
    void a_job_of_an_accelerator_the_cluster_lacks_never_fits_however_many_other_devices_are_free() {
        ClusterSpec nvidiaOnly = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(4, 8, "H100", 64_000, 256L << 30)));

        SimulationResult result = run(nvidiaOnly, job("amd", 0, 10, 1, AMD), job("nvidia", 0, 10, 1, NVIDIA));

        assertThat(result.neverFit()).containsExactly("amd");
        assertThat(result.jobs()).extracting(JobResult::id).containsExactly("nvidia");
    }

    @Test
    void a_gang_larger_than_its_accelerators_nodes_never_fits_though_the_cluster_has_as_many_devices_in_all() {
        SimulationResult result = run(MIXED, job("wide", 0, 10, 3, AMD));

        assertThat(result.neverFit()).containsExactly("wide");
    }

    @Test
    void busy_time_is_counted_per_accelerator() {
        // a: 2 AMD x 100 s; c: 2 NVIDIA x 30 s; makespan 100 s.
        SimulationResult result = run(MIXED, job("a", 0, 100, 2, AMD), job("c", 0, 30, 2, NVIDIA));

        assertThat(result.accelerators()).containsExactly(new AcceleratorUse(AMD, 2, 200), new AcceleratorUse(NVIDIA, 2, 60));
        assertThat(result.accelerators().get(1).utilization(result.summary().makespan())).isCloseTo(0.3, within(1e-9));
        assertThat(result.summary().gpuUtilization()).isCloseTo(260 / 400.0, within(1e-9));
    }
}
