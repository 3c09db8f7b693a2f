package dev.lepton.api.v1;

/** {@code kind: Job}: a batch or training job of one or more workers. */
public record ApiJob(String kind, String apiVersion, ObjectMeta metadata, ApiJobSpec spec, ApiJobStatus status) {
    public static final String KIND = "Job";

    public static ApiJob of(ObjectMeta metadata, ApiJobSpec spec) {
        return new ApiJob(KIND, Versions.V1, metadata, spec, null);
    }
}
