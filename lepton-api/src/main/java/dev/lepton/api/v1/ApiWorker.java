package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * One worker of a job's current attempt; {@code reason} says why its executor ended it ({@code OOMKilled}),
 * when it did; {@code handle} is the executor's reference to it ({@code pid 4242}, a Slurm job, a pod), and
 * {@code pid} its process id where it is a process on the server's machine.
 */
public record ApiWorker(int rank, String node, List<Integer> gpus, String state, Long pid, Instant processStart,
                        Integer exitCode, double cpuSeconds, long peakMemoryBytes, String reason, String handle) {
    public ApiWorker(int rank, String node, List<Integer> gpus, String state, Long pid, Instant processStart,
                     Integer exitCode, double cpuSeconds, long peakMemoryBytes) {
        this(rank, node, gpus, state, pid, processStart, exitCode, cpuSeconds, peakMemoryBytes, null, null);
    }
}
