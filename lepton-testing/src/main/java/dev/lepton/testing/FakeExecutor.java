package dev.lepton.testing;

import static java.util.Objects.requireNonNull;

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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An executor that runs nothing: it records launches and stops, and workers end only when the test
 * says so ({@link #finish}, {@link #lose}). Exits go to the observer on the thread that caused them,
 * outside the fake's lock, exactly once per attempt: ending a worker that is not running is an
 * error in the test. Safe to call from any thread.
 *
 * <p>By default a stop is only recorded; {@link #exitOnStop} makes the worker end as it is stopped.
 * {@link #restart} simulates the control plane going away while workers keep running, after which
 * {@link #recover} finds the ones still running and {@link #leftover} reports what the test set.
 */
public final class FakeExecutor implements Executor, LogAccess, UsageSampling {
    /** The pid the first launched worker gets; each later launch gets the next one. */
    public static final long FIRST_PID = 10_000;

    /** One call to {@link #stop}: its grace, and the warning signal sent first, if any. */
    public record StopRequest(AttemptId attempt, Duration grace, Optional<StopPlan.Warning> warning) {
        public StopRequest(AttemptId attempt, Duration grace) {
            this(attempt, grace, Optional.empty());
        }
    }

    private record LaunchFailure(Predicate<LaunchSpec> applies, String why) {}

    private final InstantSource clock;
    private Consumer<WorkerExit> observer;
    private final List<LaunchSpec> launches = new ArrayList<>();
    private final List<LaunchSpec> failedLaunches = new ArrayList<>();
    private final List<LaunchFailure> launchFailures = new ArrayList<>();
    private final List<StopRequest> stops = new ArrayList<>();
    private final Map<AttemptId, ProcessRef> running = new LinkedHashMap<>();
    private final Map<AttemptId, ProcessRef> unwatched = new LinkedHashMap<>();
    private final Map<AttemptId, WorkerExit> leftovers = new HashMap<>();
    private final Map<AttemptId, Usage> usage = new HashMap<>();
    private final Map<AttemptId, ByteArrayOutputStream> logs = new HashMap<>();
    private Optional<Optional<Integer>> exitOnStop = Optional.empty();
    private long nextPid = FIRST_PID;
    private volatile CountDownLatch heldLaunches;
    private volatile Optional<Integer> finishOnLaunch = Optional.empty();
    private boolean closed;

    /** Processes start at the instant {@code clock} says, usually a {@link FakeClock}. */
    public FakeExecutor(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    public FakeExecutor() {
        this(new FakeClock());
    }

    // --- the Executor SPI ---

    @Override
    public synchronized void observe(Consumer<WorkerExit> next) {
        observer = requireNonNull(next, "observer is null");
    }

    /**
     * Waits while launches are held ({@link #holdLaunches}); a worker set to end at once
     * ({@link #finishOnLaunch}) reports its exit before this returns, as a process that dies at
     * once may be reported before its launcher hears of it.
     */
    @Override
    public ProcessRef launch(LaunchSpec spec) {
        CountDownLatch gate = heldLaunches;
        if (gate != null) {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("launches were held for 30 s and never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while launches were held", e);
            }
        }
        ProcessRef process = start(spec);
        Optional<Integer> exitAtOnce = finishOnLaunch;
        if (exitAtOnce.isPresent()) {
            exit(spec.attempt(), exitAtOnce);
        }
        return process;
    }

    private synchronized ProcessRef start(LaunchSpec spec) {
        requireNonNull(spec, "spec is null");
        requireOpen();
        for (LaunchFailure failure : launchFailures) {
            if (failure.applies().test(spec)) {
                failedLaunches.add(spec);
                throw new LaunchFailedException(failure.why(), null);
            }
        }
        if (running.containsKey(spec.attempt()) || unwatched.containsKey(spec.attempt())) {
            // As the local executor: a refused launch, which the server handles, not a bug in the test.
            throw new LaunchFailedException("attempt " + spec.attempt() + " is already running", null);
        }
        ProcessRef process = ProcessRef.local(spec.attempt(), nextPid++, clock.instant());
        launches.add(spec);
        running.put(spec.attempt(), process);
        return process;
    }

    @Override
    public void stop(AttemptId attempt, Duration grace) {
        stop(attempt, StopPlan.graceful(grace));
    }

    /** Records the plan; a worker set to end on stop ends at once, whatever its warning. */
    @Override
    public void stop(AttemptId attempt, StopPlan plan) {
        Duration grace = plan.grace();
        Ending ending;
        synchronized (this) {
            requireNonNull(attempt, "attempt is null");
            stops.add(new StopRequest(attempt, grace, plan.warning()));
            if (exitOnStop.isEmpty() || !running.containsKey(attempt)) {
                return;
            }
            ending = end(attempt, exitOnStop.get());
        }
        ending.report();
    }

    @Override
    public synchronized Map<AttemptId, ProcessRef> recover(Set<AttemptId> attempts) {
        requireOpen();
        Map<AttemptId, ProcessRef> found = new LinkedHashMap<>();
        for (AttemptId attempt : attempts) {
            ProcessRef process = unwatched.remove(attempt);
            if (process == null) {
                process = running.get(attempt);
            }
            if (process != null) {
                running.put(attempt, process);
                found.put(attempt, process);
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<WorkerExit> leftover(AttemptId attempt) {
        return Optional.ofNullable(leftovers.get(attempt));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public synchronized Optional<InputStream> openLog(AttemptId attempt, long offset) {
        ByteArrayOutputStream log = logs.get(attempt);
        if (log == null) {
            return Optional.empty();
        }
        byte[] bytes = log.toByteArray();
        int from = (int) Math.min(Math.max(offset, 0), bytes.length);
        return Optional.of(new ByteArrayInputStream(bytes, from, bytes.length - from));
    }

    @Override
    public synchronized Map<AttemptId, Usage> sampleUsage() {
        Map<AttemptId, Usage> sampled = new LinkedHashMap<>();
        running.keySet().forEach(a -> sampled.put(a, usage.getOrDefault(a, Usage.NONE)));
        return sampled;
    }

    // --- what the test does ---

    /** The worker exits on its own with {@code code}. */
    public void finish(AttemptId attempt, int code) {
        exit(attempt, Optional.of(code));
    }

    /** The worker's process vanishes without an exit status. */
    public void lose(AttemptId attempt) {
        exit(attempt, Optional.empty());
    }

    /** Every running worker exits with {@code code}, in launch order. */
    public void finishAll(int code) {
        running().forEach(a -> finish(a, code));
    }

    /** From now on a stopped worker ends at once with {@code code} (143: settled by SIGTERM). */
    public synchronized void exitOnStop(int code) {
        exitOnStop = Optional.of(Optional.of(code));
    }

    /** From now on a stopped worker ends at once without an exit status (SIGKILL after the grace). */
    public synchronized void loseOnStop() {
        exitOnStop = Optional.of(Optional.empty());
    }

    /** Later launches wait, until {@link #releaseLaunches}, before they start anything. */
    public void holdLaunches() {
        heldLaunches = new CountDownLatch(1);
    }

    public void releaseLaunches() {
        CountDownLatch gate = heldLaunches;
        heldLaunches = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Later launched workers end with {@code code} at once, their exit reported before their launch returns. */
    public void finishOnLaunch(int code) {
        finishOnLaunch = Optional.of(code);
    }

    /** Every later launch fails with {@code why}. */
    public void failLaunches(String why) {
        failLaunches(spec -> true, why);
    }

    /** Later launches on {@code node} fail with {@code why}. */
    public void failLaunchesOn(String node, String why) {
        failLaunches(spec -> spec.node().equals(node), why);
    }

    /** Later launches that match fail with {@code why}. */
    public synchronized void failLaunches(Predicate<LaunchSpec> which, String why) {
        launchFailures.add(new LaunchFailure(requireNonNull(which, "which is null"), requireNonNull(why, "why is null")));
    }

    /** Launches succeed again. */
    public synchronized void allowLaunches() {
        launchFailures.clear();
    }

    /** What {@link #sampleUsage} and the worker's exit report for it. */
    public synchronized void setUsage(AttemptId attempt, Usage value) {
        usage.put(requireNonNull(attempt, "attempt is null"), requireNonNull(value, "usage is null"));
    }

    /** Appends to the worker's log, which {@link #openLog} then serves. */
    public synchronized void appendLog(AttemptId attempt, String text) {
        logs.computeIfAbsent(requireNonNull(attempt, "attempt is null"), a -> new ByteArrayOutputStream())
                .writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The control plane went away: running workers keep running but nobody watches them, and the
     * observer is forgotten. {@link #recover} finds them again.
     */
    public synchronized void restart() {
        unwatched.putAll(running);
        running.clear();
        observer = null;
    }

    /** A worker that, after a {@link #restart}, still runs and {@link #recover} will find. */
    public synchronized void stillRunning(ProcessRef process) {
        requireNonNull(process, "process is null");
        running.remove(process.attempt());
        unwatched.put(process.attempt(), process);
    }

    /**
     * A worker that ended with {@code code} while nobody watched it: {@link #recover} will not find
     * it, and {@link #leftover} reports the exit.
     */
    public synchronized void endedWhileUnwatched(AttemptId attempt, int code) {
        unwatched.remove(attempt);
        running.remove(attempt);
        leftovers.put(attempt, new WorkerExit(attempt, Optional.of(code), usage.getOrDefault(attempt, Usage.NONE)));
    }

    /** A worker that vanished while nobody watched it: neither recovered nor left over. */
    public synchronized void vanishedWhileUnwatched(AttemptId attempt) {
        unwatched.remove(attempt);
        running.remove(attempt);
    }

    // --- what the test checks ---

    /** Successful launches, in order. */
    public synchronized List<LaunchSpec> launches() {
        return List.copyOf(launches);
    }

    /** How many launches succeeded: {@code launches().size()} without the copy, for a caller that asks often. */
    public synchronized int launchCount() {
        return launches.size();
    }

    /** The launch of this attempt, if it succeeded. */
    public synchronized Optional<LaunchSpec> launchOf(AttemptId attempt) {
        return launches.stream().filter(s -> s.attempt().equals(attempt)).findFirst();
    }

    /** Launches refused by a configured failure, in order. */
    public synchronized List<LaunchSpec> failedLaunches() {
        return List.copyOf(failedLaunches);
    }

    /** The attempts asked to stop, in order, repeats included. */
    public synchronized List<AttemptId> stops() {
        return stops.stream().map(StopRequest::attempt).toList();
    }

    public synchronized List<StopRequest> stopRequests() {
        return List.copyOf(stops);
    }

    /** Workers launched or recovered that have not ended, in launch order. */
    public synchronized Set<AttemptId> running() {
        return new LinkedHashSet<>(running.keySet());
    }

    public synchronized boolean isRunning(AttemptId attempt) {
        return running.containsKey(attempt);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void exit(AttemptId attempt, Optional<Integer> code) {
        Ending ending;
        synchronized (this) {
            ending = end(attempt, code);
        }
        ending.report();
    }

    /** Takes the worker out of the running set; the caller reports the exit once it has let go of the lock. */
    private Ending end(AttemptId attempt, Optional<Integer> code) {
        requireNonNull(attempt, "attempt is null");
        if (!running.containsKey(attempt)) {
            throw new IllegalStateException("attempt " + attempt + " is not running (already ended, never launched, or not recovered)");
        }
        if (observer == null) {
            throw new IllegalStateException("nobody observes exits: call observe() before ending workers");
        }
        running.remove(attempt);
        return new Ending(observer, new WorkerExit(attempt, code, usage.getOrDefault(attempt, Usage.NONE)));
    }

    private record Ending(Consumer<WorkerExit> observer, WorkerExit exit) {
        void report() {
            observer.accept(exit);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("executor is closed");
        }
    }
}
