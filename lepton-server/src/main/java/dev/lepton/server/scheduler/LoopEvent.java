package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.job.Job;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What other threads tell the loop. The loop alone changes live jobs. Exits and launch reports are
 * facts that must reach the store; a turn that fails hands them back to the queue. Requests that
 * carry a reply are tried once more after a failed turn, then answered with its failure.
 */
sealed interface LoopEvent {
    /** A job was stored in its queue. */
    record Submitted(Job job) implements LoopEvent {}

    /** A worker process ended. */
    record Exited(WorkerExit exit) implements LoopEvent {}

    /**
     * The launcher's report on one attempt: the workers it started, in rank order, and, if a worker
     * could not be started, which one and why (the launcher then started no more).
     */
    record Launched(String jobUid, int epoch, List<ProcessRef> started, Optional<Failure> failure) implements LoopEvent {
        public Launched {
            requireNonNull(jobUid, "jobUid is null");
            started = List.copyOf(started);
            requireNonNull(failure, "failure is null");
        }

        record Failure(int rank, String reason) {}
    }

    /** A user asks to cancel; audited with the change. The reply carries the job as stored afterwards. */
    record Cancel(String project, String name, String actor, String action, CompletableFuture<Job> reply, boolean retried)
            implements LoopEvent {}

    /** A question about the loop's state (a job's place in the queue), answered on the loop's thread. */
    record Ask<T>(Function<LoopState, T> question, CompletableFuture<T> reply, boolean retried) implements LoopEvent {
        void answer(LoopState state) {
            reply.complete(question.apply(state));
        }

        Ask<T> again() {
            return new Ask<>(question, reply, true);
        }
    }

    /** Nothing but a reason to run a turn (the quotas or the nodes changed; a test moved its clock). */
    record Wake() implements LoopEvent {}
}
