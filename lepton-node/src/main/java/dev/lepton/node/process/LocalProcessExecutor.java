package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptCleanup;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.UsageSampling;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.node.code.CodeUnpacker;
import dev.lepton.node.limits.AttemptLimits;
import dev.lepton.node.limits.Enforcement;
import dev.lepton.node.limits.EnforcementProbe;
import dev.lepton.node.limits.Watch;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers as processes on this machine. Each attempt gets a directory (its working directory,
 * with {@code output.log}, {@code exit-code} and {@code cpu-times}) and a process group led by a
 * small shell wrapper; see {@link WorkerWrapper}. Because output goes straight to a file and the
 * outcome is written by the wrapper, workers outlive the server, and a new executor re-finds them by
 * the {@value #ATTEMPT_ID_VARIABLE} variable in their environment.
 *
 * <p>Where the server is root, each project's workers run as a user of their own ({@link WorkerUsers}):
 * the attempt directory and its records stay the server's, and the worker gets {@code work/} (or
 * {@code code/}) in it, its own and no one else's, as its working directory and {@code HOME}.
 *
 * <p>{@link #close()} stops watching and never kills workers.
 */
public final class LocalProcessExecutor implements Executor, LogAccess, UsageSampling, AttemptCleanup {
    /** The environment variable that names a worker's attempt; how {@link #recover} finds its processes. */
    public static final String ATTEMPT_ID_VARIABLE = "LEPTON_ATTEMPT_ID";
    /** A code snapshot is the file {@code <sha256>.tar.gz} in {@link LocalExecutorConfig#codeDir()}. */
    public static final String CODE_SUFFIX = ".tar.gz";

    static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
    /** The PATH of a worker that runs as its project's user, unless its job sets one: the system's directories. */
    static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Logger log = LoggerFactory.getLogger(LocalProcessExecutor.class);
    private static final File NO_INPUT = new File("/dev/null");
    private static final int SIGTERM = 15;
    /** How long a stop waits for a just-launched wrapper to reach its trap; it takes milliseconds. */

    private final LocalExecutorConfig config;
    private final Enforcement enforcement;
    /** Present where each project's workers run as a user of its own. */
    private final Optional<WorkerUsers> users;
    /** Present where, besides, each worker runs in a sandbox of its own; only ever with {@link #users}. */
    private final Optional<Sandbox> sandbox;
    private final ProcFs proc;
    private final InstantSource clock;
    private final ScheduledExecutorService timers;
    private final ExecutorService exitHandlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentMap<AttemptId, RunningAttempt> running = new ConcurrentHashMap<>();
    /** Exits found by {@link #leftover}: asked for more than once, answered the same each time. */
    private final ConcurrentMap<AttemptId, WorkerExit> leftovers = new ConcurrentHashMap<>();
    private volatile Consumer<WorkerExit> observer;
    private volatile boolean closed;

    public LocalProcessExecutor(LocalExecutorConfig config, InstantSource clock) {
        this(config, clock, ProcFs.local());
    }

    LocalProcessExecutor(LocalExecutorConfig config, InstantSource clock, ProcFs proc) {
        this(config, clock, proc, switch (config.limits()) {
            case AUTO -> EnforcementProbe.detect();
            case WATCH -> new Watch();
        });
    }

    LocalProcessExecutor(LocalExecutorConfig config, InstantSource clock, ProcFs proc, Enforcement enforcement) {
        this.config = requireNonNull(config, "config is null");
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.proc = requireNonNull(proc, "proc is null");
        this.users = config.isolation() == LocalExecutorConfig.Isolation.NONE ? Optional.empty()
                : WorkerUsers.where(config.attemptsDir().resolveSibling("worker-users"), config.workerUids());
        this.sandbox = users.filter(u -> config.isolation() == LocalExecutorConfig.Isolation.SANDBOX)
                .flatMap(u -> Sandbox.where(u.runAs(config.workerUids().first(), List.of("true"))));
        users.ifPresent(u -> privateToServer(config.attemptsDir(), serverDirectories()));
        log.atInfo().setMessage("worker isolation").addKeyValue("wanted", config.isolation().label()).addKeyValue("isolation", isolation()).log();
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lepton-executor-timer").factory());
        if (config.sampleInterval().isPositive()) {
            long millis = config.sampleInterval().toMillis();
            timers.scheduleWithFixedDelay(this::sampleQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void observe(Consumer<WorkerExit> observer) {
        this.observer = requireNonNull(observer, "observer is null");
    }

    @Override
    public ProcessRef launch(LaunchSpec spec) {
        requireOpen();
        AttemptId attempt = spec.attempt();
        // Check-then-act: the server launches one attempt from one place, so a race here is a caller bug.
        if (running.containsKey(attempt)) {
            throw new LaunchFailedException("attempt " + attempt + " is already running", null);
        }
        AttemptDirectory dir = AttemptDirectory.of(config.attemptsDir(), attempt);
        AttemptLimits limits;
        try {
            limits = enforcement.create(attempt, spec.resources());
        } catch (UncheckedIOException e) {
            throw new LaunchFailedException(e.getMessage(), e);
        }
        Process process;
        try {
            dir.prepare();
            dir.recordMemoryLimit(spec.resources().memoryBytes());
            Optional<Integer> uid = users.map(u -> u.uidOf(spec.project()));
            Path workingDir = workingDirectory(spec, dir, uid);
            List<String> command = workerCommand(spec, dir, workingDir, uid);
            process = processBuilder(spec, dir, workingDir, limits, uid, command).start();
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: ProcessBuilder refuses what execve cannot take (a NUL in the environment) that way.
            limits.release();
            throw new LaunchFailedException("cannot start attempt " + attempt + " in " + dir.dir() + ": " + e.getMessage(), e);
        }
        Instant startedAt = process.info().startInstant().orElseGet(clock::instant);
        ProcessRef ref = ProcessRef.local(attempt, process.pid(), startedAt);
        // setsid execs in place, so the wrapper's pid is also its process group id.
        RunningAttempt worker = new RunningAttempt(ref, process.pid(), dir, limits, spec.resources().memoryBytes());
        running.put(attempt, worker);
        process.onExit().whenCompleteAsync((p, error) -> finish(worker), exitHandlers);
        log.atInfo().setMessage("worker launched").addKeyValue("attempt", attempt).addKeyValue("pid", process.pid())
                .addKeyValue("dir", dir.dir()).addKeyValue("enforcement", enforcement.name()).log();
        return ref;
    }

    /**
     * Where the worker starts: its shipped code, unpacked into {@code code/} of its attempt directory,
     * or the attempt directory itself ({@code work/} in it for a project's user, which owns that tree);
     * {@code workingDir} relative to that (made if missing), or absolute.
     */
    private Path workingDirectory(LaunchSpec spec, AttemptDirectory dir, Optional<Integer> uid) throws IOException {
        Path base = uid.isPresent() ? Files.createDirectories(dir.work()) : dir.dir();
        if (spec.code().isPresent()) {
            Path archive = config.codeDir().resolve(spec.code().get() + CODE_SUFFIX);
            if (!Files.isRegularFile(archive)) {
                throw new IOException("no code snapshot " + spec.code().get() + " in " + config.codeDir());
            }
            base = dir.code();
            CodeUnpacker.unpack(archive, base);
        }
        Path start = start(spec, base);
        if (uid.isPresent()) {
            // The records beside it stay the server's: a worker cannot plant a link where the wrapper writes as root.
            privateToServer(dir.dir(), serverDirectories());
            if (Files.notExists(dir.log())) {
                Files.createFile(dir.log(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            WorkerUsers.chown(base, uid.get());
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
        }
        return start;
    }

    private static Path start(LaunchSpec spec, Path base) throws IOException {
        if (spec.workingDir().isEmpty()) {
            return base;
        }
        Path wanted = Path.of(spec.workingDir().get());
        if (wanted.isAbsolute()) {
            if (!Files.isDirectory(wanted)) {
                throw new IOException("working directory " + wanted + " does not exist");
            }
            return wanted;
        }
        Path resolved = base.resolve(wanted).normalize();
        if (!resolved.startsWith(base)) {
            throw new IOException("working directory " + wanted + " leaves " + base);
        }
        return Files.createDirectories(resolved);
    }

    /** Makes a directory of the server's if missing, and gives it {@code permissions}. */
    private static void privateToServer(Path directory, String permissions) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The job's command, as its project's user where there is one, in a sandbox where there is one. */
    private List<String> workerCommand(LaunchSpec spec, AttemptDirectory dir, Path workingDir, Optional<Integer> uid) throws IOException {
        if (uid.isEmpty()) {
            return spec.command();
        }
        List<String> runAs = users.orElseThrow().runAs(uid.get(), spec.command());
        if (sandbox.isEmpty()) {
            return runAs;
        }
        Path tree = spec.code().isPresent() ? dir.code() : dir.work();
        List<Path> trees = workingDir.startsWith(tree) ? List.of(tree) : List.of(tree, outsideHome(workingDir));
        return sandbox.get().command(trees, dir.tmp(uid.get()), workingDir, runAs);
    }

    /**
     * An absolute working directory the job asked for, shown in its sandbox at its own path: never the
     * server's home or a directory above it, which would show the credentials, the database and every attempt.
     */
    private Path outsideHome(Path workingDir) throws IOException {
        Path home = config.attemptsDir().toAbsolutePath().normalize().getParent();
        Path wanted = workingDir.toAbsolutePath().normalize();
        if (home != null && (wanted.startsWith(home) || home.startsWith(wanted) || wanted.toRealPath().startsWith(home.toRealPath()))) {
            throw new IOException("working directory " + workingDir + " would show the server's home " + home + " to the sandbox");
        }
        return wanted;
    }

    private ProcessBuilder processBuilder(LaunchSpec spec, AttemptDirectory dir, Path workingDir, AttemptLimits limits, Optional<Integer> uid,
                                          List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(WorkerWrapper.command(dir.dir(), limits.joins(), command))
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.log().toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(config.inheritedEnvironment());
        env.putAll(spec.env());
        // The server normally sets this; if it did not, pin the worker to its GPUs (none means none visible).
        env.putIfAbsent(CUDA_VISIBLE_DEVICES, spec.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(",")));
        // On a machine with AMD devices, each vendor's runtime is told the worker's devices by their own indices.
        env.putAll(config.devices().variables(spec.gpuIndices()));
        env.put(ATTEMPT_ID_VARIABLE, spec.attempt().toString());
        if (uid.isPresent()) {
            // The server's own HOME and PATH (often into its home: ~/.local/bin, pyenv shims) are not the worker's.
            env.put("HOME", spec.env().getOrDefault("HOME", workingDir.toString()));
            env.put("PATH", spec.env().getOrDefault("PATH", SYSTEM_PATH));
        }
        if (sandbox.isPresent() && uid.isPresent()) {
            // The server's TMPDIR is not in the sandbox; the sandbox's /tmp is the worker's alone.
            env.put("TMPDIR", spec.env().getOrDefault("TMPDIR", "/tmp"));
        }
        return builder;
    }

    @Override
    public void stop(AttemptId attempt, Duration grace) {
        stop(attempt, StopPlan.graceful(requireNonNull(grace, "grace is null")));
    }

    /** The warning signal now, if any; SIGTERM after its lead; SIGKILL once the grace has passed too. */
    @Override
    public void stop(AttemptId attempt, StopPlan plan) {
        requireNonNull(plan, "plan is null");
        RunningAttempt worker = running.get(attempt);
        if (worker == null || !worker.markStopping()) {
            return;
        }
        log.atInfo().setMessage("stopping worker").addKeyValue("attempt", attempt).addKeyValue("pgid", worker.pgid())
                .addKeyValue("warning", plan.warning().map(w -> w.signal() + " " + w.lead()).orElse("none"))
                .addKeyValue("grace", plan.grace()).log();
        Optional<StopPlan.Warning> warning = plan.warning();
        Duration lead = warning.map(StopPlan.Warning::lead).orElse(Duration.ZERO);
        // SIGKILL comes at lead + grace from now, however long the worker takes to be ready for the first signal.
        long killAfter = saturatedSum(millis(lead), millis(plan.grace()));
        timers.schedule(() -> forceStop(worker), killAfter, TimeUnit.MILLISECONDS);
        whenReady(worker, saturatedSum(System.nanoTime(), killAfter > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : killAfter * 1_000_000), () -> {
            if (warning.isEmpty() || lead.isZero()) {
                signal(worker, "TERM");
                return;
            }
            signal(worker, warning.get().signal());
            try {
                timers.schedule(() -> signal(worker, "TERM"), millis(lead), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                signal(worker, "TERM");
            }
        });
    }

    /** {@code a + b} for waits of 0 or more, Long.MAX_VALUE where it would overflow. */
    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** A wait in milliseconds, 0 or more, saturating: a plan's absurd lead or grace must not throw on the caller's thread. */
    private static long millis(Duration wait) {
        try {
            return Math.max(0, wait.toMillis());
        } catch (ArithmeticException e) {
            return wait.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    /**
     * A stop right after launch could reach the wrapper before its {@code trap} line, killing it before it
     * can record how the worker ended, or after its last look for a stop but before the worker exists,
     * which the signal would then miss: the first signal waits until the wrapper catches SIGTERM and has
     * started the worker, or has ended. In a sandbox, bwrap and its PID 1 ignore SIGTERM until the command
     * has its default back, and a signal sent while bwrap sets up would reach nobody: it waits also until
     * a process of the group other than the wrapper takes SIGTERM. The wait is on the timer thread, every
     * 5 ms, until {@code deadline} (the SIGKILL's): a slow set-up under load delays the signal, never loses it.
     */
    private void whenReady(RunningAttempt worker, long deadline, Runnable then) {
        boolean ready = proc.catches(worker.pid(), SIGTERM) && proc.hasChildren(worker.pid())
                && (sandbox.isEmpty() || proc.anotherMemberTakes(worker.pgid(), worker.pid(), SIGTERM));
        // A closed executor waits no more: what was asked is done now, as the SIGKILL already scheduled will be.
        if (ready || !leaderAlive(worker) || System.nanoTime() >= deadline || timers.isShutdown()) {
            then.run();
        } else {
            timers.schedule(() -> whenReady(worker, deadline, then), 5, TimeUnit.MILLISECONDS);
        }
    }

    /** After the grace: SIGKILL whatever is left of the group, including children that outlived the wrapper. */
    private void forceStop(RunningAttempt worker) {
        if (proc.groupAlive(worker.pgid()) || leaderAlive(worker)) {
            log.atInfo().setMessage("worker outlived its grace, killing").addKeyValue("attempt", worker.attempt())
                    .addKeyValue("pgid", worker.pgid()).log();
            signal(worker, "KILL");
        }
    }

    private void signal(RunningAttempt worker, String signal) {
        if (!Signals.signalGroup(worker.pgid(), signal) && leaderAlive(worker)) {
            // Only possible in the instant after launch, before setsid has made the group: signal the pid itself.
            ProcessHandle.of(worker.pid()).ifPresent(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        }
    }

    private boolean leaderAlive(RunningAttempt worker) {
        return ProcessHandle.of(worker.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(worker.process().startedAt()::equals).orElse(false))
                .isPresent();
    }

    @Override
    public Map<AttemptId, ProcessRef> recover(Set<AttemptId> attempts) {
        requireOpen();
        Map<String, List<Long>> pidsByAttempt = proc.pidsByEnvironment(ATTEMPT_ID_VARIABLE);
        Map<AttemptId, ProcessRef> found = new HashMap<>();
        for (AttemptId attempt : attempts) {
            RunningAttempt watched = running.get(attempt);
            Optional<ProcessRef> ref = watched != null
                    ? Optional.of(watched.process())
                    : root(pidsByAttempt.getOrDefault(attempt.toString(), List.of())).flatMap(stat -> adopt(attempt, stat));
            ref.ifPresent(r -> found.put(attempt, r));
        }
        log.atInfo().setMessage("recovered workers").addKeyValue("requested", attempts.size())
                .addKeyValue("found", found.size()).log();
        return found;
    }

    /** The attempt's wrapper (the group leader) if it lives, else its oldest live process. */
    private Optional<ProcStat> root(List<Long> pids) {
        List<ProcStat> live = pids.stream().map(proc::stat).flatMap(Optional::stream).filter(p -> !p.zombie()).toList();
        return live.stream().filter(p -> p.pid() == p.pgrp()).findFirst()
                .or(() -> live.stream().min(Comparator.comparingLong(ProcStat::startTicks)));
    }

    private Optional<ProcessRef> adopt(AttemptId attempt, ProcStat stat) {
        Optional<Instant> startedAt = ProcessHandle.of(stat.pid()).flatMap(h -> h.info().startInstant());
        if (startedAt.isEmpty()) {
            return Optional.empty(); // exited between the scan and now; leftover() tells how
        }
        ProcessRef ref = ProcessRef.local(attempt, stat.pid(), startedAt.get());
        AttemptDirectory dir = AttemptDirectory.of(config.attemptsDir(), attempt);
        RunningAttempt worker = new RunningAttempt(ref, stat.pgrp(), dir, enforcement.existing(attempt).orElse(AttemptLimits.NONE),
                dir.memoryLimit());
        running.put(attempt, worker);
        long millis = config.exitPollInterval().toMillis();
        worker.pollExitWith(timers.scheduleWithFixedDelay(() -> pollExit(worker, stat.startTicks()), 0, millis, TimeUnit.MILLISECONDS));
        log.atInfo().setMessage("worker adopted").addKeyValue("attempt", attempt).addKeyValue("pid", stat.pid())
                .addKeyValue("pgid", stat.pgrp()).log();
        return Optional.of(ref);
    }

    /**
     * A recovered worker is not our child, so nothing tells us when it ends: poll. A zombie counts as
     * ended (its parent may never reap it), and a different start time means the pid was reused.
     */
    private void pollExit(RunningAttempt worker, long startTicks) {
        boolean alive = proc.stat(worker.pid()).filter(p -> !p.zombie() && p.startTicks() == startTicks).isPresent();
        if (!alive && !closed) {
            exitHandlers.execute(() -> finish(worker));
        }
    }

    private void finish(RunningAttempt worker) {
        worker.stopPolling();
        if (closed || !worker.markReported()) {
            return;
        }
        running.remove(worker.attempt(), worker);
        AttemptDirectory dir = worker.dir();
        // The wrapper's record is exact for what it waited for; samples also saw background descendants.
        Usage usage = worker.usage().max(new Usage(dir.recordedCpuSeconds().orElse(0), 0));
        Optional<Integer> code = dir.exitCode();
        boolean oomKilled = worker.killedForMemory() || worker.limits().oomKilled();
        WorkerExit exit = new WorkerExit(worker.attempt(), code, usage, reason(code, oomKilled));
        log.atInfo().setMessage("worker exited").addKeyValue("attempt", exit.attempt())
                .addKeyValue("exitCode", exit.exitCode().map(String::valueOf).orElse("none"))
                .addKeyValue("reason", exit.reason().orElse("none"))
                .addKeyValue("cpuSeconds", usage.cpuSeconds()).addKeyValue("peakMemoryBytes", usage.peakMemoryBytes()).log();
        deliver(exit);
        // After the report: removing a memory cgroup takes the kernel a millisecond or two that the job need not wait for.
        worker.limits().release();
    }

    /** A worker killed for its memory is OOMKilled, unless it exited 0 all the same (a child of it was killed, and it coped). */
    private static Optional<String> reason(Optional<Integer> code, boolean oomKilled) {
        return oomKilled && !code.equals(Optional.of(0)) ? Optional.of(WorkerExit.OOM_KILLED) : Optional.empty();
    }

    private void deliver(WorkerExit exit) {
        Consumer<WorkerExit> target = observer;
        if (target == null) {
            log.atWarn().setMessage("worker exit dropped, no observer registered").addKeyValue("attempt", exit.attempt()).log();
            return;
        }
        try {
            target.accept(exit);
        } catch (RuntimeException e) {
            log.atError().setMessage("exit observer failed").addKeyValue("attempt", exit.attempt()).setCause(e).log();
        }
    }

    /** Every worker runs on this machine: its gang meets on the loopback interface. */
    @Override
    public String address(AttemptId attempt, String node) {
        return "127.0.0.1";
    }

    @Override
    public Optional<WorkerExit> leftover(AttemptId attempt) {
        if (running.containsKey(attempt)) {
            return Optional.empty();
        }
        WorkerExit settled = leftovers.get(attempt);
        if (settled != null) {
            return Optional.of(settled);
        }
        AttemptDirectory dir = AttemptDirectory.of(config.attemptsDir(), attempt);
        Optional<Integer> code = dir.exitCode();
        if (code.isEmpty()) {
            return Optional.empty();
        }
        // The attempt's cgroup says whether the kernel OOM-killed it; read once, then the group goes.
        Optional<AttemptLimits> limits = enforcement.existing(attempt);
        boolean oomKilled = limits.map(AttemptLimits::oomKilled).orElse(false);
        WorkerExit exit = new WorkerExit(attempt, code, new Usage(dir.recordedCpuSeconds().orElse(0), 0), reason(code, oomKilled));
        WorkerExit first = leftovers.putIfAbsent(attempt, exit);
        limits.ifPresent(AttemptLimits::release);
        return Optional.of(first == null ? exit : first);
    }

    @Override
    public Optional<InputStream> openLog(AttemptId attempt, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("log offset must be >= 0: " + offset);
        }
        File file = AttemptDirectory.of(config.attemptsDir(), attempt).log().toFile();
        if (!file.isFile()) {
            return Optional.empty();
        }
        try {
            FileInputStream in = new FileInputStream(file);
            in.getChannel().position(offset);
            return Optional.of(in);
        } catch (IOException e) {
            log.atWarn().setMessage("cannot open worker log").addKeyValue("attempt", attempt).addKeyValue("error", e.toString()).log();
            return Optional.empty();
        }
    }

    @Override
    public OptionalLong logSize(AttemptId attempt) {
        File file = AttemptDirectory.of(config.attemptsDir(), attempt).log().toFile();
        return file.isFile() ? OptionalLong.of(file.length()) : OptionalLong.empty();
    }

    // --- AttemptCleanup: see AttemptFiles ---

    @Override
    public void remove(String jobUid) {
        if (!new AttemptFiles(config.attemptsDir()).remove(jobUid, running.keySet())) {
            log.atWarn().setMessage("attempt files kept: a worker of the job still runs").addKeyValue("job", jobUid).log();
        }
    }

    @Override
    public Set<String> jobUids() {
        return new AttemptFiles(config.attemptsDir()).jobUids();
    }

    @Override
    public void capLogs(long maxBytes) {
        for (AttemptId attempt : running.keySet()) {
            long dropped = AttemptFiles.cap(AttemptDirectory.of(config.attemptsDir(), attempt).log(), maxBytes);
            if (dropped > 0) {
                log.atInfo().setMessage("worker log cut to its tail").addKeyValue("attempt", attempt).addKeyValue("dropped", dropped).log();
            }
        }
    }

    @Override
    public Map<AttemptId, Usage> sampleUsage() {
        Map<Long, RunningAttempt> byGroup = new HashMap<>();
        running.values().forEach(worker -> byGroup.put(worker.pgid(), worker));
        Map<Long, Usage> now = proc.usageByGroup(byGroup.keySet());
        Map<AttemptId, Usage> usage = new HashMap<>();
        byGroup.forEach((pgid, worker) -> {
            Usage sample = now.get(pgid);
            if (sample != null) {
                worker.record(sample);
                usage.put(worker.attempt(), worker.usage());
                if (enforcement.watchesMemory() && worker.memoryLimit() > 0 && sample.peakMemoryBytes() > worker.memoryLimit()) {
                    killForMemory(worker, sample.peakMemoryBytes());
                }
            }
        });
        return usage;
    }

    /**
     * The watch's OOM kill: SIGKILL to every process of the worker's group but the wrapper, which then
     * records 137 as it would after the kernel's OOM killer, and the exit is reported OOMKilled.
     */
    private void killForMemory(RunningAttempt worker, long usedBytes) {
        if (!worker.markKilledForMemory()) {
            return;
        }
        log.atInfo().setMessage("worker over its memory limit, killing").addKeyValue("attempt", worker.attempt())
                .addKeyValue("usedBytes", usedBytes).addKeyValue("limitBytes", worker.memoryLimit()).log();
        proc.processes().stream().filter(p -> p.pgrp() == worker.pgid() && p.pid() != worker.pid() && !p.zombie())
                .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** How this executor holds workers to their limits: {@code cgroup-v2}, {@code cgroup-v1} or {@code watch}. */
    public String enforcement() {
        return enforcement.name();
    }

    /**
     * How workers are isolated: {@code sandbox} (each project's own uid, in a bubblewrap sandbox), {@code project-user}
     * (each project's own uid) or {@code none} (the server's user).
     */
    /**
     * The mode of the server's directories above a worker's tree: passable by others where project
     * users reach their trees through the host's paths, the server's alone where a sandbox binds the
     * tree in (bwrap, as root, walks them) or workers run as the server.
     */
    private String serverDirectories() {
        return workersPassThroughHome() ? "rwx--x--x" : "rwx------";
    }

    /** Whether workers reach their directories through the server's home, which must then be passable (not listable) by them. */
    public boolean workersPassThroughHome() {
        return users.isPresent() && sandbox.isEmpty();
    }

    public String isolation() {
        return sandbox.isPresent() ? Sandbox.NAME : users.isPresent() ? WorkerUsers.PROJECT_USER : WorkerUsers.NONE;
    }

    private void sampleQuietly() {
        try {
            sampleUsage();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; log and keep sampling.
            log.atWarn().setMessage("usage sampling failed").setCause(e).log();
        }
    }

    /** Stops watching; workers keep running. Pending SIGKILL escalations of stops already asked for still run. */
    @Override
    public void close() {
        closed = true;
        timers.shutdown();
        exitHandlers.shutdown();
        log.atInfo().setMessage("executor closed, workers left running").addKeyValue("watched", running.size()).log();
        running.clear();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("executor is closed");
        }
    }
}
