package dev.lepton.sim.pollux;

import java.util.ArrayList;
import java.util.List;

/**
 * The artifact's id of a placement: GPUs per node without the empty nodes, rotated to the
 * lexicographically smallest cyclic rotation (not sorted: (4,3,2) is 243, (4,2,3) is 234), digits
 * concatenated.
 */
final class PlacementKey {
    private PlacementKey() {}

    static String of(List<Integer> gpusPerNode) {
        List<Integer> used = new ArrayList<>();
        for (int g : gpusPerNode) {
            if (g < 0) {
                throw new IllegalArgumentException("negative GPU count in placement " + gpusPerNode);
            }
            if (g > 0) {
                used.add(g);
            }
        }
        int n = used.size();
        int best = 0;
        for (int start = 1; start < n; start++) {
            if (compareRotations(used, start, best) < 0) {
                best = start;
            }
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < n; i++) {
            key.append(used.get((best + i) % n));
        }
        return key.toString();
    }

    private static int compareRotations(List<Integer> values, int a, int b) {
        int n = values.size();
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(values.get((a + i) % n), values.get((b + i) % n));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
