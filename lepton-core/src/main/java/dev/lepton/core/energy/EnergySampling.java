package dev.lepton.core.energy;

import dev.lepton.core.execution.AttemptId;
import java.util.Map;

/**
 * Optional executor capability: the energy of each worker so far, as the executor knows it: measured by
 * the engine that runs the workers, or modelled where they run on nodes the server cannot read the power
 * of (each figure says which: {@link WorkerEnergy#provenance()}). A worker with a measured figure is
 * metered by its figures alone, on any node; one with a modelled figure is metered by it on a node the
 * server does not meter itself, and by the server's own model of its machine there. A worker's last
 * figure may come once after it ended (Slurm settles a job's energy when the job ends): the meter adds
 * what it brings, once. An executor that reads energy in the same query as usage answers from its latest
 * usage sample, so call this after {@link dev.lepton.core.execution.UsageSampling#sampleUsage()}.
 */
public interface EnergySampling {
    /** An executor that knows no energy. */
    EnergySampling NONE = Map::of;

    Map<AttemptId, WorkerEnergy> sampleEnergy();
}
