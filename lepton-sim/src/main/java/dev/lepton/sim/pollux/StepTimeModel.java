package dev.lepton.sim.pollux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An application's measured step times (§3.3 of SIMULATOR-MODEL.md): exact placements of 1–4 nodes
 * from {@code placements.csv}, and for anything else a table of planes by node count (averaged
 * placements plus {@code scalability.csv}) interpolated linearly in nodes, replicas and local batch
 * (the model's Java-friendly substitute for the artifact's Delaunay interpolation).
 */
final class StepTimeModel {
    private final Map<String, LocalBatchCurve> placements;
    /** nodes → replicas → curve over local batch. */
    private final NavigableMap<Integer, NavigableMap<Integer, LocalBatchCurve>> planes;

    private StepTimeModel(Map<String, LocalBatchCurve> placements, NavigableMap<Integer, NavigableMap<Integer, LocalBatchCurve>> planes) {
        this.placements = Map.copyOf(placements);
        this.planes = planes;
    }

    /** Step time of a micro-batch of {@code localBatch} on {@code gpusPerNode}. */
    StepTime at(List<Integer> gpusPerNode, double localBatch) {
        LocalBatchCurve exact = placements.get(PlacementKey.of(gpusPerNode));
        if (exact != null) {
            return exact.at(localBatch);
        }
        int nodes = 0;
        int replicas = 0;
        for (int g : gpusPerNode) {
            nodes += g > 0 ? 1 : 0;
            replicas += g;
        }
        if (replicas == 0) {
            throw new IllegalArgumentException("no step time for an empty placement");
        }
        return interpolated(nodes, replicas, localBatch);
    }

    private StepTime interpolated(int nodes, int replicas, double localBatch) {
        double n = Math.min(nodes, planes.lastKey());
        double perNode = replicas / n;
        Integer lo = planes.floorKey((int) Math.floor(n));
        Integer hi = planes.ceilingKey((int) Math.ceil(n));
        lo = lo == null ? hi : lo;
        hi = hi == null ? lo : hi;
        StepTime atLo = inPlane(lo, perNode, localBatch);
        if (lo.equals(hi)) {
            return atLo;
        }
        return StepTime.between(atLo, inPlane(hi, perNode, localBatch), (n - lo) / (hi - lo));
    }

    private StepTime inPlane(int nodes, double perNode, double localBatch) {
        NavigableMap<Integer, LocalBatchCurve> plane = planes.get(nodes);
        double r = Math.clamp(perNode * nodes, plane.firstKey(), plane.lastKey());
        int ra = plane.floorKey((int) Math.floor(r));
        int rb = plane.ceilingKey((int) Math.ceil(r));
        StepTime atA = plane.get(ra).at(localBatch);
        if (ra == rb) {
            return atA;
        }
        return StepTime.between(atA, plane.get(rb).at(localBatch), (r - ra) / (rb - ra));
    }

    /** A measurement of {@code placements.csv}: a placement id (GPUs per node as digits), a local batch and its step time. */
    record PlacementPoint(String placement, double localBatch, StepTime time) {
        PlacementPoint {
            if (placement == null || placement.isEmpty() || !placement.chars().allMatch(c -> c >= '1' && c <= '9') || !(localBatch > 0)) {
                throw new IllegalArgumentException("placement point needs digits 1-9 and a positive local batch, got " + placement + ", " + localBatch);
            }
        }
    }

    /** A measurement of {@code scalability.csv}: nodes, replicas, a local batch and its step time. */
    record ScalingPoint(int nodes, int replicas, double localBatch, StepTime time) {
        ScalingPoint {
            if (nodes < 1 || replicas < nodes || !(localBatch > 0)) {
                throw new IllegalArgumentException("scaling point needs nodes >= 1, replicas >= nodes, positive local batch, got "
                        + nodes + ", " + replicas + ", " + localBatch);
            }
        }
    }

    static StepTimeModel of(List<PlacementPoint> placementPoints, List<ScalingPoint> scalingPoints) {
        if (placementPoints.isEmpty()) {
            throw new IllegalArgumentException("a step-time model needs at least one placement measurement");
        }
        Map<String, TreeMap<Double, StepTime>> byPlacement = new HashMap<>();
        Map<List<Integer>, TreeMap<Double, double[]>> sums = new HashMap<>();
        for (PlacementPoint p : placementPoints) {
            byPlacement.computeIfAbsent(p.placement(), k -> new TreeMap<>()).put(p.localBatch(), p.time());
            accumulate(sums, p.placement().length(), p.placement().chars().map(c -> c - '0').sum(), p.localBatch(), p.time());
        }
        for (ScalingPoint p : scalingPoints) {
            accumulate(sums, p.nodes(), p.replicas(), p.localBatch(), p.time());
        }
        Map<String, LocalBatchCurve> curves = new HashMap<>();
        byPlacement.forEach((key, points) -> curves.put(key, new LocalBatchCurve(points)));
        NavigableMap<Integer, NavigableMap<Integer, LocalBatchCurve>> planes = new TreeMap<>();
        sums.forEach((nodesReplicas, points) -> {
            TreeMap<Double, StepTime> averaged = new TreeMap<>();
            points.forEach((bsz, s) -> averaged.put(bsz, new StepTime(s[0] / s[2], s[1] / s[2])));
            planes.computeIfAbsent(nodesReplicas.get(0), n -> new TreeMap<>()).put(nodesReplicas.get(1), new LocalBatchCurve(averaged));
        });
        return new StepTimeModel(curves, planes);
    }

    static StepTimeModel read(Path placementsCsv, Path scalabilityCsv) {
        List<PlacementPoint> placementPoints = new ArrayList<>();
        CsvTable placements = CsvTable.read(placementsCsv, List.of("placement", "local_bsz", "step_time", "sync_time"));
        for (CsvTable.Row row : placements.rows()) {
            String key = placements.text(row, "placement");
            if (!key.chars().allMatch(c -> c >= '1' && c <= '9')) {
                throw placements.error(row, "placement", "expected digits 1-9 (GPUs per node), got '" + key + "'");
            }
            placementPoints.add(new PlacementPoint(key, positive(placements, row, "local_bsz"), stepTime(placements, row)));
        }
        if (placementPoints.isEmpty()) {
            throw PolluxFormatException.inFile(placementsCsv, "no placements");
        }
        List<ScalingPoint> scalingPoints = new ArrayList<>();
        CsvTable scalability = CsvTable.read(scalabilityCsv, List.of("num_nodes", "num_replicas", "local_bsz", "step_time", "sync_time"));
        for (CsvTable.Row row : scalability.rows()) {
            int nodes = scalability.integer(row, "num_nodes");
            int replicas = scalability.integer(row, "num_replicas");
            if (nodes < 1 || replicas < nodes) {
                throw scalability.error(row, "num_replicas", "needs num_nodes >= 1 and num_replicas >= num_nodes, got " + nodes + ", " + replicas);
            }
            scalingPoints.add(new ScalingPoint(nodes, replicas, positive(scalability, row, "local_bsz"), stepTime(scalability, row)));
        }
        return of(placementPoints, scalingPoints);
    }

    private static void accumulate(Map<List<Integer>, TreeMap<Double, double[]>> sums, int nodes, int replicas, double bsz, StepTime t) {
        double[] s = sums.computeIfAbsent(List.of(nodes, replicas), k -> new TreeMap<>()).computeIfAbsent(bsz, b -> new double[3]);
        s[0] += t.step();
        s[1] += t.sync();
        s[2] += 1;
    }

    private static StepTime stepTime(CsvTable table, CsvTable.Row row) {
        double step = positive(table, row, "step_time");
        double sync = table.number(row, "sync_time");
        if (sync < 0) {
            throw table.error(row, "sync_time", "must be >= 0, got " + sync);
        }
        return new StepTime(step, sync);
    }

    private static double positive(CsvTable table, CsvTable.Row row, String field) {
        double value = table.number(row, field);
        if (value <= 0) {
            throw table.error(row, field, "must be > 0, got " + value);
        }
        return value;
    }
}
