package dev.lepton.api.v1;

import java.util.List;

/**
 * Where a deployment stands: its {@code phase} ({@code Pending} until a replica is ready, {@code Ready}, {@code Failed}
 * when its replicas cannot start), the spec's {@code revision}, the replica count the controller wants ({@code desired})
 * and how many answer ({@code ready}), the {@code endpoint} path, a message for people, each replica, and what each revision
 * served and cost ({@code revisions}, on a single deployment's read).
 */
public record ApiDeploymentStatus(String phase, long revision, int desired, int ready, String endpoint, String message,
                                  List<ApiReplica> replicas, List<ApiRevisionStats> revisions) {
    public ApiDeploymentStatus(String phase, long revision, int desired, int ready, String endpoint, String message, List<ApiReplica> replicas) {
        this(phase, revision, desired, ready, endpoint, message, replicas, null);
    }
}
