package dev.lepton.sim.pollux;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The artifact's Optimus (+Oracle+TunedJobs), §4.2: the total batch is fixed, the GPU count is not.
 * One GPU each in workload order, then one more at a time to the job whose remaining time drops the
 * most (true remaining iterations × true step-time reduction on a packed placement). Jobs whose GPU
 * count is unchanged keep their GPUs; the others are placed smallest first on the most-free nodes.
 */
final class OptimusPolicy implements RoundPolicy {
    private record Prediction(String app, int batch, int gpus) {}

    private final Map<Prediction, Double> stepSeconds = new HashMap<>();

    @Override
    public Map<PolluxJob, Allocation> allocate(double now, List<PolluxJob> active, NodeLayout cluster) {
        int[] gpus = shares(active, cluster);
        return place(active, gpus, cluster);
    }

    @Override
    public void checkFeasible(List<PolluxJob> jobs, NodeLayout cluster) {
        // Every job runs on as few as one GPU; its predictions know one GPU model.
        if (cluster.models().size() > 1) {
            throw new IllegalArgumentException("optimus predicts step times for one GPU model, and this cluster has " + cluster.models()
                    + "; run it on a cluster of one model");
        }
    }

    private int[] shares(List<PolluxJob> active, NodeLayout cluster) {
        int n = active.size();
        int[] gpus = new int[n];
        int free = cluster.totalGpus();
        for (int i = 0; i < n && free > 0; i++) {
            gpus[i] = 1;
            free--;
        }
        double[] remaining = new double[n];
        for (int i = 0; i < n; i++) {
            remaining[i] = remainingIterations(active.get(i));
        }
        int perNode = cluster.gpusPerNode().stream().mapToInt(Integer::intValue).max().orElseThrow();
        while (free > 0) {
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < n; i++) {
                PolluxJob job = active.get(i);
                if (gpus[i] == 0 || gpus[i] >= maxGpus(job)) {
                    continue;
                }
                double gain = (predict(job, gpus[i], perNode) - predict(job, gpus[i] + 1, perNode)) * remaining[i];
                if (gain > bestGain) {
                    best = i;
                    bestGain = gain;
                }
            }
            if (best < 0) {
                break;
            }
            gpus[best]++;
            free--;
        }
        return gpus;
    }

    static int maxGpus(PolluxJob job) {
        if (job.app().name().equals("ncf")) {
            return 1;
        }
        return Math.max(1, job.spec().batchSize() / job.app().minLocalBatch());
    }

    /** The oracle's remaining iterations at the job's batch: to the end of the last epoch, 1 once in it. */
    static double remainingIterations(PolluxJob job) {
        AppProfile app = job.app();
        int last = app.epochs() - 1;
        if (job.epoch() >= last) {
            return 1;
        }
        int batch = job.spec().batchSize();
        return app.iterationsAtEndOf(last, batch) - app.iterationsAtEndOf(job.epoch(), batch);
    }

    /** T̂(n): true seconds per optimizer step on n GPUs packed onto full nodes; one GPU always accumulates. */
    private double predict(PolluxJob job, int gpus, int perNode) {
        return stepSeconds.computeIfAbsent(new Prediction(job.app().name(), job.spec().batchSize(), gpus), p -> {
            BatchSplit split = BatchSplit.of(job.app(), gpus, p.batch(), true);
            List<Integer> packed = new ArrayList<>();
            for (int left = gpus; left > 0; left -= perNode) {
                packed.add(Math.min(perNode, left));
            }
            return job.app().stepTimes().at(packed, split.atomic()).perOptimizerStep(split.accumulation());
        });
    }

    private static Map<PolluxJob, Allocation> place(List<PolluxJob> active, int[] gpus, NodeLayout cluster) {
        Map<PolluxJob, Allocation> next = new HashMap<>();
        List<Integer> moving = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            PolluxJob job = active.get(i);
            if (gpus[i] > 0 && job.allocation().gpus() == gpus[i]) {
                next.put(job, job.allocation());
            } else if (gpus[i] > 0) {
                moving.add(i);
            }
        }
        moving.sort(Comparator.comparingInt(i -> gpus[i]));
        int[] free = cluster.freeAfter(next);
        for (int i : moving) {
            next.put(active.get(i), NodeLayout.mostFreeFirst(free, gpus[i]));
        }
        return next;
    }
}
