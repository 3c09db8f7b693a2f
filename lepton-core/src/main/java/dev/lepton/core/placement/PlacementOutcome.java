package dev.lepton.core.placement;

import java.util.List;

/** The answer to a placement request. "Not now" ({@link Waiting}) and "never" ({@link Infeasible}) differ. */
public sealed interface PlacementOutcome {
    /** One line for people: why, or where. */
    String summary();

    /** What placement thought of each node, for {@code lepton job explain}. */
    List<NodeVerdict> verdicts();

    record Placed(List<Assignment> assignments, List<NodeVerdict> verdicts) implements PlacementOutcome {
        public Placed {
            assignments = List.copyOf(assignments);
            verdicts = List.copyOf(verdicts);
        }

        @Override
        public String summary() {
            return "placed " + assignments.size() + " worker(s) on "
                    + assignments.stream().map(Assignment::node).distinct().toList();
        }
    }

    /** Fits the cluster, but not the resources free right now. */
    record Waiting(String summary, List<NodeVerdict> verdicts) implements PlacementOutcome {
        public Waiting {
            verdicts = List.copyOf(verdicts);
        }
    }

    /** Can never run on this cluster as it is, even if every node were idle. */
    record Infeasible(String summary, List<NodeVerdict> verdicts) implements PlacementOutcome {
        public Infeasible {
            verdicts = List.copyOf(verdicts);
        }
    }
}
