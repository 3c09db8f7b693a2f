package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.ProcessRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One worker of the current attempt: where it runs, its process, and what it has used.
 * {@code handle} is its executor's reference to it ({@code pid 4242}, a Slurm job, a pod);
 * {@code pid} its process id where it is a process on the server's machine; {@code processStart}
 * when it started (with the pid, it identifies a local process across a restart: pids are reused).
 * {@code reason} says why the executor ended it, when it did ({@code OOMKilled}).
 */
public record WorkerStatus(
        int rank,
        String node,
        List<Integer> gpuIndices,
        WorkerState state,
        Optional<Long> pid,
        Optional<Instant> processStart,
        Optional<Integer> exitCode,
        double cpuSeconds,
        long peakMemoryBytes,
        Optional<String> reason,
        Optional<String> handle) {

    public WorkerStatus {
        requireNonNull(node, "node is null");
        gpuIndices = List.copyOf(gpuIndices);
        requireNonNull(state, "state is null");
        requireNonNull(pid, "pid is null");
        requireNonNull(processStart, "processStart is null");
        requireNonNull(exitCode, "exitCode is null");
        reason = reason == null ? Optional.empty() : reason; // stored before it existed
        // Likewise: a worker stored with a pid and no handle was a local process.
        handle = handle == null || handle.isEmpty() ? pid.map(ProcessRef::localHandle) : handle;
    }

    public WorkerStatus(int rank, String node, List<Integer> gpuIndices, WorkerState state, Optional<Long> pid,
                        Optional<Instant> processStart, Optional<Integer> exitCode, double cpuSeconds, long peakMemoryBytes) {
        this(rank, node, gpuIndices, state, pid, processStart, exitCode, cpuSeconds, peakMemoryBytes, Optional.empty(), Optional.empty());
    }

    public static WorkerStatus launching(int rank, String node, List<Integer> gpuIndices) {
        return new WorkerStatus(rank, node, gpuIndices, WorkerState.LAUNCHING, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0);
    }

    public WorkerStatus started(String executorHandle, Optional<Long> processId, Instant startedAt) {
        return new WorkerStatus(rank, node, gpuIndices, WorkerState.RUNNING, processId, Optional.of(startedAt), exitCode, cpuSeconds, peakMemoryBytes,
                reason, Optional.of(executorHandle));
    }

    public WorkerStatus finished(WorkerState outcome, Optional<Integer> code) {
        return finished(outcome, code, Optional.empty());
    }

    public WorkerStatus finished(WorkerState outcome, Optional<Integer> code, Optional<String> why) {
        return new WorkerStatus(rank, node, gpuIndices, outcome, pid, processStart, code, cpuSeconds, peakMemoryBytes, why, handle);
    }

    public WorkerStatus withUsage(double cpu, long peakMemory) {
        return new WorkerStatus(rank, node, gpuIndices, state, pid, processStart, exitCode,
                Math.max(cpuSeconds, cpu), Math.max(peakMemoryBytes, peakMemory), reason, handle);
    }
}
