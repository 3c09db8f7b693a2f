package dev.lepton.core.execution;

/** What a worker has consumed so far: CPU time over all its processes, and its peak resident memory. */
public record Usage(double cpuSeconds, long peakMemoryBytes) {
    public static final Usage NONE = new Usage(0, 0);

    public Usage max(Usage other) {
        return new Usage(Math.max(cpuSeconds, other.cpuSeconds), Math.max(peakMemoryBytes, other.peakMemoryBytes));
    }
}
