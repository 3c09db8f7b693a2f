package dev.lepton.core.placement;

import java.util.Optional;

/** The feasibility checks of the default pipeline. */
public final class Filters {
    private Filters() {}

    public static final NodeFilter HEALTHY = (node, request) ->
            node.node().healthy() ? Optional.empty() : Optional.of("node is not healthy");

    /** Could the node ever hold one worker, were it idle? */
    public static final NodeFilter FITS_CAPACITY = (node, request) -> {
        var missing = request.shortfall(node.node().allocatable());
        return missing.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", missing).replace(" free", " in all"));
    };

    /** Does it hold one worker now? */
    public static final NodeFilter FITS_FREE = (node, request) -> {
        var missing = request.shortfall(node.free());
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
    };
}
