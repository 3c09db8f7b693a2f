package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Configuration of the {@link LocalProcessExecutor}; {@link #defaults(Path)} holds every default.
 *
 * @param attemptsDir where attempt directories are created ({@code $LEPTON_HOME/attempts} in the server)
 * @param exitPollInterval how often a recovered worker, which is not our child, is checked for exit
 *     (default 1s)
 * @param sampleInterval how often usage is sampled in the background so that peak memory is known
 *     even when nobody calls {@code sampleUsage}; {@link Duration#ZERO} turns it off (default 5s)
 * @param inheritedEnvironment the server's environment variables passed on to workers, beneath the
 *     spec's own (default {@link #DEFAULT_INHERITED_ENVIRONMENT}); everything else is withheld so that
 *     server secrets do not leak into workloads
 * @param limits how workers are held to their CPU and memory: {@link Limits#AUTO} (default) uses a
 *     cgroup per attempt where the host allows (v2, else v1) and watches sampled memory otherwise;
 *     {@link Limits#WATCH} always watches
 * @param codeDir where shipped code snapshots are, each as {@code <sha256>.tar.gz} (default: {@code code}
 *     beside the attempts directory)
 * @param workerUids the uids given to projects so that each project's workers run as a user of its own
 *     (default {@link WorkerUids#DEFAULT})
 * @param isolation the most isolation the operator wants (default {@link Isolation#SANDBOX}); the executor
 *     falls back, with a warning in the log, to what the host allows
 * @param devices this machine's accelerator devices, for the variables that make a worker's AMD devices visible
 *     to it (default {@link VisibleDevices#NONE}: the server's {@code CUDA_VISIBLE_DEVICES} stands)
 */
public record LocalExecutorConfig(Path attemptsDir, Duration exitPollInterval, Duration sampleInterval, List<String> inheritedEnvironment,
                                  Limits limits, Path codeDir, WorkerUids workerUids, Isolation isolation, VisibleDevices devices) {
    /** How limits are enforced. */
    public enum Limits { AUTO, WATCH }

    /** How workers are kept from the server and from each other, least to most; each level includes the one before. */
    public enum Isolation {
        /** Workers run as the server's own user. */
        NONE,
        /** Each project's workers run as a uid of their own ({@code setpriv}); needs the server to be root. */
        PROJECT_USER,
        /** As a project user, in a bubblewrap sandbox that shows the system and the worker's own tree only; needs {@code bwrap}. */
        SANDBOX;

        /** The name {@code lepton node list} shows and {@code --isolation} takes: {@code none}, {@code project-user}, {@code sandbox}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The level named by {@link #label()}. */
        public static Isolation ofLabel(String label) {
            for (Isolation isolation : values()) {
                if (isolation.label().equals(label)) {
                    return isolation;
                }
            }
            throw new IllegalArgumentException("must be sandbox, project-user or none");
        }
    }

    /** A range of uids, {@code first} to {@code first + count - 1}, that no one else on the host uses. */
    public record WorkerUids(int first, int count) {
        /** Far above the uids Debian gives people (1000–59999) and its dynamic service users (61184–65519). */
        public static final WorkerUids DEFAULT = new WorkerUids(200_000, 65_536);

        public WorkerUids {
            if (first < 1 || count < 1 || (long) first + count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("worker uids must be a range of positive uids, got " + first + " + " + count);
            }
        }
    }

    public static final Duration DEFAULT_EXIT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(5);
    public static final List<String> DEFAULT_INHERITED_ENVIRONMENT =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TZ", "TMPDIR");

    public LocalExecutorConfig {
        requireNonNull(attemptsDir, "attemptsDir is null");
        requireNonNull(exitPollInterval, "exitPollInterval is null");
        requireNonNull(sampleInterval, "sampleInterval is null");
        inheritedEnvironment = List.copyOf(inheritedEnvironment);
        requireNonNull(limits, "limits is null");
        requireNonNull(codeDir, "codeDir is null");
        requireNonNull(workerUids, "workerUids is null");
        requireNonNull(isolation, "isolation is null");
        requireNonNull(devices, "devices is null");
        if (exitPollInterval.isNegative() || exitPollInterval.isZero()) {
            throw new IllegalArgumentException("exitPollInterval must be positive: " + exitPollInterval);
        }
        if (sampleInterval.isNegative()) {
            throw new IllegalArgumentException("sampleInterval must be zero (off) or positive: " + sampleInterval);
        }
    }

    public static LocalExecutorConfig defaults(Path attemptsDir) {
        return new LocalExecutorConfig(attemptsDir, DEFAULT_EXIT_POLL_INTERVAL, DEFAULT_SAMPLE_INTERVAL, DEFAULT_INHERITED_ENVIRONMENT, Limits.AUTO,
                attemptsDir.resolveSibling("code"), WorkerUids.DEFAULT, Isolation.SANDBOX, VisibleDevices.NONE);
    }

    public LocalExecutorConfig withExitPollInterval(Duration interval) {
        return new LocalExecutorConfig(attemptsDir, interval, sampleInterval, inheritedEnvironment, limits, codeDir, workerUids, isolation, devices);
    }

    public LocalExecutorConfig withSampleInterval(Duration interval) {
        return new LocalExecutorConfig(attemptsDir, exitPollInterval, interval, inheritedEnvironment, limits, codeDir, workerUids, isolation, devices);
    }

    public LocalExecutorConfig withCodeDir(Path value) {
        return new LocalExecutorConfig(attemptsDir, exitPollInterval, sampleInterval, inheritedEnvironment, limits, value, workerUids, isolation, devices);
    }

    public LocalExecutorConfig withLimits(Limits value) {
        return new LocalExecutorConfig(attemptsDir, exitPollInterval, sampleInterval, inheritedEnvironment, value, codeDir, workerUids, isolation, devices);
    }

    public LocalExecutorConfig withWorkerUids(WorkerUids value) {
        return new LocalExecutorConfig(attemptsDir, exitPollInterval, sampleInterval, inheritedEnvironment, limits, codeDir, value, isolation, devices);
    }

    /** This machine's devices, so that a worker sees the AMD devices it holds ({@link VisibleDevices}). */
    public LocalExecutorConfig withDevices(VisibleDevices value) {
        return new LocalExecutorConfig(attemptsDir, exitPollInterval, sampleInterval, inheritedEnvironment, limits, codeDir, workerUids, isolation, value);
    }

    /** Without devices of its own to make visible: the server's {@code CUDA_VISIBLE_DEVICES} stands. */
    public LocalExecutorConfig(Path attemptsDir, Duration exitPollInterval, Duration sampleInterval, List<String> inheritedEnvironment,
                               Limits limits, Path codeDir, WorkerUids workerUids, Isolation isolation) {
        this(attemptsDir, exitPollInterval, sampleInterval, inheritedEnvironment, limits, codeDir, workerUids, isolation, VisibleDevices.NONE);
    }

    public LocalExecutorConfig withIsolation(Isolation value) {
        return new LocalExecutorConfig(attemptsDir, exitPollInterval, sampleInterval, inheritedEnvironment, limits, codeDir, workerUids, value, devices);
    }
}
