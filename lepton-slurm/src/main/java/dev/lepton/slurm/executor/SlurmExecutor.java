package dev.lepton.slurm.executor;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.EnergySampling;
import dev.lepton.core.energy.MeasuredEnergy;
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
import dev.lepton.slurm.job.GangFiles;
import dev.lepton.slurm.job.GangLayout;
import dev.lepton.slurm.job.SlurmGang;
import dev.lepton.slurm.job.SlurmJobId;
import dev.lepton.slurm.job.SlurmJobStatus;
import dev.lepton.slurm.job.SlurmJobs;
import dev.lepton.slurm.job.SlurmUsage;
import dev.lepton.slurm.job.StepUsage;
import dev.lepton.slurm.job.TaskResources;
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
 * ({@link CodeSnapshots}). Usage comes from one {@code sstat} over every running gang per sample
 * ({@link #sampleUsage}), bounded by the Slurm commands' timeout; {@code sstat} has figures per step,
 * not per task, so each rank gets its share ({@link StepUsage#perTask()}), energy included where an
 * energy plugin measures the nodes ({@link #sampleEnergy}). A worker's exit carries its last figures.
 */
public final class SlurmExecutor implements Executor, GangLaunch, LogAccess, UsageSampling, EnergySampling {
    private static final Logger log = LoggerFactory.getLogger(SlurmExecutor.class);
    /** Variables that differ from task to task: each task sets them from Slurm's own (the wrapper, and {@link #RANKS}). */
    private static final Set<String> PER_TASK = Set.of("LEPTON_WORKER_RANK", "RANK", "LOCAL_RANK", "CUDA_VISIBLE_DEVICES");
    /** torchrun's per-task variables, from Slurm's task ids, before the command runs. */
    private static final List<String> RANKS = List.of("sh", "-c", "RANK=$SLURM_PROCID LOCAL_RANK=$SLURM_LOCALID exec \"$@\"", "lepton-task");
    /**
     * How long after Slurm first says a job ended its tasks' exit records may still appear (a cancel marks
     * the job ended at once, before its tasks have died of the SIGTERM it sends); then a rank without one
     * exits without a status.
     */
    static final Duration RECORDS_AFTER_END = Duration.ofSeconds(5);

    private final SlurmJobs jobs;
    private final String partition;
    private final Path attempts;
    private final CodeSnapshots code;
    private final InstantSource clock;
    private final Map<GangKey, Gang> gangs = new ConcurrentHashMap<>();
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
    }

    /** One attempt's batch job, which of its ranks have been reported, and what its tasks used as {@code sstat} last said. */
    private record Gang(SlurmJobId id, GangFiles files, Set<Integer> ranks, Set<Integer> reported, AtomicBoolean stopping,
                        AtomicReference<Instant> endSeen, AtomicReference<StepUsage> used) {
        Gang(SlurmJobId id, GangFiles files, Set<Integer> ranks) {
            this(id, files, Set.copyOf(ranks), ConcurrentHashMap.newKeySet(), new AtomicBoolean(), new AtomicReference<>(),
                    new AtomicReference<>());
        }

        boolean done() {
            return reported.containsAll(ranks);
        }

        /** The ranks still running, as Lepton's workers. */
        List<AttemptId> running(GangKey key) {
            return ranks.stream().filter(rank -> !reported.contains(rank)).map(rank -> new AttemptId(key.jobUid(), key.epoch(), rank)).toList();
        }

        /** Each task's share of the latest figures: empty before {@code sstat} first had any. */
        Optional<SlurmUsage> perTask() {
            return Optional.ofNullable(used.get()).map(StepUsage::perTask);
        }
    }

    /**
     * @param attempts where each gang's directory is made ({@code UID/EPOCH}); the same path on the nodes
     * @param code where shipped code comes from
     */
    public SlurmExecutor(SlurmJobs jobs, String partition, Path attempts, CodeSnapshots code, InstantSource clock) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.partition = requireNonNull(partition, "partition is null");
        this.attempts = requireNonNull(attempts, "attempts is null").toAbsolutePath();
        this.code = requireNonNull(code, "code is null");
        this.clock = requireNonNull(clock, "clock is null");
        poller.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
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
            perTask = TaskResources.of(first.resources(), Optional.empty());
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
        try {
            GangLayout layout = GangLayout.ofWorkers(workers.stream().map(LaunchSpec::node).toList());
            Map<String, String> env = new LinkedHashMap<>(first.env());
            PER_TASK.forEach(env::remove);
            List<String> command = new ArrayList<>(RANKS);
            command.addAll(first.command());
            SlurmGang gang = new SlurmGang(key.jobName(), partition, layout, perTask, command,
                    env, directory, Optional.of(start), Optional.empty());
            id = jobs.submit(gang);
        } catch (IllegalArgumentException | LeptonException e) {
            throw new LaunchFailedException("Slurm refused the gang: " + e.getMessage(), e);
        }
        Set<Integer> ranks = new HashSet<>();
        workers.forEach(w -> ranks.add(w.attempt().rank()));
        gangs.put(key, new Gang(id, new GangFiles(directory), ranks));
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
            gangs.put(key, new Gang(live.get(), files, open));
            running.forEach(a -> found.put(a, handle(a, live.get())));
            log.atInfo().setMessage("gang adopted").addKeyValue("job", key.jobUid()).addKeyValue("epoch", key.epoch())
                    .addKeyValue("slurmJob", live.get()).addKeyValue("tasks", running.size()).log();
        });
        return found;
    }

    @Override
    public Optional<WorkerExit> leftover(AttemptId attempt) {
        return new GangFiles(directory(GangKey.of(attempt))).exitStatus(attempt.rank())
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
                    Optional<Integer> code = gang.files().exitStatus(rank);
                    if (code.isPresent() || recordsDue) {
                        String why = status.map(s -> s.state().name()).orElse("GONE");
                        report(gang, new AttemptId(key.jobUid(), key.epoch(), rank), code,
                                code.isPresent() ? Optional.empty() : Optional.of("Slurm job " + gang.id() + " ended " + why + " before it recorded its exit"));
                    }
                }
                if (gang.done()) {
                    gangs.remove(key, gang);
                }
            });
        } catch (RuntimeException e) {
            log.atWarn().setMessage("polling Slurm failed; trying again in a second").addKeyValue("error", e.getMessage()).log();
        }
    }

    /** An exit without a record is a loss (no status), {@code why} says how Slurm ended its job; the usage is the last {@code sstat} gave. */
    private void report(Gang gang, AttemptId attempt, Optional<Integer> code, Optional<String> why) {
        if (gang.reported().add(attempt.rank())) {
            Usage usage = gang.perTask().map(SlurmExecutor::usage).orElse(Usage.NONE);
            observer.accept(new WorkerExit(attempt, code, usage, Optional.empty(), why));
        }
    }

    /**
     * Every running worker's usage, from one {@code sstat} over every gang that runs, bounded by the
     * Slurm commands' timeout: a gang's tasks share its step's figures ({@link StepUsage#perTask()}).
     * A gang {@code sstat} has nothing for this time (its tasks not started yet, or just ended), or a
     * {@code sstat} that failed, keeps its last figures; a gang it never had any for is left out.
     */
    @Override
    public Map<AttemptId, Usage> sampleUsage() {
        Map<GangKey, Gang> running = Map.copyOf(gangs);
        if (!running.isEmpty()) {
            try {
                Map<SlurmJobId, StepUsage> steps = jobs.usage(running.values().stream().map(Gang::id).toList());
                running.values().forEach(gang -> Optional.ofNullable(steps.get(gang.id())).ifPresent(gang.used()::set));
            } catch (LeptonException e) {
                log.atWarn().setMessage("sstat did not answer; the gangs' last figures stand").addKeyValue("error", e.getMessage()).log();
            }
        }
        Map<AttemptId, Usage> sample = new HashMap<>();
        running.forEach((key, gang) -> gang.perTask().ifPresent(task -> gang.running(key).forEach(a -> sample.put(a, usage(task)))));
        return sample;
    }

    /**
     * Each running worker's share of the energy Slurm measured for its gang's nodes, as of the latest
     * {@link #sampleUsage}: only where an energy plugin measures them ({@code energy=} above 0), so on a
     * cluster without one this is empty and the server models the workers' energy.
     */
    @Override
    public Map<AttemptId, MeasuredEnergy> sampleEnergy() {
        Map<AttemptId, MeasuredEnergy> sample = new HashMap<>();
        gangs.forEach((key, gang) -> gang.perTask().ifPresent(task -> task.energyJoules().ifPresent(joules ->
                gang.running(key).forEach(a -> sample.put(a, new MeasuredEnergy(joules, MeasuredEnergy.SLURM))))));
        return sample;
    }

    private static Usage usage(SlurmUsage task) {
        return new Usage(task.cpuTime().toNanos() / 1e9, task.memoryBytes());
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
