package dev.lepton.server.gateway;

import dev.lepton.core.serving.LoadSample;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One deployment's load as its gateway sees it: requests in flight, integrated over time so that a
 * sample gives their average since the last one (a burst between two samples still counts), and
 * requests answered. The autoscaler reads a {@link LoadSample} from it every sampling interval.
 */
public final class LoadMeter {
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private int inFlight; // guarded by lock
    private long answered; // guarded by lock
    private double inFlightMillis; // guarded by lock: in flight × milliseconds since the last sample
    private Instant changedAt; // guarded by lock
    private Instant sampledAt; // guarded by lock

    public LoadMeter(InstantSource clock) {
        this.clock = clock;
        this.changedAt = clock.instant();
        this.sampledAt = changedAt;
    }

    /** A request was forwarded; call {@link #ended()} once when its answer is over, however it ended. */
    public void started() {
        change(+1);
    }

    public void ended() {
        change(-1);
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** The load since the last sample, with {@code held} requests waiting for a replica now; starts the next interval. */
    public LoadSample sample(int held) {
        lock.lock();
        try {
            Instant now = clock.instant();
            accumulate(now);
            double millis = Math.max(1, now.toEpochMilli() - sampledAt.toEpochMilli());
            LoadSample sample = new LoadSample(now, inFlightMillis / millis, answered * 1000.0 / millis, held);
            inFlightMillis = 0;
            answered = 0;
            sampledAt = now;
            return sample;
        } finally {
            lock.unlock();
        }
    }

    private void change(int delta) {
        lock.lock();
        try {
            accumulate(clock.instant());
            inFlight += delta;
            if (delta < 0) {
                answered++;
            }
        } finally {
            lock.unlock();
        }
    }

    private void accumulate(Instant now) {
        inFlightMillis += (double) inFlight * Math.max(0, now.toEpochMilli() - changedAt.toEpochMilli());
        changedAt = now;
    }
}
