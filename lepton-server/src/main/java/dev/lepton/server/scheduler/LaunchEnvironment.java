package dev.lepton.server.scheduler;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.placement.Assignment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The environment contract every worker gets (DESIGN.md), plus the variables PyTorch's
 * {@code env://} rendezvous reads, so {@code torchrun}-style code works unchanged, and what a worker
 * is launched with beside it (its resources, shipped code, working directory, container image and stop grace).
 */
final class LaunchEnvironment {
    private LaunchEnvironment() {}

    /** Everything the executor needs to start one worker of a scheduled job; {@code serverGrace} stands where its job names no stop grace. */
    static LaunchSpec spec(Job job, Assignment worker, AttemptId attempt, int localRank, String masterAddr, int masterPort,
                           Duration serverGrace) {
        return new LaunchSpec(attempt, job.project(), worker.node(), job.spec().command(), of(job, worker, localRank, masterAddr, masterPort),
                job.spec().resources(), worker.gpuIndices(), job.spec().workingDir(), job.spec().code(), job.spec().image(),
                Optional.of(job.spec().stopGrace(serverGrace)));
    }

    static Map<String, String> of(Job job, Assignment worker, int localRank, String masterAddr, int masterPort) {
        Map<String, String> env = new LinkedHashMap<>(job.spec().env());
        String rank = Integer.toString(worker.rank());
        String world = Integer.toString(job.spec().workers());
        env.put("LEPTON_JOB", job.name());
        env.put("LEPTON_PROJECT", job.project());
        env.put("LEPTON_JOB_UID", job.uid());
        env.put("LEPTON_ATTEMPT", Integer.toString(job.status().epoch()));
        env.put("LEPTON_WORKER_RANK", rank);
        env.put("LEPTON_WORLD_SIZE", world);
        env.put("LEPTON_MASTER_ADDR", masterAddr);
        env.put("LEPTON_MASTER_PORT", Integer.toString(masterPort));
        env.put("LEPTON_NODE", worker.node());
        env.put("CUDA_VISIBLE_DEVICES", gpus(worker.gpuIndices()));
        job.spec().code().ifPresent(sha -> env.put("LEPTON_CODE", sha));
        job.spec().array().ifPresent(task -> {
            env.put("LEPTON_ARRAY", task.array());
            env.put("LEPTON_ARRAY_INDEX", Integer.toString(task.index()));
            env.put("LEPTON_ARRAY_SIZE", Integer.toString(task.size()));
        });
        env.putIfAbsent("RANK", rank);
        env.putIfAbsent("WORLD_SIZE", world);
        env.putIfAbsent("LOCAL_RANK", Integer.toString(localRank));
        env.putIfAbsent("LOCAL_WORLD_SIZE", Long.toString(localWorldSize(job, worker.node())));
        env.putIfAbsent("MASTER_ADDR", masterAddr);
        env.putIfAbsent("MASTER_PORT", Integer.toString(masterPort));
        env.putIfAbsent("OMP_NUM_THREADS", Long.toString(ompThreads(job.spec().resources().cpuMillis())));
        return env;
    }

    /** Workers of the gang placed on the same node (at least this one). */
    private static long localWorldSize(Job job, String node) {
        return Math.max(1, job.status().workers().stream().map(WorkerStatus::node).filter(node::equals).count());
    }

    /** Whole CPUs of the request, at least one: BLAS and OpenMP otherwise start a thread per core of the machine. */
    static long ompThreads(long cpuMillis) {
        return Math.max(1, cpuMillis / 1_000);
    }

    private static String gpus(List<Integer> indices) {
        return indices.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
