package dev.lepton.node.limits;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v1: a group per attempt under the {@code lepton} parent of the memory controller
 * ({@code memory.limit_in_bytes}, and {@code memory.memsw.limit_in_bytes} so that swap is no way
 * round it), and of the cpu controller when it is writable ({@code cpu.cfs_quota_us} over a
 * {@value #PERIOD_MICROS} µs period). The kernel counts its OOM kills in {@code memory.oom_control}.
 *
 * <p>The wrapper joins through each group's {@code tasks} file, not {@code cgroup.procs}: moving
 * the writing thread alone (the wrapper shell has one) spares the kernel its global lock over every
 * process's group, whose taking waits out an RCU grace period, 5 to 15 ms here on every launch.
 */
public record CgroupV1(Path memoryParent, Optional<Path> cpuParent) implements Enforcement {
    static final long PERIOD_MICROS = 100_000;
    private static final Logger log = LoggerFactory.getLogger(CgroupV1.class);

    public CgroupV1 {
        requireNonNull(memoryParent, "memoryParent is null");
        requireNonNull(cpuParent, "cpuParent is null");
    }

    @Override
    public String name() {
        return CGROUP_V1;
    }

    @Override
    public AttemptLimits create(AttemptId attempt, Resources resources) {
        Path memory = memoryParent.resolve(attempt.toString());
        try {
            Files.createDirectories(memory);
            if (resources.memoryBytes() > 0) {
                ControlFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(resources.memoryBytes()));
                if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                    ControlFiles.write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(resources.memoryBytes()));
                }
            }
            List<Path> groups = new ArrayList<>(List.of(memory));
            if (cpuParent.isPresent() && resources.cpuMillis() > 0) {
                Path cpu = cpuParent.get().resolve(attempt.toString());
                Files.createDirectories(cpu);
                ControlFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
                ControlFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros(resources.cpuMillis())));
                groups.add(cpu);
            }
            return new Groups(memory, groups);
        } catch (IOException e) {
            ControlFiles.remove(memory);
            cpuParent.ifPresent(parent -> ControlFiles.remove(parent.resolve(attempt.toString())));
            throw new UncheckedIOException("cannot set the limits of attempt " + attempt + " in " + memory + ": " + e.getMessage(), e);
        }
    }

    /** CPU time per period: millicores are thousandths of a CPU, so 500m is half of each period. */
    static long quotaMicros(long cpuMillis) {
        return Math.max(1_000, cpuMillis * PERIOD_MICROS / 1_000);
    }

    @Override
    public Optional<AttemptLimits> existing(AttemptId attempt) {
        Path memory = memoryParent.resolve(attempt.toString());
        if (!Files.isDirectory(memory)) {
            return Optional.empty();
        }
        List<Path> groups = new ArrayList<>(List.of(memory));
        cpuParent.map(p -> p.resolve(attempt.toString())).filter(Files::isDirectory).ifPresent(groups::add);
        return Optional.of(new Groups(memory, groups));
    }

    private record Groups(Path memory, List<Path> groups) implements AttemptLimits {
        @Override
        public List<Path> joins() {
            return groups.stream().map(group -> group.resolve("tasks")).toList();
        }

        @Override
        public boolean oomKilled() {
            return ControlFiles.keyed(memory.resolve("memory.oom_control"), "oom_kill").orElse(0) > 0;
        }

        @Override
        public void release() {
            for (Path group : groups) {
                if (!ControlFiles.remove(group)) {
                    log.atInfo().setMessage("control group still holds processes the worker left behind; left in place")
                            .addKeyValue("group", group).log();
                }
            }
        }
    }
}
