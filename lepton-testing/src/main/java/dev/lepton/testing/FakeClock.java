package dev.lepton.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Simulated time: stands still until a test moves it. Starts at {@link #START} unless told
 * otherwise, so that every run of a test sees the same instants. Safe to read from any thread.
 */
public final class FakeClock implements InstantSource {
    /** Where every fake clock starts by default: a fixed, recognisable instant. */
    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    public FakeClock() {
        this(START);
    }

    public FakeClock(Instant start) {
        now = new AtomicReference<>(requireNonNull(start, "start is null"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves time forward; time never runs backwards, so a negative step is refused. */
    public Instant advance(Duration step) {
        requireNonNull(step, "step is null");
        if (step.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, got " + step);
        }
        return now.updateAndGet(t -> t.plus(step));
    }

    public Instant advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    /** Jumps to an instant, forward or back (a test of clock skew may want the latter). */
    public void set(Instant instant) {
        now.set(requireNonNull(instant, "instant is null"));
    }

    @Override
    public String toString() {
        return "FakeClock[" + now.get() + "]";
    }
}
