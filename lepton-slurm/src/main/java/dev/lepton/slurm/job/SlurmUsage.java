package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.slurm.SlurmTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One list of TRES usage as {@code sstat} reports it from the nodes: CPU time, memory (peak resident)
 * and, where an energy plugin measures the nodes, energy in joules (the node's, while the step ran). Over
 * all a step's tasks ({@code TRESUsageInTot}) the memory is their peaks added up; a gang's steps have one
 * task each, and {@link StepUsage} holds each step's list.
 * {@code sstat} needs a {@code JobAcctGatherType} other than none, but no slurmdbd.
 */
public record SlurmUsage(Duration cpuTime, long memoryBytes, OptionalDouble energyJoules) {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGTP]?)");

    public SlurmUsage {
        requireNonNull(cpuTime, "cpuTime is null");
        requireNonNull(energyJoules, "energyJoules is null");
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must not be negative, got " + memoryBytes);
        }
    }

    /** Parses a TRES usage list: {@code cpu=00:01:04,energy=0,fs/disk=10957,mem=3028K,pages=0,vmem=5512K}. */
    public static SlurmUsage fromTres(String tres) {
        Duration cpu = entry(tres, "cpu").flatMap(SlurmUsage::cpuTime).orElse(Duration.ZERO);
        long memory = entry(tres, "mem").map(SlurmUsage::bytes).orElse(0L);
        return new SlurmUsage(cpu, memory, SlurmEnergy.fromTres(tres));
    }

    private static Optional<String> entry(String tres, String name) {
        return Arrays.stream(tres.split(",")).map(String::strip).filter(e -> e.startsWith(name + "="))
                .map(e -> e.substring(name.length() + 1)).findFirst();
    }

    /** {@code [days-]hours:minutes:seconds}, the seconds possibly with a fraction. */
    private static Optional<Duration> cpuTime(String text) {
        String[] whole = text.split("\\.", 2);
        Optional<Duration> time = SlurmTime.duration(whole[0]);
        if (whole.length == 2 && whole[1].matches("\\d{1,9}")) {
            long nanos = Long.parseLong((whole[1] + "000000000").substring(0, 9));
            time = time.map(t -> t.plusNanos(nanos));
        }
        return time;
    }

    private static long bytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return 0;
        }
        int power = "KMGTP".indexOf(m.group(2)) + 1;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, m.group(2).isEmpty() ? 0 : power));
    }
}
