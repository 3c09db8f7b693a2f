package dev.lepton.api.v1;

/**
 * When a job may start, so that the scheduler can defer it to a lower-carbon hour: it runs for about
 * {@code expectedDuration} (a duration, e.g. {@code 2h}) and starts within {@code maxDelay} of its
 * submission (e.g. {@code 8h}), or early enough to end by {@code deadline} (an instant, e.g.
 * {@code 2030-01-02T06:00:00Z}); the earlier of the two when both are given.
 */
public record ApiSchedule(String maxDelay, String deadline, String expectedDuration) {}
