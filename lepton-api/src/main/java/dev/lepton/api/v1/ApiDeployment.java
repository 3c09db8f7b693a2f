package dev.lepton.api.v1;

/**
 * {@code kind: Deployment}: a model, or any command serving HTTP on {@code $PORT}, kept running as
 * replicas behind one endpoint ({@code /v2/models/NAME/…}, {@code /endpoints/NAME/…}). Its name is its
 * endpoint, so it is unique on the server, whatever the project.
 */
public record ApiDeployment(String kind, String apiVersion, ObjectMeta metadata, ApiDeploymentSpec spec, ApiDeploymentStatus status) {
    public static final String KIND = "Deployment";
}
