package dev.lepton.testing;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobSchedule;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.JobStatus;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.Preemption;
import dev.lepton.core.job.RetryPolicy;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs for tests, built fluently and admitted to their queue:
 * <pre>{@code
 * Job job = TestJobs.training().name("a").gpus(2).workers(4).priority(10).maxRetries(1).build();
 * Job running = TestJobs.training().runningOn("n1").build();
 * }</pre>
 * The uid is derived from project, name and seq, so the same builder calls give the same job in
 * every run; two jobs in one test need different names or seqs.
 */
public final class TestJobs {
    /** The pid the first worker of a job built {@code runningOn} gets; rank r gets {@code FIRST_PID + r}. */
    public static final long FIRST_PID = 1000;

    private TestJobs() {}

    /** A one-worker training job: 1 CPU, 1GiB, no GPU, queue {@code default}, no retries. */
    public static Builder training() {
        return new Builder();
    }

    /** Places the job's workers: one node for all of them, or one node per rank. GPUs are pinned in order per node. */
    public static Job schedule(Job job, String... nodes) {
        return JobTransitions.schedule(job, assignments(job, nodes));
    }

    /** Places the job's workers and records every one as started at {@code now}. */
    public static Job run(Job job, Instant now, String... nodes) {
        Job current = schedule(job, nodes);
        for (int rank = 0; rank < job.spec().workers(); rank++) {
            current = JobTransitions.workerStarted(current, ProcessRef.local(attempt(current, rank), FIRST_PID + rank, now), now);
        }
        return current;
    }

    /** Worker {@code rank} of the job's current attempt. */
    public static AttemptId attempt(Job job, int rank) {
        return new AttemptId(job.uid(), job.status().epoch(), rank);
    }

    /** Every worker of the job's current attempt, by rank. */
    public static List<AttemptId> attempts(Job job) {
        List<AttemptId> all = new ArrayList<>();
        for (int rank = 0; rank < job.spec().workers(); rank++) {
            all.add(attempt(job, rank));
        }
        return all;
    }

    private static List<Assignment> assignments(Job job, String... nodes) {
        int workers = job.spec().workers();
        if (nodes.length != 1 && nodes.length != workers) {
            throw new IllegalArgumentException("give one node for all " + workers + " workers or one per worker, got " + nodes.length);
        }
        int gpus = job.spec().resources().gpus();
        Map<String, Integer> nextGpu = new HashMap<>();
        List<Assignment> assignments = new ArrayList<>(workers);
        for (int rank = 0; rank < workers; rank++) {
            String node = nodes.length == 1 ? nodes[0] : nodes[rank];
            int first = nextGpu.merge(node, gpus, Integer::sum) - gpus;
            List<Integer> indices = new ArrayList<>(gpus);
            for (int i = 0; i < gpus; i++) {
                indices.add(first + i);
            }
            assignments.add(new Assignment(rank, node, indices));
        }
        return assignments;
    }

    /** Fluent builder of a {@link Job}; every setter returns the builder. */
    public static final class Builder {
        private enum Stage { PENDING, QUEUED, SCHEDULED, RUNNING }

        private String project = "ml";
        private String owner = "alice";
        private String name = "train";
        private Optional<String> uid = Optional.empty();
        private long seq = 1;
        private Instant createdAt = FakeClock.START;
        private long resourceVersion = 1;
        private List<String> command = List.of("python", "train.py");
        private final Map<String, String> env = new LinkedHashMap<>();
        private long cpuMillis = 1_000;
        private long memoryBytes = 1L << 30;
        private int gpus;
        private final Map<String, Integer> accelerators = new LinkedHashMap<>();
        private int workers = 1;
        private String queue = "default";
        private int priority;
        private Preemption preemption = Preemption.DEFAULT;
        private int maxRetries;
        private Duration backoff = RetryPolicy.DEFAULT.backoff();
        private Duration maxBackoff = RetryPolicy.DEFAULT.maxBackoff();
        private Optional<Duration> maxDuration = Optional.empty();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Optional<ArrayTask> arrayTask = Optional.empty();
        private final List<Dependency> after = new ArrayList<>();
        private Optional<Duration> stopGracePeriod = Optional.empty();
        private Optional<StopPlan.Warning> checkpointSignal = Optional.empty();
        private Optional<JobSchedule> schedule = Optional.empty();
        private Optional<String> image = Optional.empty();
        private Stage stage = Stage.QUEUED;
        private String[] nodes = {};

        private Builder() {}

        public Builder project(String value) { project = requireNonNull(value, "project is null"); return this; }
        public Builder owner(String value) { owner = requireNonNull(value, "owner is null"); return this; }
        public Builder name(String value) { name = requireNonNull(value, "name is null"); return this; }
        /** Overrides the derived uid; letters, digits and dashes only, as an {@link AttemptId} requires. */
        public Builder uid(String value) { uid = Optional.of(value); return this; }
        public Builder seq(long value) { seq = value; return this; }
        public Builder createdAt(Instant value) { createdAt = requireNonNull(value, "createdAt is null"); return this; }
        public Builder resourceVersion(long value) { resourceVersion = value; return this; }
        public Builder command(String... value) { command = List.of(value); return this; }
        public Builder env(String key, String value) { env.put(key, value); return this; }
        /** Per worker, as users write it: {@code 2}, {@code 0.5}, {@code 500m}. */
        public Builder cpu(String value) { cpuMillis = Quantities.parseCpu(value); return this; }
        /** Per worker, as users write it: {@code 512MiB}, {@code 4GiB}. */
        public Builder memory(String value) { memoryBytes = Quantities.parseBytes(value); return this; }
        /** GPUs per worker. */
        public Builder gpus(int value) { gpus = value; return this; }
        /** {@code count} devices per worker of an accelerator by resource name ({@code amd.com/gpu}), beside any {@link #gpus}. */
        public Builder accelerators(String resource, int count) { accelerators.put(requireNonNull(resource, "resource is null"), count); return this; }
        /** Each worker runs in this container image (on an executor that runs images). */
        public Builder image(String value) { image = Optional.of(value); return this; }
        public Builder workers(int value) { workers = value; return this; }
        public Builder queue(String value) { queue = requireNonNull(value, "queue is null"); return this; }
        public Builder priority(int value) { priority = value; return this; }
        public Builder preemption(boolean canPreempt, boolean canBePreempted) { preemption = new Preemption(canPreempt, canBePreempted); return this; }
        public Builder maxRetries(int value) { maxRetries = value; return this; }
        /** The first retry's wait; it doubles with each further failure up to {@link #maxBackoff}. */
        public Builder backoff(Duration value) { backoff = requireNonNull(value, "backoff is null"); return this; }
        public Builder maxBackoff(Duration value) { maxBackoff = requireNonNull(value, "maxBackoff is null"); return this; }
        public Builder maxDuration(Duration value) { maxDuration = Optional.of(value); return this; }
        public Builder stopGracePeriod(Duration value) { stopGracePeriod = Optional.of(value); return this; }
        public Builder checkpointSignal(String signal, Duration lead) { checkpointSignal = Optional.of(new StopPlan.Warning(signal, lead)); return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        /** {@code spec.schedule: {expectedDuration, maxDelay}}: it may start up to {@code maxDelay} after submission. */
        public Builder maxDelay(Duration expectedDuration, Duration maxDelay) {
            schedule = Optional.of(new JobSchedule(Optional.of(expectedDuration), Optional.of(maxDelay), Optional.empty()));
            return this;
        }
        /** {@code spec.schedule: {expectedDuration, deadline}}: it must end by {@code deadline}. */
        public Builder deadline(Duration expectedDuration, Instant deadline) {
            schedule = Optional.of(new JobSchedule(Optional.of(expectedDuration), Optional.empty(), Optional.of(deadline)));
            return this;
        }
        /** Task {@code index} of array {@code array} (indices 0 to size-1), at most {@code parallelism} at once; name it {@code array-index} too. */
        public Builder arrayTask(String array, int index, int size, int parallelism) {
            arrayTask = Optional.of(new ArrayTask(array, index, size, "0-" + (size - 1), parallelism));
            return this;
        }
        /** Waits for {@code job} to end as {@code condition} says. */
        public Builder after(Job job, Dependency.Condition condition) {
            after.add(Dependency.unresolved(job.name(), condition).resolved(false, List.of(job.uid())));
            return this;
        }
        /** Waits for every task of array {@code array} to end as {@code condition} says. */
        public Builder afterArray(String array, Dependency.Condition condition, List<Job> tasks) {
            after.add(Dependency.unresolved(array, condition).resolved(true, tasks.stream().map(Job::uid).toList()));
            return this;
        }

        /** Not yet admitted: the job stays {@code Pending}. */
        public Builder pending() { return stage(Stage.PENDING); }

        /** Admitted, then placed on the nodes (one for all workers, or one per worker): {@code Scheduled}, workers launching. */
        public Builder scheduledOn(String... value) { nodes = value.clone(); return stage(Stage.SCHEDULED); }

        /** Admitted, placed and every worker started at {@code createdAt}: {@code Running}, epoch 1. */
        public Builder runningOn(String... value) { nodes = value.clone(); return stage(Stage.RUNNING); }

        private Builder stage(Stage value) {
            stage = value;
            return this;
        }

        public JobSpec spec() {
            JobSpec spec = new JobSpec(command, env, new Resources(cpuMillis, memoryBytes, Accelerators.nvidiaGpus(gpus).plus(Accelerators.of(accelerators))), Constraints.NONE, workers, queue, priority,
                    preemption, new RetryPolicy(maxRetries, backoff, maxBackoff), maxDuration, labels);
            spec = arrayTask.map(spec::asTask).orElse(spec).withStopping(stopGracePeriod, checkpointSignal).withSchedule(schedule)
                    .withImage(image);
            return after.isEmpty() ? spec : spec.withAfter(after);
        }

        public Job build() {
            Job pending = new Job(project, name, uid.orElseGet(this::derivedUid), owner, seq, createdAt, resourceVersion, spec(),
                    JobStatus.pending());
            return switch (stage) {
                case PENDING -> pending;
                case QUEUED -> JobTransitions.admit(pending);
                case SCHEDULED -> schedule(JobTransitions.admit(pending), nodes);
                case RUNNING -> run(JobTransitions.admit(pending), createdAt, nodes);
            };
        }

        private String derivedUid() {
            return UUID.nameUUIDFromBytes((project + "/" + name + "#" + seq).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
