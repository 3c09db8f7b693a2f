package dev.lepton.server.jobs;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobSpec;
import dev.lepton.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a submission names besides itself, checked in its own transaction: the jobs it waits for
 * must exist in its project (their names become the uids they stand for now), and a job and an
 * array never share a name.
 */
final class Submission {
    private Submission() {}

    /** The job ready to store: its dependencies resolved; refused if an array has its name. */
    static Job prepare(Tx tx, Job job) {
        List<Job> array = arrayTasks(tx, job.project(), job.name());
        if (!array.isEmpty()) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "job '" + job.qualifiedName() + "' already exists: it is an array of "
                    + array.size() + " tasks");
        }
        return withSpec(job, job.spec().withAfter(resolve(tx, job.project(), job.spec().after())));
    }

    /** Each dependency with the uids its name stands for now: a job's, or every task's of an array. */
    static List<Dependency> resolve(Tx tx, String project, List<Dependency> after) {
        List<String> faults = new ArrayList<>();
        List<Dependency> resolved = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            Dependency d = after.get(i);
            Optional<Job> job = tx.jobs().find(project, d.job());
            if (job.isPresent()) {
                resolved.add(d.resolved(false, List.of(job.get().uid())));
                continue;
            }
            List<Job> tasks = arrayTasks(tx, project, d.job());
            if (tasks.isEmpty()) {
                faults.add("spec.after[" + i + "].job: no job or array named '" + d.job() + "' in project " + project);
            } else {
                resolved.add(d.resolved(true, tasks.stream().map(Job::uid).toList()));
            }
        }
        if (!faults.isEmpty()) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", faults));
        }
        return resolved;
    }

    /** The object name of an array's events; its first event, written when it is created, marks that the array exists. */
    static String arrayObject(String name) {
        return "array/" + name;
    }

    /**
     * The tasks of array {@code name}, in index order; empty if there is no such array. Only a name
     * that has been an array's (an indexed event lookup) costs the read of its tasks.
     */
    static List<Job> arrayTasks(Tx tx, String project, String name) {
        if (tx.events().list(project, arrayObject(name), 0, 1).isEmpty()) {
            return List.of();
        }
        return tx.jobs().arrayTasks(project, name);
    }

    static Job withSpec(Job job, JobSpec spec) {
        return new Job(job.project(), job.name(), job.uid(), job.owner(), job.seq(), job.createdAt(), job.resourceVersion(), spec, job.status());
    }
}
