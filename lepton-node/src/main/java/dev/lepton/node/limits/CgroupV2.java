package dev.lepton.node.limits;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v2: a group per attempt under the {@code lepton} parent, whose {@code cgroup.subtree_control}
 * enables the memory (and, when offered, cpu) controller: {@code memory.max}, {@code memory.swap.max 0}
 * and {@code cpu.max}. The kernel counts its OOM kills in {@code memory.events}. {@code memory.oom.group}
 * stays off, so that the wrapper survives the kill and records the worker's exit code.
 */
public record CgroupV2(Path parent, boolean cpu) implements Enforcement {
    private static final Logger log = LoggerFactory.getLogger(CgroupV2.class);

    public CgroupV2 {
        requireNonNull(parent, "parent is null");
    }

    @Override
    public String name() {
        return CGROUP_V2;
    }

    @Override
    public AttemptLimits create(AttemptId attempt, Resources resources) {
        Path group = parent.resolve(attempt.toString());
        try {
            Files.createDirectories(group);
            if (resources.memoryBytes() > 0) {
                ControlFiles.write(group.resolve("memory.max"), Long.toString(resources.memoryBytes()));
                if (Files.exists(group.resolve("memory.swap.max"))) {
                    ControlFiles.write(group.resolve("memory.swap.max"), "0");
                }
            }
            if (cpu && resources.cpuMillis() > 0) {
                ControlFiles.write(group.resolve("cpu.max"), CgroupV1.quotaMicros(resources.cpuMillis()) + " " + CgroupV1.PERIOD_MICROS);
            }
            return new Group(group);
        } catch (IOException e) {
            ControlFiles.remove(group);
            throw new UncheckedIOException("cannot set the limits of attempt " + attempt + " in " + group + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<AttemptLimits> existing(AttemptId attempt) {
        Path group = parent.resolve(attempt.toString());
        return Files.isDirectory(group) ? Optional.of(new Group(group)) : Optional.empty();
    }

    private record Group(Path group) implements AttemptLimits {
        @Override
        public List<Path> joins() {
            return List.of(group.resolve("cgroup.procs"));
        }

        @Override
        public boolean oomKilled() {
            return ControlFiles.keyed(group.resolve("memory.events"), "oom_kill").orElse(0) > 0;
        }

        @Override
        public void release() {
            if (!ControlFiles.remove(group)) {
                log.atInfo().setMessage("control group still holds processes the worker left behind; left in place")
                        .addKeyValue("group", group).log();
            }
        }
    }
}
