package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiDependencyStatus;
import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.workflow.Dependencies;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a job's dependencies stand now, read from the store for one job at a time ({@code job get},
 * {@code wait}, {@code explain}; a list leaves it out): each job it waits for, or each task of an array.
 */
public final class DependencyStates {
    private final Store store;

    public DependencyStates(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** The job as the API shows it, with {@code status.dependencies} when it has any. */
    public ApiJob show(Job job) {
        ApiJob api = JobMapper.toApi(job);
        List<ApiDependencyStatus> states = of(job);
        return states == null ? api : new ApiJob(api.kind(), api.apiVersion(), api.metadata(), api.spec(),
                api.status().withWorkflow(api.status().array(), states));
    }

    /** The explanation with the job's array and where its dependencies stand. */
    public ApiExplanation explain(ApiExplanation explanation, Job job) {
        return explanation.withWorkflow(job.spec().array().map(WorkflowMapper::task).orElse(null), of(job));
    }

    private List<ApiDependencyStatus> of(Job job) {
        if (job.spec().after().isEmpty()) {
            return null;
        }
        Map<String, JobPhase> phases = store.read(tx -> phases(tx, job));
        return Dependencies.states(job.spec().after(), uid -> Optional.ofNullable(phases.get(uid))).stream()
                .map(WorkflowMapper::state).toList();
    }

    private static Map<String, JobPhase> phases(Tx tx, Job job) {
        Map<String, JobPhase> phases = new HashMap<>();
        for (Dependency d : job.spec().after()) {
            if (d.array()) {
                tx.jobs().arrayTasks(job.project(), d.job()).forEach(t -> phases.put(t.uid(), t.phase()));
            } else {
                d.uids().forEach(uid -> tx.jobs().findByUid(uid).ifPresent(found -> phases.put(uid, found.phase())));
            }
        }
        return phases;
    }
}
