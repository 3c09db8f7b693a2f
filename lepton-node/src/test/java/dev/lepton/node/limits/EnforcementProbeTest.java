package dev.lepton.node.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which enforcement a host gets, read from its mount table, and the cgroup v2 file protocol, on a
 * made-up cgroup filesystem in a temporary directory (this machine has only cgroup v1; its real v1
 * groups are exercised by ResourceLimitsTest).
 */
class EnforcementProbeTest {
    private static final AttemptId ATTEMPT = new AttemptId("job-1", 2, 0);

    @TempDir
    Path root;

    @Test
    void cgroup_v2_with_the_memory_controller_is_preferred_and_given_its_controllers() throws IOException {
        Path unified = unifiedWithControllers("cpuset cpu io memory pids");
        Path mounts = mounts("cgroup2 " + unified + " cgroup2 rw,relatime 0 0", "cgroup " + root.resolve("memory") + " cgroup rw,memory 0 0");

        Enforcement enforcement = EnforcementProbe.detect(mounts);

        assertThat(enforcement).isEqualTo(new CgroupV2(unified.resolve("lepton"), true));
        assertThat(Files.readString(unified.resolve("lepton/cgroup.subtree_control"))).isEqualTo("+memory +cpu");
    }

    @Test
    void a_v2_hierarchy_without_the_memory_controller_leaves_v1_which_is_used_where_its_parent_is_writable() throws IOException {
        Path unified = unifiedWithControllers("hugetlb");
        Path memory = Files.createDirectories(root.resolve("memory/lepton"));
        Files.writeString(memory.resolve("cgroup.procs"), "");
        Path mounts = mounts("cgroup2 " + unified + " cgroup2 rw 0 0", "cgroup " + root.resolve("memory") + " cgroup rw,relatime,memory 0 0");

        assertThat(EnforcementProbe.detect(mounts)).isEqualTo(new CgroupV1(memory, Optional.empty()));
    }

    @Test
    void without_a_usable_cgroup_the_node_watches() throws IOException {
        assertThat(EnforcementProbe.detect(mounts("proc /proc proc rw 0 0")).name()).isEqualTo(Enforcement.WATCH);
        assertThat(EnforcementProbe.detect(root.resolve("no-such-mount-table")).name()).isEqualTo(Enforcement.WATCH);
    }

    @Test
    void a_v2_attempt_group_gets_memory_max_no_swap_and_a_cpu_quota_and_reports_the_kernels_oom_kill() throws IOException {
        Path group = Files.createDirectories(root.resolve("lepton").resolve(ATTEMPT.toString()));
        for (String file : new String[] {"memory.max", "memory.swap.max", "cpu.max", "memory.events", "cgroup.procs"}) {
            Files.writeString(group.resolve(file), "");
        }
        CgroupV2 enforcement = new CgroupV2(root.resolve("lepton"), true);

        AttemptLimits limits = enforcement.create(ATTEMPT, new Resources(1_500, 64L << 20, 0));

        assertThat(limits.joins()).containsExactly(group.resolve("cgroup.procs"));
        assertThat(Files.readString(group.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(group.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(group.resolve("cpu.max"))).isEqualTo("150000 100000");
        assertThat(limits.oomKilled()).isFalse();
        Files.writeString(group.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        assertThat(limits.oomKilled()).isTrue();
        assertThat(enforcement.existing(ATTEMPT)).isPresent();
        assertThat(enforcement.existing(new AttemptId("job-2", 1, 0))).isEmpty();
    }

    @Test
    void a_quota_is_the_share_of_each_period_the_request_names() {
        assertThat(CgroupV1.quotaMicros(500)).isEqualTo(50_000);
        assertThat(CgroupV1.quotaMicros(4_000)).isEqualTo(400_000);
        assertThat(CgroupV1.quotaMicros(1)).as("the kernel's minimum").isEqualTo(1_000);
    }

    private Path unifiedWithControllers(String controllers) throws IOException {
        Path unified = Files.createDirectories(root.resolve("unified"));
        Files.writeString(unified.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(unified.resolve("cgroup.subtree_control"), "");
        Files.createDirectories(unified.resolve("lepton"));
        Files.writeString(unified.resolve("lepton/cgroup.subtree_control"), "");
        return unified;
    }

    private Path mounts(String... lines) throws IOException {
        return Files.writeString(root.resolve("mounts"), String.join("\n", lines) + "\n");
    }
}
