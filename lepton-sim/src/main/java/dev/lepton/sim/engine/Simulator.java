package dev.lepton.sim.engine;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.sim.AcceleratorUse;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import dev.lepton.sim.trace.TraceJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.LinkedHashSet;
import java.util.function.Consumer;

/**
 * Replays a trace on a simulated cluster. The loop:
 * <ol>
 *   <li>take the earliest event and every other event at the same instant (arrivals, completions,
 *       re-orderings the policy asked for);</li>
 *   <li>ask the core {@link Allocator} for a plan over all jobs present;</li>
 *   <li>apply it: preempted jobs return to waiting with their progress, started jobs get a completion event;</li>
 *   <li>plan again at the same instant while the last plan preempted, so that victims restart where
 *       there is room.</li>
 * </ol>
 * Jobs are rigid: a job runs for its trace duration once it holds its GPUs. A {@link Hold} may keep an
 * arriving job out of the queue until later (carbon-aware deferral); it is then queued as any arrival.
 */
public final class Simulator {
    private final ClusterSpec clusterSpec;
    private final SimulationConfig config;
    private final Consumer<String> progress;
    private final Allocator allocator = new Allocator(Placement.standard(), false);

    public Simulator(ClusterSpec cluster, SimulationConfig config, Consumer<String> progress) {
        this.clusterSpec = requireNonNull(cluster, "cluster is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public SimulationResult run(List<TraceJob> trace) {
        return run(trace, Hold.NONE);
    }

    /** Replays {@code trace}, asking {@code hold} on each arrival when the job joins the queue. */
    public SimulationResult run(List<TraceJob> trace, Hold hold) {
        return new Run(new SimCluster(clusterSpec), Loads.scale(trace, config.load()), requireNonNull(hold, "hold is null")).replay();
    }

    /** One replay's state. */
    private final class Run {
        private final SimCluster cluster;
        private final PriorityQueue<Event> events = new PriorityQueue<>();
        private final WaitingJobs waiting;
        private final Set<SimJob> running = new LinkedHashSet<>();
        /** The jobs that can ever run, in trace order. */
        private final Map<String, SimJob> byId = new LinkedHashMap<>();
        private final List<JobResult> results = new ArrayList<>();
        private final List<JobRuns> runs = new ArrayList<>();
        private final Hold hold;
        private final List<String> neverFit = new ArrayList<>();
        private final SchedulingPolicy policy = config.policy();
        private long busyGpuMillis;
        /** Busy GPU-milliseconds by the jobs' accelerator resource. */
        private final Map<String, Long> busyByAccelerator = new TreeMap<>();
        private int inSystem;
        private long sequence;
        private int nextReport;

        Run(SimCluster cluster, List<TraceJob> trace, Hold hold) {
            this.cluster = cluster;
            this.hold = hold;
            for (TraceJob job : trace) {
                if (cluster.everFits(job.accelerator(), job.gpusPerWorker(), job.workers(), job.reshapeable(), job.cpuMillisPerWorker(),
                        job.memoryBytesPerWorker())) {
                    byId.put(job.id(), new SimJob(job));
                } else {
                    neverFit.add(job.id());
                }
            }
            this.waiting = new WaitingJobs(policy, byId.values());
        }

        SimulationResult replay() {
            for (SimJob job : byId.values()) {
                push(job.trace.submitMillis(), Event.Kind.ARRIVAL, job);
            }
            nextReport = Math.max(1, byId.size() / 20);
            while (!events.isEmpty()) {
                long now = events.peek().time();
                boolean changed = false;
                while (!events.isEmpty() && events.peek().time() == now) {
                    changed |= handle(events.poll(), now);
                }
                // Preempted jobs are back in the queue at once (the server requeues them as soon as
                // they stop), so plan again: they restart wherever there is room now rather than at
                // the next unrelated event. This ends: a preemptor always ranks ahead of its victims.
                while (changed) {
                    changed = allocate(now);
                }
            }
            waiting.forEach(j -> neverFit.add(j.trace.id()));
            List<AcceleratorUse> accelerators = new ArrayList<>();
            clusterSpec.gpusByAccelerator().forEach((name, gpus) ->
                    accelerators.add(new AcceleratorUse(name, gpus, busyByAccelerator.getOrDefault(name, 0L) / 1000.0)));
            return new SimulationResult(results, busyGpuMillis / 1000.0, cluster.totalGpus(), neverFit, runs, accelerators);
        }

        private boolean handle(Event e, long now) {
            SimJob job = e.job();
            switch (e.kind()) {
                case ARRIVAL -> {
                    inSystem++;
                    long release = hold.releaseAt(job.trace, now);
                    if (release < now) {
                        throw new IllegalStateException("hold released job " + job.trace.id() + " at " + release + ", before its arrival at " + now);
                    }
                    if (release > now) {
                        push(release, Event.Kind.RELEASE, job);
                        return false;
                    }
                    return queue(job, now);
                }
                case RELEASE -> {
                    return queue(job, now);
                }
                case COMPLETION -> {
                    if (e.epoch() != job.epoch()) {
                        return false;
                    }
                    List<Assignment> held = job.assignments();
                    busy(job, job.complete(now));
                    running.remove(job);
                    cluster.release(held, heldPerWorker(job, held.size()));
                    results.add(job.result(now));
                    runs.add(job.runs());
                    inSystem--;
                    report(now);
                    return true;
                }
                case REORDER -> {
                    if (e.epoch() != job.epoch()) {
                        return false;
                    }
                    scheduleReorder(job, now);
                    return true;
                }
            }
            throw new IllegalStateException("unknown event " + e.kind());
        }

        private boolean queue(SimJob job, long now) {
            job.arrive(now);
            waiting.add(job, now);
            scheduleReorder(job, now);
            return true;
        }

        /** Plans at {@code now} and applies the plan; true if it preempted anyone. */
        private boolean allocate(long now) {
            if (waiting.isEmpty()) {
                return false; // nothing to start, and nobody preempts without a beneficiary
            }
            Instant at = Instant.ofEpochMilli(now);
            List<Candidate> runningNow = new ArrayList<>(running.size());
            for (SimJob job : running) {
                runningNow.add(job.candidate());
            }
            AllocationPlan plan;
            if (waiting.kept()) {
                waiting.rerank(now);
                plan = allocator.allocateInOrder(cluster.snapshot(), runningNow, waiting.inOrder(), policy, Admission.NONE, at);
            } else {
                plan = allocator.allocate(cluster.snapshot(), waiting.withRunning(runningNow), policy, Admission.NONE, at);
            }
            for (AllocationPlan.Preemption p : plan.preemptions()) {
                SimJob victim = byId.get(p.victim().id());
                List<Assignment> held = victim.assignments();
                busy(victim, victim.preempt(now));
                cluster.release(held, heldPerWorker(victim, held.size()));
                running.remove(victim);
                waiting.add(victim, now);
                scheduleReorder(victim, now);
            }
            for (AllocationPlan.Start s : plan.starts()) {
                SimJob job = byId.get(s.candidate().id());
                waiting.remove(job);
                cluster.take(s.assignments(), heldPerWorker(job, s.assignments().size()));
                long end = job.start(s.assignments(), cluster.gpusByGroup(s.assignments(), clusterSpec.groups().size()), now,
                        config.restartPenalty().toMillis());
                running.add(job);
                push(end, Event.Kind.COMPLETION, job);
                scheduleReorder(job, now);
            }
            return !plan.preemptions().isEmpty();
        }

        private void busy(SimJob job, long gpuMillis) {
            busyGpuMillis += gpuMillis;
            busyByAccelerator.merge(job.trace.accelerator(), gpuMillis, Long::sum);
        }

        private void scheduleReorder(SimJob job, long now) {
            Optional<Instant> next = policy.nextReorder(job.candidate(), Instant.ofEpochMilli(now));
            next.ifPresent(at -> push(Math.max(now + 1, at.toEpochMilli()), Event.Kind.REORDER, job));
        }

        private void push(long time, Event.Kind kind, SimJob job) {
            events.add(new Event(time, kind, sequence++, job, job.epoch()));
        }

        private void report(long now) {
            if (results.size() % nextReport == 0) {
                progress.accept(String.format("%,d of %,d jobs done, %,d waiting or running, simulated time %.1f days",
                        results.size(), byId.size(), inSystem, now / 86_400_000.0));
            }
        }
    }

    private static Resources heldPerWorker(SimJob job, int assigned) {
        int workers = Math.max(1, assigned);
        return new Resources((job.perWorker.cpuMillis() * job.trace.workers() + workers - 1) / workers,
                (job.perWorker.memoryBytes() * job.trace.workers() + workers - 1) / workers,
                Accelerators.of(job.trace.accelerator(), job.trace.gpus() / workers));
    }
}
