package dev.lepton.core.quota;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Scoring;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A queue's quota and how its work is placed. {@code nominal} is guaranteed to it; when it belongs
 * to a {@code cohort} it may borrow idle quota of the cohort beyond its nominal, up to
 * {@code borrowingLimit} for the resources that limit names (unlimited for the others). A quota
 * governs only the resources it names: a queue with a GPU quota alone uses CPU and memory as the
 * nodes allow. {@code scoring} weighs the placement scorers for its jobs (bin-packing by default).
 */
public record QueueSpec(String name, Optional<String> cohort, Quota nominal, Optional<Quota> borrowingLimit, Scoring scoring) {
    public QueueSpec {
        requireNonNull(name, "name is null");
        requireNonNull(cohort, "cohort is null");
        requireNonNull(nominal, "nominal is null");
        requireNonNull(borrowingLimit, "borrowingLimit is null");
        scoring = scoring == null ? Scoring.DEFAULT : scoring; // queues stored before scoring existed
    }

    /** A queue that bin-packs. */
    public QueueSpec(String name, Optional<String> cohort, Quota nominal, Optional<Quota> borrowingLimit) {
        this(name, cohort, nominal, borrowingLimit, Scoring.DEFAULT);
    }

    /** A queue without limits: the default queue until an operator gives it a quota. */
    public static QueueSpec unlimited(String name) {
        return new QueueSpec(name, Optional.empty(), new Quota(Map.of()), Optional.empty());
    }

    /** What {@code usage} holds beyond the nominal quota, for the resources the quota names: what the queue borrows. */
    public Quota beyondNominal(Quota usage) {
        Map<String, Long> beyond = new TreeMap<>();
        nominal.amounts().forEach((resource, amount) -> {
            if (usage.get(resource) > amount) {
                beyond.put(resource, usage.get(resource) - amount);
            }
        });
        return new Quota(beyond);
    }

    /** Unlimited when nothing at all is nominal: quotas are opt-in. */
    public boolean isUnlimited() {
        return nominal.amounts().isEmpty() && cohort.isEmpty();
    }
}
