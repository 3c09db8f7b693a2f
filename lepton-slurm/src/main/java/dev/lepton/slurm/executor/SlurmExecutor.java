package dev.lepton.slurm.executor;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.EnergySampling;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.GangLaunch;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.UsageSampling;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.SlurmConfig;
import dev.lepton.slurm.energy.GangEnergy;
import dev.lepton.slurm.energy.NodeModels;
import dev.lepton.slurm.energy.TaskModel;
import dev.lepton.slurm.job.GangFiles;
import dev.lepton.slurm.job.GangLayout;
import dev.lepton.slurm.job.GangShape;
import dev.lepton.slurm.job.SlurmGang;
import dev.lepton.slurm.job.SlurmJobId;
import dev.lepton.slurm.job.SlurmJobStatus;
import dev.lepton.slurm.job.SlurmJobs;
import dev.lepton.slurm.job.SlurmUsage;
import dev.lepton.slurm.job.StepUsage;
import dev.lepton.slurm.job.TaskResources;
import dev.lepton.slurm.node.SlurmGresMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each attempt's gang as one Slurm batch job on the nodes Lepton placed it on ({@link SlurmGang}):
 * Slurm starts and isolates the processes, Lepton decides where. A worker's handle is its job and task
 * ({@code slurm job 42 task 1}); its log and exit status are files in the gang's directory under
 * {@code attempts} ({@link GangFiles}), which must be the same path on the nodes (one node, or a shared
 * file system).
 *
 * <p>One thread polls every second: a rank whose exit record appeared has exited (reported then, so a
 * failing worker stops its gang at once); when Slurm says the job ended, every rank not yet reported
 * exits with its record, or, {@link #RECORDS_AFTER_END} later, lost: without a status, the job's state
 * in its message (a node failure, a timeout, a cancel that killed the wrapper). Each worker's exit is reported exactly once.
 * {@link #stop} asks the tasks to stop (SIGTERM) and kills the job after the grace. After a restart,
 * {@link #recover} finds each attempt's job by its name, {@code lepton-UID-EPOCH}.
 *
 * <p>Shipped code is unpacked once per gang into its directory, where every task starts
 * ({@link CodeSnapshots}). Each task is a step of its own, so one {@code sstat} over every running gang
 * per sample ({@link #sampleUsage}), bounded by the Slurm commands' timeout, gives each rank its own CPU
 * time and peak memory; a worker's exit carries its last figures. Energy ({@link #sampleEnergy},
 * {@link GangEnergy}): where an energy plugin measures the nodes, each rank's share of its step's
 * measured figure, settled by {@code sacct} once the job ended where slurmdbd keeps it; elsewhere each
 * rank's figure modelled from its CPU time and its node's power range ({@link NodeModels}).
 */
public final class SlurmExecutor implements Executor, GangLaunch, LogAccess, UsageSampling, EnergySampling {
    private static final Logger log = LoggerFactory.getLogger(SlurmExecutor.class);
    /** Variables that differ from task to task: each task sets them from Slurm's own (the wrapper, and {@link #RANKS}). */
    private static final Set<String> PER_TASK = Set.of("LEPTON_WORKER_RANK", "RANK", "LOCAL_RANK", "CUDA_VISIBLE_DEVICES");
    /** torchrun's per-task variables, from the task's place in the gang (set by the wrapper), before the command runs. */
    private static final List<String> RANKS = List.of("sh", "-c", "RANK=$SLURM_PROCID LOCAL_RANK=$SLURM_LOCALID exec \"$@\"", "lepton-task");
    /**
     * How long after Slurm first says a job ended its tasks' exit records may still appear (a cancel marks
     * the job ended at once, before its tasks have died of the SIGTERM it sends); then a rank without one
     * exits without a status.
     */
    static final Duration RECORDS_AFTER_END = Duration.ofSeconds(5);
    /**
     * How long after a gang's job ended {@code sacct} is asked for its energy (slurmctld hands an ended
     * job to slurmdbd in its own time); after that, what the gang's last samples missed is modelled.
     */
    static final Duration SETTLE_WITHIN = Duration.ofMinutes(2);

    private final SlurmJobs jobs;
    private final NodeModels models;
    private final String partition;
    private final SlurmGresMap gresMap;
    private final Path attempts;
    private final CodeSnapshots code;
    private final InstantSource clock;
    private final Map<GangKey, Gang> gangs = new ConcurrentHashMap<>();
    /** Gangs whose job has ended and whose energy is not settled yet, with when they ended. */
    private final Map<GangKey, Settling> settling = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("slurm-executor").daemon().factory());
    private volatile Consumer<WorkerExit> observer = exit -> {};

    private record GangKey(String jobUid, int epoch) {
        static GangKey of(AttemptId attempt) {
            return new GangKey(attempt.jobUid(), attempt.epoch());
        }

        String jobName() {
            return "lepton-" + jobUid + "-" + epoch;
        }

        AttemptId rank(int rank) {
            return new AttemptId(jobUid, epoch, rank);
        }
    }

    /**
     * One attempt's batch job: its shape (empty for a gang submitted by a server that kept none), which
     * of its ranks have been reported, each rank's step and what it used as {@code sstat} last said, its
     * power model, and its energy.
     */
    private record Gang(SlurmJobId id, GangFiles files, Optional<GangShape> shape, Set<Integer> ranks, Set<Integer> reported,
                        AtomicBoolean stopping, AtomicReference<Instant> endSeen, Map<Integer, Integer> steps, Map<Integer, SlurmUsage> used,
                        Map<Integer, TaskModel> models, GangEnergy energy) {
        Gang(SlurmJobId id, GangFiles files, Optional<GangShape> shape, Set<Integer> ranks, SlurmConfig config) {
            this(id, files, shape, Set.copyOf(ranks), ConcurrentHashMap.newKeySet(), new AtomicBoolean(), new AtomicReference<>(),
                    new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new GangEnergy(config.measuresEnergy() ? Optional.of(config.energyGathering()) : Optional.empty(),
                            shape.map(s -> s.layout().tasksPerNode()).orElse(1), ranks));
        }

        boolean done() {
            return reported.containsAll(ranks);
        }

        /** The ranks still running. */
        List<Integer> running() {
            return ranks.stream().filter(rank -> !reported.contains(rank)).toList();
        }

        /** The step that runs the rank's task, once its task has recorded it. */
        Optional<Integer> step(int rank) {
            Integer known = steps.get(rank);
            if (known != null) {
                return Optional.of(known);
            }
            Optional<Integer> recorded = files.step(rank);
            recorded.ifPresent(step -> steps.put(rank, step));
            return recorded;
        }
    }

    /** A gang whose job has ended, since {@code at}, waiting for its energy to be settled. */
    private record Settling(Gang gang, Instant at) {}

    /**
     * @param attempts where each gang's directory is made ({@code UID/EPOCH}); the same path on the nodes
     * @param code where shipped code comes from
     * @param models the power model of a task on its node, for nodes no energy plugin measures
     */
    public SlurmExecutor(SlurmJobs jobs, NodeModels models, String partition, Path attempts, CodeSnapshots code, InstantSource clock) {
        this(jobs, models, partition, SlurmGresMap.DEFAULT, attempts, code, clock);
    }

    /** @param gresMap the GRES a task's accelerators are asked for as ({@code --slurm-gres}); the node source's */
    public SlurmExecutor(SlurmJobs jobs, NodeModels models, String partition, SlurmGresMap gresMap, Path attempts, CodeSnapshots code,
                         InstantSource clock) {
        this.gresMap = requireNonNull(gresMap, "gresMap is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.models = requireNonNull(models, "models is null");
        this.partition = requireNonNull(partition, "partition is null");
        this.attempts = requireNonNull(attempts, "attempts is null").toAbsolutePath();
        this.code = requireNonNull(code, "code is null");
        this.clock = requireNonNull(clock, "clock is null");
        sayHowEnergyIsKnown(jobs.config());
        poller.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    /** One line at start: where the workers' energy figures will come from on this Slurm. */
    private static void sayHowEnergyIsKnown(SlurmConfig config) {
        String how;
        if (!config.measuresEnergy()) {
            how = (config.hasAccounting() ? "no energy plugin measures the nodes (sacct's ConsumedEnergy stays 0)"
                    : "no energy plugin measures the nodes and no slurmdbd keeps ConsumedEnergy")
                    + ": each worker's energy is modelled from its CPU time and its node's power range, marked modelled";
        } else if (!config.hasAccounting()) {
            how = "an energy plugin measures the nodes while tasks run (sstat, where the nodes gather usage); without slurmdbd, sacct has "
                    + "no ConsumedEnergy, so what a gang drew after its last sample is modelled, marked modelled";
        } else {
            how = "an energy plugin measures the nodes while tasks run (sstat, where the nodes gather usage), and sacct's ConsumedEnergyRaw "
                    + "settles each gang once it ends";
        }
        log.atInfo().setMessage("how the workers' energy is known on this Slurm").addKeyValue("how", how)
                .addKeyValue("energyPlugin", config.energyGathering())
                .addKeyValue("accountingStorage", config.accountingStorage()).addKeyValue("usageGathering", config.usageGathering()).log();
    }

    @Override
    public void observe(Consumer<WorkerExit> exits) {
        this.observer = requireNonNull(exits, "exits is null");
    }

    @Override
    public ProcessRef launch(LaunchSpec spec) {
        return launchGang(List.of(spec)).getFirst();
    }

    @Override
    public List<ProcessRef> launchGang(List<LaunchSpec> workers) {
        LaunchSpec first = workers.getFirst();
        GangKey key = GangKey.of(first.attempt());
        TaskResources perTask;
        try {
            perTask = TaskResources.of(first.resources(), gresMap);
        } catch (IllegalArgumentException e) {
            throw new LaunchFailedException("cannot run attempt " + key.epoch() + " of job " + key.jobUid() + " on Slurm: " + e.getMessage(), e);
        }
        if (gangs.containsKey(key)) {
            throw new LaunchFailedException("attempt " + key.epoch() + " of job " + key.jobUid() + " already runs as Slurm job "
                    + gangs.get(key).id(), null);
        }
        Path directory = directory(key);
        Path start;
        try {
            Files.createDirectories(directory);
            start = code.prepare(first, directory);
        } catch (IllegalArgumentException e) {
            throw new LaunchFailedException(e.getMessage(), e);
        } catch (IOException e) {
            throw new LaunchFailedException("cannot prepare the gang directory " + directory + ": " + e.getMessage(), e);
        }
        SlurmJobId id;
        GangShape shape;
        try {
            shape = new GangShape(GangLayout.ofWorkers(workers.stream().map(LaunchSpec::node).toList()), perTask);
            Map<String, String> env = new LinkedHashMap<>(first.env());
            PER_TASK.forEach(env::remove);
            List<String> command = new ArrayList<>(RANKS);
            command.addAll(first.command());
            SlurmGang gang = new SlurmGang(key.jobName(), partition, shape.layout(), shape.perTask(), command, env, directory, Optional.of(start),
                    Optional.empty());
            id = jobs.submit(gang);
        } catch (IllegalArgumentException | LeptonException e) {
            throw new LaunchFailedException("Slurm refused the gang: " + e.getMessage(), e);
        }
        Set<Integer> ranks = new HashSet<>();
        workers.forEach(w -> ranks.add(w.attempt().rank()));
        gangs.put(key, new Gang(id, new GangFiles(directory), Optional.of(shape), ranks, jobs.config()));
        log.atInfo().setMessage("gang submitted").addKeyValue("job", key.jobUid()).addKeyValue("epoch", key.epoch())
                .addKeyValue("slurmJob", id).addKeyValue("tasks", workers.size()).log();
        return workers.stream().map(w -> handle(w.attempt(), id)).toList();
    }

    private ProcessRef handle(AttemptId attempt, SlurmJobId id) {
        return new ProcessRef(attempt, "slurm job " + id + " task " + attempt.rank(), Optional.empty(), clock.instant());
    }

    @Override
    public void stop(AttemptId attempt, Duration grace) {
        Gang gang = gangs.get(GangKey.of(attempt));
        // The loop stops a gang worker by worker: the first asks Slurm, the rest find it asked.
        if (gang == null || !gang.stopping().compareAndSet(false, true)) {
            return;
        }
        try {
            jobs.terminate(gang.id(), gang.files());
        } catch (LeptonException e) {
            log.atWarn().setMessage("cannot ask the Slurm job to stop; killing it after the grace").addKeyValue("slurmJob", gang.id())
                    .addKeyValue("error", e.getMessage()).log();
        }
        poller.schedule(() -> {
            if (!gang.done()) {
                jobs.kill(gang.id());
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Map<AttemptId, ProcessRef> recover(Set<AttemptId> wanted) {
        Map<GangKey, List<AttemptId>> byGang = new HashMap<>();
        wanted.forEach(a -> byGang.computeIfAbsent(GangKey.of(a), k -> new ArrayList<>()).add(a));
        Map<AttemptId, ProcessRef> found = new HashMap<>();
        byGang.forEach((key, ranks) -> {
            Map<SlurmJobId, SlurmJobStatus> named = jobs.status(jobs.named(key.jobName()));
            Optional<SlurmJobId> live = named.values().stream().filter(s -> !s.state().ended()).map(SlurmJobStatus::id).findFirst();
            if (live.isEmpty()) {
                return;
            }
            GangFiles files = new GangFiles(directory(key));
            List<AttemptId> running = ranks.stream().filter(a -> files.exitStatus(a.rank()).isEmpty()).toList();
            if (running.isEmpty()) {
                return;
            }
            Set<Integer> open = new HashSet<>();
            running.forEach(a -> open.add(a.rank()));
            gangs.put(key, new Gang(live.get(), files, files.shape(), open, jobs.config()));
            running.forEach(a -> found.put(a, handle(a, live.get())));
            log.atInfo().setMessage("gang adopted").addKeyValue("job", key.jobUid()).addKeyValue("epoch", key.epoch())
                    .addKeyValue("slurmJob", live.get()).addKeyValue("tasks", running.size()).log();
        });
        return found;
    }

    @Override
    public Optional<WorkerExit> leftover(AttemptId attempt) {
        // Asked of a gang whose job has ended: a record its batch script could not publish still counts.
        return new GangFiles(directory(GangKey.of(attempt))).exitStatusAfterEnd(attempt.rank())
                .map(code -> new WorkerExit(attempt, Optional.of(code), Usage.NONE));
    }

    @Override
    public Optional<InputStream> openLog(AttemptId attempt, long offset) {
        Path file = new GangFiles(directory(GangKey.of(attempt))).log(attempt.rank());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(Math.min(offset, channel.size()));
            return Optional.of(Channels.newInputStream(channel));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public OptionalLong logSize(AttemptId attempt) {
        Path file = new GangFiles(directory(GangKey.of(attempt))).log(attempt.rank());
        try {
            return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private Path directory(GangKey key) {
        return attempts.resolve(key.jobUid()).resolve(Integer.toString(key.epoch()));
    }

    /** Reports the ranks that recorded their exit, and every rank of a job Slurm says has ended. */
    private void poll() {
        try {
            List<SlurmJobId> ids = gangs.values().stream().map(Gang::id).toList();
            Map<SlurmJobId, SlurmJobStatus> states = ids.isEmpty() ? Map.of() : jobs.status(ids);
            gangs.forEach((key, gang) -> {
                Optional<SlurmJobStatus> status = Optional.ofNullable(states.get(gang.id()));
                boolean ended = status.map(s -> s.state().ended()).orElse(false);
                Instant now = clock.instant();
                if (ended) {
                    gang.endSeen().compareAndSet(null, now);
                }
                boolean recordsDue = ended && !now.isBefore(gang.endSeen().get().plus(RECORDS_AFTER_END));
                for (int rank : gang.ranks()) {
                    Optional<Integer> code = recordsDue ? gang.files().exitStatusAfterEnd(rank) : gang.files().exitStatus(rank);
                    if (code.isPresent() || recordsDue) {
                        String why = status.map(s -> s.state().name()).orElse("GONE");
                        report(gang, key.rank(rank), code,
                                code.isPresent() ? Optional.empty() : Optional.of("Slurm job " + gang.id() + " ended " + why + " before it recorded its exit"));
                    }
                }
                // sacct has a job's energy only once it has ended: a gang whose tasks all exited waits for its job's end.
                if (gang.done() && (ended || !jobs.config().keepsEnergy()) && gangs.remove(key, gang)) {
                    settling.put(key, new Settling(gang, now));
                }
            });
        } catch (RuntimeException e) {
            log.atWarn().setMessage("polling Slurm failed; trying again in a second").addKeyValue("error", e.getMessage()).log();
        }
    }

    /** An exit without a record is a loss (no status), {@code why} says how Slurm ended its job; the usage is the last {@code sstat} gave. */
    private void report(Gang gang, AttemptId attempt, Optional<Integer> code, Optional<String> why) {
        if (gang.reported().add(attempt.rank())) {
            gang.energy().end(attempt.rank(), clock.instant());
            Usage usage = Optional.ofNullable(gang.used().get(attempt.rank())).map(SlurmExecutor::usage).orElse(Usage.NONE);
            observer.accept(new WorkerExit(attempt, code, usage, Optional.empty(), why));
        }
    }

    /**
     * Every running worker's usage, from one {@code sstat} over every gang that runs, bounded by the
     * Slurm commands' timeout: each rank's task is a step of its own, so these are its own figures. A
     * rank {@code sstat} has nothing for this time (its task not started yet, or just ended), or a
     * {@code sstat} that failed, keeps its last figures; a rank it never had any for is left out. Each
     * sample also moves the ranks' energy on ({@link GangEnergy#sample}).
     */
    @Override
    public Map<AttemptId, Usage> sampleUsage() {
        Map<GangKey, Gang> running = Map.copyOf(gangs);
        Map<SlurmJobId, StepUsage> steps = Map.of();
        if (!running.isEmpty()) {
            try {
                steps = jobs.usage(running.values().stream().map(Gang::id).toList());
            } catch (LeptonException e) {
                log.atWarn().setMessage("sstat did not answer; the gangs' last figures stand").addKeyValue("error", e.getMessage()).log();
            }
        }
        Instant now = clock.instant();
        Map<AttemptId, Usage> sample = new HashMap<>();
        for (Map.Entry<GangKey, Gang> entry : running.entrySet()) {
            Gang gang = entry.getValue();
            Optional<StepUsage> job = Optional.ofNullable(steps.get(gang.id()));
            for (int rank : gang.running()) {
                Optional<Integer> step = gang.step(rank);
                if (step.isEmpty()) {
                    continue;  // not started
                }
                Optional<SlurmUsage> used = job.flatMap(j -> j.step(step.get()));
                used.ifPresent(u -> gang.used().put(rank, u));
                gang.energy().sample(rank, now, used, model(gang, rank));
                Optional.ofNullable(gang.used().get(rank)).ifPresent(u -> sample.put(entry.getKey().rank(rank), usage(u)));
            }
        }
        return sample;
    }

    /**
     * Each running worker's energy so far, as of the latest {@link #sampleUsage} ({@link GangEnergy#running}:
     * measured where an energy plugin measures its node, else modelled), and, once, the figure each
     * worker of a gang whose job has ended settles at ({@link GangEnergy#settle}): with {@code sacct}'s
     * figure where slurmdbd keeps one (asked for {@link #SETTLE_WITHIN} after the end), else modelled.
     */
    @Override
    public Map<AttemptId, WorkerEnergy> sampleEnergy() {
        Map<AttemptId, WorkerEnergy> sample = new HashMap<>();
        gangs.forEach((key, gang) -> gang.running().forEach(rank -> gang.energy().running(rank).ifPresent(e -> sample.put(key.rank(rank), e))));
        sample.putAll(settle());
        return sample;
    }

    /**
     * The settled figures of the gangs whose energy can be settled now; those gangs are then forgotten.
     * {@code sacct}'s figure is the whole job's, so it settles only a gang this executor watched whole,
     * not one adopted after a restart with ranks already ended: those, and gangs where Slurm keeps no
     * energy, are settled by the model at once.
     */
    private Map<AttemptId, WorkerEnergy> settle() {
        if (settling.isEmpty()) {
            return Map.of();
        }
        Map<GangKey, Settling> ended = Map.copyOf(settling);
        List<SlurmJobId> asked = ended.values().stream().map(Settling::gang).filter(this::settledBySacct).map(Gang::id).toList();
        Map<SlurmJobId, Double> consumed = Map.of();
        try {
            consumed = jobs.energyJoules(asked);
        } catch (LeptonException e) {
            log.atWarn().setMessage("sacct did not answer for the ended gangs' energy; asking again").addKeyValue("error", e.getMessage()).log();
        }
        Instant now = clock.instant();
        Map<AttemptId, WorkerEnergy> settled = new HashMap<>();
        for (Map.Entry<GangKey, Settling> entry : ended.entrySet()) {
            Gang gang = entry.getValue().gang();
            Double joules = consumed.get(gang.id());
            if (joules == null && asked.contains(gang.id())) {
                if (now.isBefore(entry.getValue().at().plus(SETTLE_WITHIN))) {
                    continue;
                }
                log.atInfo().setMessage("sacct has no energy for the ended gang in time; what its last samples missed is modelled")
                        .addKeyValue("job", entry.getKey().jobUid()).addKeyValue("slurmJob", gang.id()).log();
            }
            gang.energy().settle(joules == null ? OptionalDouble.empty() : OptionalDouble.of(joules))
                    .forEach((rank, energy) -> settled.put(entry.getKey().rank(rank), energy));
            settling.remove(entry.getKey(), entry.getValue());
        }
        return settled;
    }

    private boolean settledBySacct(Gang gang) {
        return jobs.config().keepsEnergy() && gang.shape().filter(shape -> shape.layout().tasks() == gang.ranks().size()).isPresent();
    }

    /** The power model of the rank's task on its node, where the gang's shape says which node; kept with the gang once made. */
    private Optional<TaskModel> model(Gang gang, int rank) {
        TaskModel known = gang.models().get(rank);
        if (known != null || gang.shape().isEmpty() || rank >= gang.shape().get().layout().tasks()) {
            return Optional.ofNullable(known);
        }
        GangShape shape = gang.shape().get();
        Optional<TaskModel> model = models.of(shape.layout().nodeOfRanks().get(rank), shape.perTask());
        model.ifPresent(m -> gang.models().put(rank, m));
        return model;
    }

    private static Usage usage(SlurmUsage task) {
        return new Usage(task.cpuTime().toNanos() / 1e9, task.memoryBytes());
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
