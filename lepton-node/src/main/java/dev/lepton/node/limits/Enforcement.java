package dev.lepton.node.limits;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.util.Optional;

/**
 * How this node enforces a worker's resources. {@link #name()} is what the node reports
 * ({@code cgroup-v2}, {@code cgroup-v1}, {@code watch}).
 */
public sealed interface Enforcement permits CgroupV2, CgroupV1, Watch {
    String CGROUP_V2 = "cgroup-v2";
    String CGROUP_V1 = "cgroup-v1";
    String WATCH = "watch";

    String name();

    /** Makes the attempt's limits before its worker starts; the worker joins {@link AttemptLimits#joins()}. */
    AttemptLimits create(AttemptId attempt, Resources resources);

    /** The limits an attempt launched earlier (by a server before a restart) still has, if any. */
    Optional<AttemptLimits> existing(AttemptId attempt);

    /** Whether the executor must watch sampled memory itself: nothing else stops a worker over its limit. */
    default boolean watchesMemory() {
        return false;
    }
}
