package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.GangLaunch;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.placement.Assignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workers of placed attempts off the loop's thread (an executor's call may take seconds:
 * a process spawn, a pod creation) and reports each attempt back to the loop as one
 * {@link LoopEvent.Launched}. Whatever goes wrong with one worker, a refusal or a bug, ends that
 * attempt's launch with its reason and touches no other attempt.
 *
 * <p>Launches run on platform threads of their own ({@link Executor#launchParallelism}: 4 for processes,
 * more for a cluster's API), not on virtual threads: spawning a process blocks in native code and pins its
 * carrier, and on a small machine a burst of launches pinned every carrier the HTTP handlers needed
 * (durable submissions from 8 clients fell from about 1,400/s to about 230/s).
 */
final class Launcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private static final String LOOPBACK = "127.0.0.1";

    private final Executor executor;
    /** The stop grace of a job that names none. */
    private final Duration serverGrace;
    private final Consumer<LoopEvent> report;
    /** As many attempts are launched at once as the executor takes; the rest wait their turn in arrival order. */
    private final ExecutorService threads;

    Launcher(Executor executor, Duration serverGrace, Consumer<LoopEvent> report) {
        this.executor = requireNonNull(executor, "executor is null");
        this.serverGrace = requireNonNull(serverGrace, "serverGrace is null");
        this.report = requireNonNull(report, "report is null");
        this.threads = Executors.newFixedThreadPool(executor.launchParallelism(), Thread.ofPlatform().name("launcher-", 0).daemon().factory());
    }

    /** Launches the attempt's workers in rank order, in the background. */
    void launch(Job scheduled) {
        threads.execute(() -> report.accept(launchNow(scheduled)));
    }

    LoopEvent.Launched launchNow(Job job) {
        List<ProcessRef> started = new ArrayList<>();
        Map<String, Integer> perNode = new HashMap<>();
        int rank = 0;
        try {
            int port = Ports.free();
            WorkerStatus first = job.status().workers().getFirst();
            // A worker alone is its own rank 0: its loopback reaches it wherever it runs (and a cluster need make no name for it).
            String masterAddress = job.spec().workers() == 1 ? LOOPBACK
                    : executor.address(new AttemptId(job.uid(), job.status().epoch(), first.rank()), first.node());
            List<LaunchSpec> specs = new ArrayList<>();
            for (WorkerStatus worker : job.status().workers()) {
                Assignment assignment = new Assignment(worker.rank(), worker.node(), worker.gpuIndices());
                int localRank = perNode.merge(worker.node(), 1, Integer::sum) - 1;
                AttemptId attempt = new AttemptId(job.uid(), job.status().epoch(), worker.rank());
                specs.add(LaunchEnvironment.spec(job, assignment, attempt, localRank, masterAddress, port, serverGrace));
            }
            if (executor instanceof GangLaunch gang) {
                started.addAll(gang.launchGang(specs));
            } else {
                for (LaunchSpec spec : specs) {
                    rank = spec.attempt().rank();
                    started.add(executor.launch(spec));
                }
            }
            return new LoopEvent.Launched(job.uid(), job.status().epoch(), started, Optional.empty());
        } catch (LaunchFailedException e) {
            log.atWarn().setMessage("launch failed").addKeyValue("job", job.qualifiedName()).addKeyValue("epoch", job.status().epoch())
                    .addKeyValue("rank", rank).addKeyValue("reason", e.getMessage()).log();
            return failed(job, started, rank, e.getMessage());
        } catch (RuntimeException e) {
            log.atError().setMessage("launch failed unexpectedly").addKeyValue("job", job.qualifiedName())
                    .addKeyValue("epoch", job.status().epoch()).addKeyValue("rank", rank).setCause(e).log();
            return failed(job, started, rank, "the launch failed unexpectedly (" + e + ")");
        }
    }

    private static LoopEvent.Launched failed(Job job, List<ProcessRef> started, int rank, String reason) {
        return new LoopEvent.Launched(job.uid(), job.status().epoch(), started, Optional.of(new LoopEvent.Launched.Failure(rank, reason)));
    }

    /** No new launches start; those under way finish and report, and close waits for them (10 s at most). */
    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
