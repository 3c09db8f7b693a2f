package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/** One worker of a job's current attempt. */
public record ApiWorker(int rank, String node, List<Integer> gpus, String state, Long pid, Instant processStart,
                        Integer exitCode, double cpuSeconds, long peakMemoryBytes) {}
