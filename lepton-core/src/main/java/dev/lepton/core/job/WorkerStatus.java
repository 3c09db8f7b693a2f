package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One worker of the current attempt: where it runs, its process, and what it has used.
 * {@code processStart} is the process's own start time; together with {@code pid} it
 * identifies the process across a server restart (pids are reused, start times are not).
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
        Optional<String> reason) {

    public WorkerStatus {
        requireNonNull(node, "node is null");
        gpuIndices = List.copyOf(gpuIndices);
        requireNonNull(state, "state is null");
        requireNonNull(pid, "pid is null");
        requireNonNull(processStart, "processStart is null");
        requireNonNull(exitCode, "exitCode is null");
        reason = reason == null ? Optional.empty() : reason; // stored before it existed
    }

    public WorkerStatus(int rank, String node, List<Integer> gpuIndices, WorkerState state, Optional<Long> pid,
                        Optional<Instant> processStart, Optional<Integer> exitCode, double cpuSeconds, long peakMemoryBytes) {
        this(rank, node, gpuIndices, state, pid, processStart, exitCode, cpuSeconds, peakMemoryBytes, Optional.empty());
    }

    public static WorkerStatus launching(int rank, String node, List<Integer> gpuIndices) {
        return new WorkerStatus(rank, node, gpuIndices, WorkerState.LAUNCHING, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0);
    }

    public WorkerStatus started(long processId, Instant startedAt) {
        return new WorkerStatus(rank, node, gpuIndices, WorkerState.RUNNING, Optional.of(processId), Optional.of(startedAt), exitCode, cpuSeconds, peakMemoryBytes,
                reason);
    }

    public WorkerStatus finished(WorkerState outcome, Optional<Integer> code) {
        return finished(outcome, code, Optional.empty());
    }

    public WorkerStatus finished(WorkerState outcome, Optional<Integer> code, Optional<String> why) {
        return new WorkerStatus(rank, node, gpuIndices, outcome, pid, processStart, code, cpuSeconds, peakMemoryBytes, why);
    }

    public WorkerStatus withUsage(double cpu, long peakMemory) {
        return new WorkerStatus(rank, node, gpuIndices, state, pid, processStart, exitCode,
                Math.max(cpuSeconds, cpu), Math.max(peakMemoryBytes, peakMemory), reason);
    }
}
