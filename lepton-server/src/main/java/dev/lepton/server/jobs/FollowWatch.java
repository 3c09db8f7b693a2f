package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of a followed log stream ({@link dev.lepton.core.execution.LogFollow}) that has nobody left to copy
 * to, or nothing more to bring: a read blocked on it sees no client leave and no job end. Every poll it asks
 * whether the client has gone, and whether the attempt is over; it closes the stream, which ends the blocked
 * read, when the client has gone or the attempt has been over for {@code linger} polls (the last lines had
 * that long to arrive; a stream whose worker ended ends by itself, but one whose node was cut off may not).
 * Runs on a virtual thread of its own until closed.
 */
final class FollowWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FollowWatch.class);

    private final Closeable stream;
    private final BooleanSupplier clientGone;
    private final BooleanSupplier attemptOver;
    private final Duration poll;
    private final int linger;
    private final Thread thread;

    private FollowWatch(Closeable stream, BooleanSupplier clientGone, BooleanSupplier attemptOver, Duration poll, int linger) {
        this.stream = requireNonNull(stream, "stream is null");
        this.clientGone = requireNonNull(clientGone, "clientGone is null");
        this.attemptOver = requireNonNull(attemptOver, "attemptOver is null");
        this.poll = requireNonNull(poll, "poll is null");
        this.linger = linger;
        this.thread = Thread.ofVirtual().name("log-follow-watch").unstarted(this::watch);
    }

    /** Watches {@code stream} from now until {@link #close()}. */
    static FollowWatch start(Closeable stream, BooleanSupplier clientGone, BooleanSupplier attemptOver, Duration poll, int linger) {
        FollowWatch watch = new FollowWatch(stream, clientGone, attemptOver, poll, linger);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        int overFor = 0;
        try {
            while (true) {
                Thread.sleep(poll);
                if (clientGone.getAsBoolean()) {
                    release("its client has gone");
                    return;
                }
                overFor = over() ? overFor + 1 : 0;
                if (overFor > linger) {
                    release("its attempt is over and the stream stayed open");
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Closed: the copy is done with the stream.
        }
    }

    /** Whether the attempt is over; not known to be while its job cannot be read (the copy's own loop reads it again and says why). */
    private boolean over() {
        try {
            return attemptOver.getAsBoolean();
        } catch (RuntimeException e) {
            log.atDebug().setMessage("cannot tell whether a followed attempt is over").addKeyValue("error", e.toString()).log();
            return false;
        }
    }

    private void release(String why) {
        log.atDebug().setMessage("followed log stream closed").addKeyValue("why", why).log();
        try {
            stream.close();
        } catch (IOException e) {
            log.atDebug().setMessage("closing a followed log stream failed").addKeyValue("error", e.toString()).log();
        }
    }

    /** Stops watching, and returns once the watch no longer looks at the client (which its copy then asks about itself). */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
