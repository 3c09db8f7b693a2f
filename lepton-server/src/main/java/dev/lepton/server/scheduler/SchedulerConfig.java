package dev.lepton.server.scheduler;

import java.time.Duration;

/**
 * Settings of the scheduler loop.
 *
 * @param stopGrace time between SIGTERM and SIGKILL when workers are stopped (default 10s)
 * @param masterAddress address workers use to reach rank 0 on this machine (default 127.0.0.1)
 */
public record SchedulerConfig(Duration stopGrace, String masterAddress) {
    public static final SchedulerConfig DEFAULTS = new SchedulerConfig(Duration.ofSeconds(10), "127.0.0.1");
}
