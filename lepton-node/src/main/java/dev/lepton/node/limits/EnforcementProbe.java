package dev.lepton.node.limits;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the best enforcement this host allows, from its mount table: cgroup v2 with the memory
 * controller where a {@code lepton} parent can be made and given the controllers, else cgroup v1's
 * memory controller where the parent can be made, else {@link Watch}.
 */
public final class EnforcementProbe {
    /** The group under which every attempt's group is made, in each hierarchy. */
    public static final String PARENT = "lepton";
    private static final Logger log = LoggerFactory.getLogger(EnforcementProbe.class);

    private EnforcementProbe() {}

    /** One line of the mount table: where a filesystem of which type is mounted, with which options. */
    record Mount(Path point, String type, Set<String> options) {}

    /** This host, as {@code /proc/self/mounts} describes it. */
    public static Enforcement detect() {
        return detect(Path.of("/proc/self/mounts"));
    }

    static Enforcement detect(Path mountTable) {
        List<Mount> mounts = mounts(mountTable);
        Optional<Enforcement> found = mounts.stream().filter(m -> m.type().equals("cgroup2")).map(EnforcementProbe::v2)
                .flatMap(Optional::stream).findFirst()
                .or(() -> v1(mounts));
        Enforcement enforcement = found.orElseGet(Watch::new);
        log.atInfo().setMessage("resource enforcement").addKeyValue("enforcement", enforcement.name()).log();
        return enforcement;
    }

    static List<Mount> mounts(Path mountTable) {
        List<Mount> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(mountTable, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length >= 4) {
                    mounts.add(new Mount(Path.of(unescape(fields[1])), fields[2], Set.of(fields[3].split(","))));
                }
            }
        } catch (IOException e) {
            log.atWarn().setMessage("cannot read the mount table; watching memory instead of cgroups")
                    .addKeyValue("file", mountTable).addKeyValue("error", e.toString()).log();
        }
        return mounts;
    }

    /** The mount table writes a space in a path as {@code \040}. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
    }

    private static Optional<Enforcement> v2(Mount mount) {
        try {
            List<String> controllers = words(mount.point().resolve("cgroup.controllers"));
            if (!controllers.contains("memory")) {
                return Optional.empty();
            }
            boolean cpu = controllers.contains("cpu");
            String enable = cpu ? "+memory +cpu" : "+memory";
            Path parent = mount.point().resolve(PARENT);
            Files.createDirectories(parent);
            if (!words(mount.point().resolve("cgroup.subtree_control")).contains("memory")) {
                ControlFiles.write(mount.point().resolve("cgroup.subtree_control"), enable);
            }
            ControlFiles.write(parent.resolve("cgroup.subtree_control"), enable);
            return words(parent.resolve("cgroup.subtree_control")).contains("memory")
                    ? Optional.of(new CgroupV2(parent, cpu && words(parent.resolve("cgroup.subtree_control")).contains("cpu")))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.atInfo().setMessage("cgroup v2 is mounted but not ours to use").addKeyValue("mount", mount.point())
                    .addKeyValue("error", e.toString()).log();
            return Optional.empty();
        }
    }

    private static Optional<Enforcement> v1(List<Mount> mounts) {
        Optional<Path> memory = controller(mounts, "memory");
        if (memory.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> cpu = controller(mounts, "cpu");
        return Optional.of(new CgroupV1(memory.get(), cpu));
    }

    /** The {@code lepton} parent in the v1 hierarchy of {@code controller}, if it exists or can be made. */
    private static Optional<Path> controller(List<Mount> mounts, String controller) {
        for (Mount mount : mounts) {
            if (mount.type().equals("cgroup") && mount.options().contains(controller)) {
                Path parent = mount.point().resolve(PARENT);
                try {
                    Files.createDirectories(parent);
                    return Files.isWritable(parent.resolve("cgroup.procs")) ? Optional.of(parent) : Optional.empty();
                } catch (IOException | RuntimeException e) {
                    log.atInfo().setMessage("cgroup v1 controller is mounted but not ours to use").addKeyValue("controller", controller)
                            .addKeyValue("mount", mount.point()).addKeyValue("error", e.toString()).log();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> words(Path file) throws IOException {
        // The kernel lists enabled controllers bare ("memory cpu"); a plain file echoes what was written ("+memory").
        return Arrays.stream(Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+")).map(w -> w.replaceFirst("^\\+", "")).toList();
    }
}
