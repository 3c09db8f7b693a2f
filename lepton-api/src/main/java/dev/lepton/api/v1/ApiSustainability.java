package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * The cluster's sustainability over a window, in the three kinds of indicator the seed names:
 * economic (what it cost, and what idle capacity cost), environmental (energy, carbon, the intensity
 * paid against the grid's average) and social (fair access: each queue's share of the accelerator
 * hours against its share of the quota). A figure that cannot be known is null, never a zero.
 */
public record ApiSustainability(Instant from, Instant to, Economic economic, Environmental environmental, List<Access> access) {
    public ApiSustainability {
        access = List.copyOf(access);
    }

    /**
     * @param utilisation allocated over allocatable resource-hours of the {@code resource} the cluster
     *     is priced by (GPUs where it has any, else CPUs)
     * @param costPerResourceHour total cost over the allocated resource-hours
     */
    public record Economic(double totalCostDollars, double workloadCostDollars, double idleCapacityCostDollars, String resource,
                           double allocatedHours, double capacityHours, Double utilisation, Double costPerResourceHour) {}

    /**
     * @param averageIntensityPaid the gCO2e per kWh workloads' energy was priced at (PUE removed)
     * @param gridAverageIntensity the mean hourly intensity of the nodes' regions over the window
     * @param carbonAvoidedKg carbon avoided by deferral against starting at submission: for each job
     *     with a {@code spec.schedule} that first started (over all its attempts) a shift after its
     *     submission, the sum over its hours in the window of what the hour's energy would have cost
     *     at its node region's intensity one shift earlier (the hour's middle moved back), times PUE,
     *     less what it did cost. Hours whose earlier intensity is not known, or whose node is no
     *     longer known, are left out; negative where deferral made things worse; null where no hour
     *     of a deferred job is left
     */
    public record Environmental(double kwh, double workloadKwh, double kgCo2e, double measuredShare, Double averageIntensityPaid,
                                Double gridAverageIntensity, Double carbonAvoidedKg) {}

    /** One queue's share of the allocated resource-hours against its share of the nominal quota (null: the queue names none). */
    public record Access(String queue, double hours, double share, Double quotaShare) {}
}
