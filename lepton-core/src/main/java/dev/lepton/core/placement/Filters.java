package dev.lepton.core.placement;

import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The feasibility checks of the pipeline, each a small function with a reason people can read. */
public final class Filters {
    private Filters() {}

    public static final NodeFilter HEALTHY = (node, request) ->
            node.node().healthy() ? Optional.empty() : Optional.of("node is not healthy");

    /** Every label of the job's node selector is on the node. */
    public static final NodeFilter SELECTOR = (node, request) -> {
        List<String> missing = request.constraints().nodeSelector().entrySet().stream()
                .filter(e -> !e.getValue().equals(node.node().labels().get(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("lacks label " + String.join(", ", missing));
    };

    /** The job tolerates every taint of the node. */
    public static final NodeFilter TOLERATES = (node, request) -> {
        List<String> untolerated = node.node().taints().stream()
                .filter(t -> !request.constraints().tolerations().contains(t)).map(Taint::toString).sorted().toList();
        return untolerated.isEmpty() ? Optional.empty()
                : Optional.of("has taint " + String.join(", ", untolerated) + " that the job does not tolerate");
    };

    public static final NodeFilter TIER = (node, request) -> request.constraints().tier()
            .filter(tier -> tier != node.node().tier())
            .map(tier -> "is " + (node.node().tier() == Tier.EDGE ? "an " : "a ") + node.node().tier().wireName() + " node, the job needs "
                    + tier.wireName());

    public static final NodeFilter REGION = (node, request) -> {
        var regions = request.constraints().regions();
        return regions.isEmpty() || regions.contains(node.node().region()) ? Optional.empty()
                : Optional.of("is in region " + node.node().region() + ", the job allows " + sorted(regions));
    };

    /** A job that asks for GPUs of certain models runs only where the GPUs are one of them. */
    public static final NodeFilter GPU_MODEL = (node, request) -> {
        var models = request.constraints().gpuModels();
        if (models.isEmpty() || request.perWorker().gpus() == 0) {
            return Optional.empty();
        }
        Optional<String> model = node.node().gpuModel();
        return model.filter(models::contains).isPresent() ? Optional.empty()
                : Optional.of("has " + model.map(m -> m + " GPUs").orElse("no GPUs") + ", the job needs " + sorted(models));
    };

    /** Could the node ever hold one worker, were it idle? */
    public static final NodeFilter FITS_CAPACITY = (node, request) -> {
        var missing = request.perWorker().shortfall(node.node().allocatable());
        return missing.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", missing).replace(" free", " in all"));
    };

    /** Does it hold one worker now? (What is missing is worked out only for a node that does not.) */
    public static final NodeFilter FITS_FREE = (node, request) -> {
        if (node.fits(request.perWorker())) {
            return Optional.empty();
        }
        var missing = request.perWorker().shortfall(node.free());
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
    };

    /** Whether a node could ever run the job: the checks that do not depend on what is in use. */
    /** The nodes of one GPU model, for a gang that must not mix models ({@link Placement}). */
    static NodeFilter gpuModelOfGang(String model) {
        return (node, request) -> node.node().gpuModel().filter(model::equals).isPresent() ? Optional.empty()
                : Optional.of("has " + node.node().gpuModel().map(m -> m + " GPUs").orElse("no GPUs") + ", the gang is tried on " + model);
    }

    public static final List<NodeFilter> FEASIBILITY = List.of(SELECTOR, TOLERATES, TIER, REGION, GPU_MODEL, FITS_CAPACITY);

    private static String sorted(java.util.Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", ", "{", "}"));
    }
}
