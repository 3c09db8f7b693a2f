package dev.lepton.api.v1;

/** {@code kind: Cohort}: queues that lend each other idle quota; {@code spec.parent} nests cohorts. */
public record ApiCohort(String kind, String apiVersion, ObjectMeta metadata, Spec spec) {
    public static final String KIND = "Cohort";

    public record Spec(String parent) {}
}
