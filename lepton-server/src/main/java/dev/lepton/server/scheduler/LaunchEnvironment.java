package dev.lepton.server.scheduler;

import dev.lepton.core.job.Job;
import dev.lepton.core.placement.Assignment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment contract every worker gets (DESIGN.md), plus the variables PyTorch's
 * {@code env://} rendezvous reads, so {@code torchrun}-style code works unchanged.
 */
final class LaunchEnvironment {
    private LaunchEnvironment() {}

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
        job.spec().array().ifPresent(task -> {
            env.put("LEPTON_ARRAY", task.array());
            env.put("LEPTON_ARRAY_INDEX", Integer.toString(task.index()));
            env.put("LEPTON_ARRAY_SIZE", Integer.toString(task.size()));
        });
        env.putIfAbsent("RANK", rank);
        env.putIfAbsent("WORLD_SIZE", world);
        env.putIfAbsent("LOCAL_RANK", Integer.toString(localRank));
        env.putIfAbsent("MASTER_ADDR", masterAddr);
        env.putIfAbsent("MASTER_PORT", Integer.toString(masterPort));
        return env;
    }

    private static String gpus(List<Integer> indices) {
        return indices.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
