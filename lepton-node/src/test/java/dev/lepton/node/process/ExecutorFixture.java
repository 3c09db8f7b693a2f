package dev.lepton.node.process;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.node.limits.EnforcementProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Real executors on one attempts directory, with short intervals so tests stay fast. Closing the
 * fixture kills every process group a test launched, since executors themselves never do.
 */
final class ExecutorFixture implements AutoCloseable {
    final Path attemptsDir;
    final ProcFs proc = ProcFs.local();
    private final List<LocalProcessExecutor> executors = new ArrayList<>();
    private final List<ProcessRef> launched = new ArrayList<>();

    ExecutorFixture(Path attemptsDir) {
        this.attemptsDir = attemptsDir;
    }

    /** A new executor, as after a server restart, reporting to {@code recorder}. */
    LocalProcessExecutor executor(ExitRecorder recorder) {
        return executor(recorder, LocalExecutorConfig.Limits.AUTO);
    }

    /** A new executor that enforces limits as {@code limits} says; workers run as the test's own user. */
    LocalProcessExecutor executor(ExitRecorder recorder, LocalExecutorConfig.Limits limits) {
        return executor(recorder, limits, LocalExecutorConfig.Isolation.NONE);
    }

    /** A new executor on a machine with these devices; workers run as the test's own user. */
    LocalProcessExecutor executor(ExitRecorder recorder, VisibleDevices devices) {
        return executor(recorder, LocalExecutorConfig.Limits.AUTO, LocalExecutorConfig.Isolation.NONE, devices);
    }

    /** A new executor whose workers run as their project's user where the host allows ({@link WorkerUsers}), without a sandbox. */
    LocalProcessExecutor isolatingExecutor(ExitRecorder recorder) {
        return executor(recorder, LocalExecutorConfig.Limits.AUTO, LocalExecutorConfig.Isolation.PROJECT_USER);
    }

    /** A new executor whose workers run as their project's user in a sandbox where the host allows ({@link Sandbox}). */
    LocalProcessExecutor sandboxingExecutor(ExitRecorder recorder) {
        return executor(recorder, LocalExecutorConfig.Limits.AUTO, LocalExecutorConfig.Isolation.SANDBOX);
    }

    /** As {@link #sandboxingExecutor}, holding limits as {@code limits} says. */
    LocalProcessExecutor sandboxingExecutor(ExitRecorder recorder, LocalExecutorConfig.Limits limits) {
        return executor(recorder, limits, LocalExecutorConfig.Isolation.SANDBOX);
    }

    private LocalProcessExecutor executor(ExitRecorder recorder, LocalExecutorConfig.Limits limits, LocalExecutorConfig.Isolation isolation) {
        return executor(recorder, limits, isolation, VisibleDevices.NONE);
    }

    private LocalProcessExecutor executor(ExitRecorder recorder, LocalExecutorConfig.Limits limits, LocalExecutorConfig.Isolation isolation,
                                          VisibleDevices devices) {
        LocalExecutorConfig config = LocalExecutorConfig.defaults(attemptsDir)
                .withDevices(devices)
                .withExitPollInterval(Duration.ofMillis(50))
                .withSampleInterval(Duration.ofMillis(50))
                .withLimits(limits)
                .withIsolation(isolation);
        LocalProcessExecutor executor = new LocalProcessExecutor(config, InstantSource.system(), proc);
        executor.observe(recorder);
        executors.add(executor);
        return executor;
    }

    ProcessRef launch(LocalProcessExecutor executor, LaunchSpec spec) {
        ProcessRef ref = executor.launch(spec);
        launched.add(ref);
        return ref;
    }

    Path dir(AttemptId attempt) {
        return AttemptDirectory.of(attemptsDir, attempt).dir();
    }

    /** Live (not zombie) processes in the group. */
    List<ProcStat> liveMembers(long pgid) {
        return proc.processes().stream().filter(p -> p.pgrp() == pgid && !p.zombie()).toList();
    }

    @Override
    public void close() {
        executors.forEach(LocalProcessExecutor::close);
        launched.forEach(ref -> Signals.signalGroup(ref.pid().orElseThrow(), "KILL"));
        launched.forEach(ref -> removeControlGroups(ref.attempt()));
    }

    /** The groups of workers killed here, which no executor watched to the end to remove them; once empty, rmdir works. */
    private static void removeControlGroups(AttemptId attempt) {
        for (String controller : List.of("memory", "cpu")) {
            Path group = Path.of("/sys/fs/cgroup", controller, EnforcementProbe.PARENT, attempt.toString());
            for (int tries = 0; tries < 40 && Files.isDirectory(group); tries++) {
                try {
                    Files.deleteIfExists(group);
                } catch (IOException stillBusy) {
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
