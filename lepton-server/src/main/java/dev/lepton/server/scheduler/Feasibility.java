package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.Constraints;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.resource.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a job could ever run on the nodes there are, asked as each job arrives. The answer depends only on
 * the nodes and the job's shape (resources per worker, workers, constraints), and jobs come in few shapes:
 * it is worked out once per shape and node list, so that ten thousand arrivals on five thousand nodes cost
 * a few passes over the nodes, not ten thousand. The loop's thread alone uses it.
 */
final class Feasibility {
    private record Shape(Resources perWorker, int workers, Constraints constraints) {}

    private final Placement placement;
    private List<Node> nodes;
    private ClusterSnapshot idle;
    private final Map<Shape, Optional<String>> answers = new HashMap<>();

    Feasibility(Placement placement) {
        this.placement = requireNonNull(placement, "placement is null");
    }

    /** Why {@code request} could never run on {@code current} (the source's list, the same object until it changes); empty if it could. */
    Optional<String> neverFits(List<Node> current, PlacementRequest request) {
        if (current != nodes) {
            nodes = current;
            idle = new ClusterSnapshot(current.stream().map(NodeState::idle).toList());
            answers.clear();
        }
        return answers.computeIfAbsent(new Shape(request.perWorker(), request.workers(), request.constraints()),
                shape -> placement.neverFits(idle, request));
    }
}
