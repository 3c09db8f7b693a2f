package dev.lepton.core.energy;

import dev.lepton.core.execution.AttemptId;
import java.util.Map;

/**
 * Optional executor capability: the energy the engine that runs the workers measured for each running
 * worker so far, where it measures any, or modelled where it runs on nodes the server cannot read the power
 * of (each figure says which: {@link MeasuredEnergy#provenance()}). A worker it has a figure for is metered by
 * that figure alone, marked as the figure is; the others are modelled from the node's power as before. An executor that reads
 * energy in the same query as usage answers from its latest usage sample, so call this after
 * {@link dev.lepton.core.execution.UsageSampling#sampleUsage()}.
 */
public interface EnergySampling {
    /** An executor that measures no energy. */
    EnergySampling NONE = Map::of;

    Map<AttemptId, MeasuredEnergy> sampleEnergy();
}
