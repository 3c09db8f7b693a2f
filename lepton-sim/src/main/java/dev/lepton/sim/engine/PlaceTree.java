package dev.lepton.sim.engine;

import java.util.Arrays;

/**
 * The waiting jobs by their fixed places in a policy's order, with the fewest GPUs and the shortest
 * run time under each subtree: finds the next job, in order, that an EASY plan could still start
 * (see {@code WaitingLine.StartBound}) without looking at the jobs in between.
 */
final class PlaceTree {
    private final int leaves;
    private final int[] fewestGpus;
    private final double[] shortestSeconds;

    PlaceTree(int places) {
        int size = 1;
        while (size < places) {
            size <<= 1;
        }
        leaves = size;
        fewestGpus = new int[2 * size];
        shortestSeconds = new double[2 * size];
        Arrays.fill(fewestGpus, Integer.MAX_VALUE);
        Arrays.fill(shortestSeconds, Double.POSITIVE_INFINITY);
    }

    /** A job that needs {@code gpus} and runs {@code seconds} waits at {@code place}. */
    void put(int place, int gpus, double seconds) {
        int i = place + leaves;
        fewestGpus[i] = gpus;
        shortestSeconds[i] = seconds;
        for (i >>= 1; i >= 1; i >>= 1) {
            fewestGpus[i] = Math.min(fewestGpus[2 * i], fewestGpus[2 * i + 1]);
            shortestSeconds[i] = Math.min(shortestSeconds[2 * i], shortestSeconds[2 * i + 1]);
        }
    }

    /** No job waits at {@code place} any more; false if none did. */
    boolean clear(int place) {
        if (fewestGpus[place + leaves] == Integer.MAX_VALUE) {
            return false;
        }
        put(place, Integer.MAX_VALUE, Double.POSITIVE_INFINITY);
        return true;
    }

    /**
     * The first place at or after {@code from} whose job needs fewer than {@code hopelessGpus} GPUs and
     * either at most {@code spareGpus} or runs at most {@code withinSeconds}; -1 if there is none.
     */
    int next(int from, int hopelessGpus, int spareGpus, double withinSeconds) {
        return from >= leaves ? -1 : next(1, 0, leaves, from, hopelessGpus, spareGpus, withinSeconds);
    }

    private int next(int node, int lo, int hi, int from, int hopelessGpus, int spareGpus, double withinSeconds) {
        // Necessary for some job below to qualify (the fewest GPUs and the shortest run may be two jobs'); exact at a leaf.
        if (hi <= from || fewestGpus[node] >= hopelessGpus
                || fewestGpus[node] > spareGpus && shortestSeconds[node] > withinSeconds) {
            return -1;
        }
        if (hi - lo == 1) {
            return lo;
        }
        int mid = (lo + hi) >>> 1;
        int left = next(2 * node, lo, mid, from, hopelessGpus, spareGpus, withinSeconds);
        return left >= 0 ? left : next(2 * node + 1, mid, hi, from, hopelessGpus, spareGpus, withinSeconds);
    }
}
