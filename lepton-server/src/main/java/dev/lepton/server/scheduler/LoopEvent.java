package dev.lepton.server.scheduler;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.job.Job;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What other threads tell the loop. The loop alone changes live jobs. */
sealed interface LoopEvent {
    /** A job was stored in its queue. */
    record Submitted(Job job) implements LoopEvent {}

    /** A worker process ended. */
    record Exited(WorkerExit exit) implements LoopEvent {}

    /** A user asks to cancel; audited with the change. The reply carries the job as stored afterwards. */
    record Cancel(String project, String name, String actor, String action, CompletableFuture<Job> reply) implements LoopEvent {}

    /** Fresh usage figures for running workers. */
    record Sampled(Map<AttemptId, Usage> usage) implements LoopEvent {}

    /** How many queued jobs are ahead of this one; -1 when it is not queued. */
    record Position(String uid, CompletableFuture<Integer> reply) implements LoopEvent {}

    /** Nothing but a reason to run a cycle (a timer fired). */
    record Wake() implements LoopEvent {}
}
