package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.LogFollow;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.server.http.ClientPresence;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/jobs/{name}/logs}: copies a worker's output to the response, and with
 * {@code follow=true} keeps copying as it grows until the attempt ends, or its client goes. An executor
 * that streams logs ({@link LogFollow}) is followed through its stream, each byte read once, with a
 * {@link FollowWatch} to let go of it; another is read again from where the copy got every poll ({@link #POLL}).
 *
 * <p>It writes to the servlet's own stream and flushes after every copy, headers first: Javalin's
 * compressing stream ignores {@code flush()}, so Jetty held everything until its buffer filled or
 * the job ended, and a client saw no answer at all meanwhile (and timed out waiting for headers).
 */
final class LogStream {
    private static final Logger log = LoggerFactory.getLogger(LogStream.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Polls a followed stream may stay open once its attempt is over: 5 s for the last lines to arrive. */
    private static final int LINGER_POLLS = 25;

    /** Where the job is read as it is now. */
    @FunctionalInterface
    interface Jobs {
        Job get(String project, String name);
    }

    private final Jobs jobs;
    private final LogAccess logs;
    private final Duration poll;
    private final int lingerPolls;

    LogStream(Jobs jobs, LogAccess logs) {
        this(jobs, logs, POLL, LINGER_POLLS);
    }

    /** With other times than the server's: tests follow in milliseconds. */
    LogStream(Jobs jobs, LogAccess logs, Duration poll, int lingerPolls) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.poll = requireNonNull(poll, "poll is null");
        this.lingerPolls = lingerPolls;
    }

    /**
     * What a request asks for: a worker, optionally one attempt (else the current one, and the next
     * ones when following), and whether its client has gone, which ends a follow.
     */
    record Request(String project, String name, int rank, OptionalInt attempt, boolean follow, BooleanSupplier clientGone) {}

    void serve(Context ctx, String project, String name) throws InterruptedException {
        Job job = jobs.get(project, name);
        Request request = new Request(project, name, rank(ctx, job), attempt(ctx, job), "true".equals(ctx.queryParam("follow")),
                ClientPresence.of(ctx)::gone);
        ctx.status(200).contentType("text/plain; charset=utf-8");
        try {
            OutputStream out = ctx.res().getOutputStream();
            out.flush();
            copy(request, job, out);
        } catch (IOException e) {
            // The response is under way: there is no status left to send, only a reason to log.
            log.info("log stream of job {}/{} worker {} ended early: {}", project, name, request.rank(), e.toString());
        }
    }

    private static int rank(Context ctx, Job job) {
        int rank = JobRoutes.intParam(ctx, "worker", 0, 0, JobMapper.MAX_WORKERS - 1);
        if (rank >= job.spec().workers()) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "worker: job " + job.name() + " has workers 0 to "
                    + (job.spec().workers() - 1) + " (got " + rank + ")");
        }
        return rank;
    }

    /** The attempt asked for, if any; one that has not happened (yet) is not found. */
    private static OptionalInt attempt(Context ctx, Job job) {
        String text = ctx.queryParam("attempt");
        if (text == null || text.isBlank()) {
            return OptionalInt.empty();
        }
        int attempt;
        try {
            attempt = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            attempt = 0;
        }
        if (attempt < 1) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "attempt: must be an attempt number, 1 or more (got '" + text + "')");
        }
        int last = job.status().epoch();
        if (attempt > last) {
            throw new LeptonException(ErrorCode.NOT_FOUND, "attempt: job " + job.project() + "/" + job.name() + " has no attempt "
                    + attempt + " (" + (last == 0 ? "it has not started yet" : last == 1 ? "it has had attempt 1 only"
                            : "its attempts are 1 to " + last) + ")");
        }
        return OptionalInt.of(attempt);
    }

    /**
     * Copies the attempt's log from where it left off until there is nothing more to wait for. When
     * following the current attempt and the job starts another, the old one is drained first.
     */
    void copy(Request request, Job first, OutputStream out) throws IOException, InterruptedException {
        Job job = first;
        int epoch = request.attempt().orElse(job.status().epoch());
        long offset = 0;
        while (true) {
            offset = copy(request, job, epoch, offset, out);
            if (!request.follow() || ended(job, epoch)) {
                return;
            }
            Thread.sleep(poll);
            if (request.clientGone().getAsBoolean()) {
                log.info("log stream of job {}/{} worker {} ended: its client has gone", request.project(), request.name(), request.rank());
                return;
            }
            Optional<Job> now = find(request);
            if (now.isEmpty()) {
                return;
            }
            job = now.get();
            if (job.status().epoch() != epoch) {
                copy(request, job, epoch, offset, out);
                if (request.attempt().isPresent()) {
                    return;
                }
                epoch = job.status().epoch();
                offset = 0;
            }
        }
    }

    private static boolean ended(Job job, int epoch) {
        return epoch < job.status().epoch() || job.phase().isTerminal();
    }

    /** The job as it is now; empty once it was deleted, which ends a follow. */
    private Optional<Job> find(Request request) {
        try {
            return Optional.of(jobs.get(request.project(), request.name()));
        } catch (LeptonException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Copies the attempt's log from {@code offset} on and returns where the next copy starts. A log
     * now shorter than the offset was cut to its tail meanwhile: it is copied again from its start,
     * where a line says what was dropped.
     */
    private long copy(Request request, Job job, int epoch, long offset, OutputStream out) throws IOException {
        if (epoch == 0) {
            return offset;
        }
        AttemptId attempt = new AttemptId(job.uid(), epoch, request.rank());
        long from = logs.logSize(attempt).orElse(Long.MAX_VALUE) < offset ? 0 : offset;
        if (request.follow() && logs instanceof LogFollow follow) {
            return from + stream(request, attempt, follow.followLog(attempt, from), out);
        }
        Optional<InputStream> log = logs.openLog(attempt, from);
        if (log.isEmpty()) {
            return from;
        }
        try (InputStream in = log.get()) {
            long copied = in.transferTo(out);
            out.flush();
            return from + copied;
        }
    }

    /**
     * Copies a followed log as it comes, flushing each read, until it ends or the watch lets go of it; returns
     * how much it copied. A read that fails ends the stream, not the copy: the loop looks at the job and the
     * client, and follows again from where it got if there is more to come.
     */
    private long stream(Request request, AttemptId attempt, Optional<InputStream> followed, OutputStream out) throws IOException {
        if (followed.isEmpty()) {
            return 0;
        }
        long copied = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = followed.get()) {
            FollowWatch watch = FollowWatch.start(in, request.clientGone(), () -> find(request).map(j -> ended(j, attempt.epoch())).orElse(true),
                    poll, lingerPolls);
            try {
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        log.debug("followed log of job {}/{} worker {} ended: {}", request.project(), request.name(), request.rank(),
                                e.toString());
                        return copied;
                    }
                    if (n < 0) {
                        return copied;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    copied += n;
                }
            } finally {
                watch.close();
            }
        }
    }
}
