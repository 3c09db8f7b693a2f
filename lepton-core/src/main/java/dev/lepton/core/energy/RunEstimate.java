package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.time.Duration;

/**
 * What a run is expected to cost before it starts, on one node: each worker draws, for the whole run,
 * what attribution would give it with its allocation kept busy, that is its GPUs at their maximum, its
 * CPU share of the packages' active range and, under {@link IdlePolicy#BY_ALLOCATION}, its CPU share of
 * their idle power. An upper bound for work that leaves its allocation idle part of the time; modelled,
 * always. Money follows {@link #priceShare}, as the ledger's does.
 *
 * @param model the node's power model
 * @param capacity what the node offers
 * @param idlePolicy whether workers carry idle power
 * @param pue the data centre's power usage effectiveness
 * @param pricePerHour the node's price
 * @param energyPricePerKwh what a kWh costs on top of the node's price
 */
public record RunEstimate(PowerModel model, Resources capacity, IdlePolicy idlePolicy, double pue, double pricePerHour,
                          double energyPricePerKwh) {
    public RunEstimate {
        requireNonNull(model, "model is null");
        requireNonNull(capacity, "capacity is null");
        requireNonNull(idlePolicy, "idlePolicy is null");
    }

    /** The share of a node's price that an allocation pays: of its GPUs where it has any, else of its CPUs. */
    public static double priceShare(Resources allocated, Resources capacity) {
        if (capacity.gpus() > 0) {
            return (double) allocated.gpus() / capacity.gpus();
        }
        return capacity.cpuMillis() == 0 ? 0 : Math.min(1, (double) allocated.cpuMillis() / capacity.cpuMillis());
    }

    /** {@code workers} workers of {@code perWorker} each running for {@code duration} on a grid at {@code gramsPerKwh}. */
    public Footprint of(Resources perWorker, int workers, Duration duration, double gramsPerKwh) {
        double seconds = duration.toNanos() / 1e9;
        double cpuShare = capacity.cpuMillis() == 0 ? 0 : Math.min(1, (double) perWorker.cpuMillis() / capacity.cpuMillis());
        PowerRange cpu = model.component(ComponentKind.CPU_PACKAGE, 0).map(PowerModel.ModelledComponent::range).orElse(new PowerRange(0, 0));
        double cpuWatts = (cpu.maxWatts() - cpu.idleWatts()) * cpuShare + (idlePolicy == IdlePolicy.BY_ALLOCATION ? cpu.idleWatts() * cpuShare : 0);
        double gpuMax = model.components().stream().filter(c -> c.kind() == ComponentKind.GPU).mapToDouble(c -> c.range().maxWatts())
                .average().orElse(0);
        ComponentJoules joules = new ComponentJoules(cpuWatts * seconds * workers, 0, gpuMax * perWorker.gpus() * seconds * workers);
        double kwh = Footprint.kwh(joules.total());
        double dollars = pricePerHour * priceShare(perWorker, capacity) * workers * seconds / 3600 + energyPricePerKwh * kwh;
        return new Footprint(joules, 0, kwh * pue * gramsPerKwh, dollars);
    }
}
