package dev.lepton.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.LogFollow;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.testing.TestJobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A follow of an executor that streams its logs ({@link LogFollow}, as the Kubernetes executor does): the
 * follower reads each byte once through one stream, and lets go of the stream when its client leaves or its
 * attempt is over, though no byte comes to wake the read. Polls are 10 ms here.
 */
class LogStreamTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final int LINGER_POLLS = 5;

    private final Job running = TestJobs.training().name("ticks").runningOn("n1").build();
    private final AttemptId attempt = TestJobs.attempt(running, 0);
    private final AtomicReference<Job> job = new AtomicReference<>(running);
    private final StreamedLogs logs = new StreamedLogs();
    private final AtomicBoolean clientGone = new AtomicBoolean();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Thread follower;

    @AfterEach
    void endTheWorker() throws InterruptedException {
        logs.end();
        if (follower != null) {
            follower.interrupt();
            follower.join(PATIENCE.toMillis());
        }
    }

    /** Follows the worker's log on a thread of its own, as a request would. */
    private Thread follow() {
        LogStream stream = new LogStream((project, name) -> job.get(), logs, POLL, LINGER_POLLS);
        LogStream.Request request = new LogStream.Request(running.project(), running.name(), 0, OptionalInt.empty(), true, clientGone::get);
        follower = Thread.ofVirtual().start(() -> {
            try {
                stream.copy(request, running, out);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return follower;
    }

    private String copied() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void each_write_reaches_the_follower_as_it_is_made_through_one_stream_and_no_byte_is_read_twice() {
        logs.write("tick 1\n");
        Thread following = follow();
        await().atMost(PATIENCE).until(() -> copied().equals("tick 1\n"));

        logs.write("tick 2\n");
        await().atMost(PATIENCE).until(() -> copied().equals("tick 1\ntick 2\n"));
        logs.end();
        job.set(JobTransitions.workerExited(running, attempt, Optional.of(0), Usage.NONE, Instant.EPOCH).job());

        await().atMost(PATIENCE).until(() -> !following.isAlive());
        assertThat(copied()).isEqualTo("tick 1\ntick 2\n");
        assertThat(logs.opens.get()).as("reads of the whole log").isZero();
        assertThat(logs.served.get()).as("bytes the executor served").isEqualTo("tick 1\ntick 2\n".length());
    }

    @Test
    void a_follower_whose_client_has_gone_is_let_go_while_the_worker_prints_nothing() {
        logs.write("tick 1\n");
        Thread following = follow();
        await().atMost(PATIENCE).until(() -> copied().equals("tick 1\n"));

        clientGone.set(true);

        await().atMost(PATIENCE).until(() -> !following.isAlive());
        assertThat(logs.closed.get()).as("followed streams closed").isEqualTo(logs.follows.get());
    }

    @Test
    void a_stream_still_open_once_its_attempt_is_over_is_let_go_after_the_last_lines_had_time_to_come() {
        logs.write("tick 1\n");
        Thread following = follow();
        await().atMost(PATIENCE).until(() -> copied().equals("tick 1\n"));

        // The job has ended (its node was cut off, say) and the stream says nothing more, nor ends.
        job.set(JobTransitions.workerExited(running, attempt, Optional.empty(), Usage.NONE, Instant.EPOCH).job());

        await().atMost(PATIENCE).until(() -> !following.isAlive());
        assertThat(copied()).isEqualTo("tick 1\n");
    }

    /**
     * One worker's log that grows as the test writes, served as a follow: a stream that blocks for the next write
     * until the worker ends or the stream is closed. Counts what it serves.
     */
    private static final class StreamedLogs implements LogAccess, LogFollow {
        private final StringBuilder text = new StringBuilder();
        private boolean ended;
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger follows = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicLong served = new AtomicLong();

        synchronized void write(String more) {
            text.append(more);
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public synchronized Optional<InputStream> openLog(AttemptId attempt, long offset) {
            opens.incrementAndGet();
            return Optional.of(new java.io.ByteArrayInputStream(text.substring((int) Math.min(offset, text.length()))
                    .getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public Optional<InputStream> followLog(AttemptId attempt, long offset) {
            follows.incrementAndGet();
            return Optional.of(new Followed(offset));
        }

        /** Reads the log from its position, waiting for more while the worker runs and the stream is open. */
        private final class Followed extends InputStream {
            private long position;
            private boolean open = true;

            Followed(long offset) {
                this.position = offset;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                synchronized (StreamedLogs.this) {
                    while (open && position >= text.length() && !ended) {
                        try {
                            StreamedLogs.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                    if (!open) {
                        throw new IOException("stream closed");
                    }
                    if (position >= text.length()) {
                        return -1;
                    }
                    byte[] next = text.substring((int) position, (int) Math.min(text.length(), position + length)).getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(next, 0, buffer, offset, next.length);
                    position += next.length;
                    served.addAndGet(next.length);
                    return next.length;
                }
            }

            @Override
            public void close() {
                synchronized (StreamedLogs.this) {
                    if (open) {
                        open = false;
                        closed.incrementAndGet();
                        StreamedLogs.this.notifyAll();
                    }
                }
            }
        }
    }
}
