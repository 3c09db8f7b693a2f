package dev.lepton.server.jobs;

import dev.lepton.api.v1.ApiArray;
import dev.lepton.api.v1.ApiArrayStatus;
import dev.lepton.api.v1.ApiDependency;
import dev.lepton.api.v1.ApiDependencyStatus;
import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.workflow.ArrayIndices;
import dev.lepton.core.workflow.ArrayRequest;
import dev.lepton.core.workflow.DependencyState;
import dev.lepton.server.http.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code spec.array} and {@code spec.after} between the wire and the domain, every fault named with its field and value. */
final class WorkflowMapper {
    /** The most jobs one job may wait for. */
    static final int MAX_AFTER = 64;
    private static final int MAX_NAME = 63;

    private WorkflowMapper() {}

    /** The array a submission asks for, if any; {@code name} (the array's) must leave room for the task names. */
    static Optional<ArrayRequest> array(ApiArray array, String name, List<String> faults) {
        if (array == null) {
            return Optional.empty();
        }
        int before = faults.size();
        List<Integer> indices = List.of();
        if (array.indices() == null) {
            faults.add("spec.array.indices: required, e.g. 0-99, 1,3,5-7 or 0-99:2");
        } else {
            try {
                indices = ArrayIndices.parse(array.indices());
            } catch (IllegalArgumentException e) {
                faults.add("spec.array.indices: " + e.getMessage() + " (got '" + array.indices() + "')");
            }
        }
        int parallelism = array.parallelism() == null ? Math.max(1, indices.size()) : array.parallelism();
        if (parallelism < 1 || parallelism > ArrayIndices.MAX_TASKS) {
            faults.add("spec.array.parallelism: must be between 1 and " + ArrayIndices.MAX_TASKS + " (got " + parallelism + ")");
        }
        if (faults.size() > before) {
            return Optional.empty();
        }
        ArrayRequest request = new ArrayRequest(array.indices(), indices, parallelism);
        String longest = request.longestTaskName(name == null ? "" : name);
        if (Names.isValid(name) && longest.length() > MAX_NAME) {
            faults.add("metadata.name: too long for this array: its task '" + longest + "' would have " + longest.length()
                    + " characters, at most " + MAX_NAME + " (got '" + name + "')");
        }
        return Optional.of(request);
    }

    /** The jobs a submission waits for, as written (the server resolves their names when it stores the job). */
    static List<Dependency> after(List<ApiDependency> after, List<String> faults) {
        if (after == null) {
            return List.of();
        }
        if (after.size() > MAX_AFTER) {
            faults.add("spec.after: at most " + MAX_AFTER + " jobs to wait for (got " + after.size() + ")");
            return List.of();
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            ApiDependency d = after.get(i);
            String field = "spec.after[" + i + "]";
            if (d == null || d.job() == null) {
                faults.add(field + ".job: required (the name of a job or an array in this project)");
                continue;
            }
            if (!Names.isValid(d.job())) {
                faults.add(field + ".job: " + Names.RULE + " (got '" + d.job() + "')");
            }
            try {
                Dependency.Condition condition = d.condition() == null ? Dependency.Condition.SUCCEEDED : Dependency.Condition.parse(d.condition());
                dependencies.add(Dependency.unresolved(d.job(), condition));
            } catch (IllegalArgumentException e) {
                faults.add(field + ".condition: " + e.getMessage() + " (got '" + d.condition() + "')");
            }
        }
        return dependencies;
    }

    static List<ApiDependency> toApi(List<Dependency> after) {
        return after.isEmpty() ? null : after.stream().map(d -> new ApiDependency(d.job(), d.condition().wireName())).toList();
    }

    /** {@code status.array} of a task. */
    static ApiArrayStatus task(ArrayTask task) {
        return new ApiArrayStatus(task.array(), task.index(), task.size(), task.indices(), task.parallelism(), null);
    }

    /** {@code status.array} of an array: its tasks counted by phase. */
    static ApiArrayStatus array(ArrayTask any, Map<JobPhase, Integer> counts) {
        Map<String, Integer> tasks = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tasks.put(e.getKey().displayName(), e.getValue()));
        return new ApiArrayStatus(any.array(), null, any.size(), any.indices(), any.parallelism(), tasks);
    }

    /** {@code spec.array} as the array was submitted. */
    static ApiArray request(ArrayTask any) {
        return new ApiArray(any.indices(), any.parallelism());
    }

    static ApiDependencyStatus state(DependencyState state) {
        Dependency d = state.dependency();
        return new ApiDependencyStatus(d.job(), d.condition().wireName(), state.state().displayName(), state.detail());
    }
}
