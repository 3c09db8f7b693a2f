package dev.lepton.api.v1;

import java.util.List;

/**
 * What a deployment serves and how. Exactly one of {@code model} and {@code command}:
 * <ul>
 * <li>{@code model}: a code snapshot holding the ONNX model ({@code sha256:…}, uploaded as {@code PUT /api/v1/code/{sha}}
 *     does; {@code lepton deploy create --model FILE} packs and uploads it), {@code modelFile} its path in the
 *     snapshot (default {@code model.onnx}); each replica runs {@code lepton serve-model} on it;
 * <li>{@code command}: any program serving HTTP on {@code $PORT}, optionally with {@code code} shipped as a job's is.
 * </ul>
 * {@code resources} are per replica; {@code replicas} bounds the count (default 1..1); {@code scaling} says what the
 * autoscaler follows; {@code batching} is the model server's dynamic batching; {@code access} is {@code token}
 * (default: a Lepton token with a role in the deployment's project) or {@code public}; {@code readinessProbe} says when a
 * replica takes requests (default: {@code /v2/health/ready} of a model server answering 200, or a command's {@code /}
 * answering below 500, asked every second) and {@code livenessProbe} when a replica that was ready is restarted (default:
 * none).
 */
public record ApiDeploymentSpec(String model, String modelFile, List<String> command, String code, String image, String queue,
                                Integer priority, ApiResources resources, ApiReplicas replicas, ApiScaling scaling, ApiBatching batching,
                                String access, ApiProbe readinessProbe, ApiProbe livenessProbe) {}
